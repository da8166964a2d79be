import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
@testable import ReviewWorker
import Testing

/// Two rows of issue 11's table (in FaultTests' serialized suite, run by Scripts/faults):
/// connections reset every ~8 s with a backlog (the probe process per redelivery used to livelock:
/// no progress for 35 s, 256 innocent jobs dead) and a worker paused 22 s (the watchdog used to end it
/// with exit 70 in 2 of 5 trials).
extension FaultTests {
    /// Every worker connection closed by the broker (`connection.close`, through the management API)
    /// every 8 s while two workers work through a backlog: progress between every two resets, every
    /// job answered, nothing dead, no worker restarted. Bounded: at most `resets` resets, then the rest.
    @Test func connectionsResetEvery8SecondsWithABacklog() async throws {
        // Enough jobs that the backlog outlasts a few resets: a first batch, then (after the first 2 s)
        // topped up to what the workers' measured rate needs for two more 8 s windows and a margin, so a
        // faster build or machine cannot drain it before the second reset.
        var jobs = FaultRun.quick ? 10_000 : 40_000
        let resets = FaultRun.quick ? 4 : 10
        let harness = try BrokerHarness()
        let topology = harness.topology
        let started = ContinuousClock.now
        try FaultJobs.publish(jobs, idPrefix: "reset", on: harness)
        let workers = try WorkerProcesses(prefix: topology.prefix)
        defer { workers.killAll() }
        let collector = ResultCollector(queue: topology.resultsQueue)

        var progress: [Int] = []
        var closed = 0
        for reset in 1...resets {
            let before = collector.distinct
            // 8 s of work between resets, 2 s before the first (pump records an issue only when its own
            // deadline passes first).
            let windowStart = ContinuousClock.now
            let next = windowStart + .seconds(reset == 1 ? 2 : 8)
            try await FaultRun.pump(collector, workers, seconds: 30) { collector.distinct >= jobs || ContinuousClock.now >= next }
            if collector.distinct >= jobs { break }
            if reset == 1 {
                // The rate in this first window (the workers had started), doubled for a margin.
                let rate = 2 * Double(collector.distinct - before) / max(0.5, windowStart.duration(to: .now).seconds)
                let wanted = Int(rate * 8 * Double(min(resets, 3))), left = jobs - collector.distinct
                if wanted > left {
                    try FaultJobs.publish(wanted - left, idPrefix: "reset-more", on: harness)
                    jobs += wanted - left
                }
            }
            progress.append(collector.distinct - before)
            closed += try BrokerInspection.closeConnections(named: "planreview-worker \(topology.prefix)-w")
        }
        try await FaultRun.pump(collector, workers, seconds: 600) { collector.distinct >= jobs }
        let settled = try await FaultRun.awaitSettled(topology.jobsQueue, collector: collector, workers: workers)
        // Redeliveries of already-answered jobs may still sit in the quarantine (prefetch 1, one at a
        // time) when the jobs queue is empty: wait for them too (stop 17's CI run saw some in flight).
        let quarantine = try await FaultRun.awaitSettled(topology.quarantineQueue, collector: collector, workers: workers)
        let seconds = started.duration(to: .now).seconds
        let statuses = await workers.terminate(within: 30)
        let dead = try BrokerInspection.counts(topology.deadQueue)

        FaultRun.report(
            "connection resets 8s", jobs: jobs, collector: collector, dead: dead.ready + dead.unacked, queue: settled, seconds: seconds, workers: workers,
            extra: ["resets": "\(progress.count)", "connections_closed": "\(closed)", "min_progress_between": "\(progress.min() ?? 0)", "restarts": "\(workers.exits.count)"])
        #expect(closed > 0 && progress.count >= 2, "the backlog outlasted at least two resets: \(progress)")
        #expect(progress.allSatisfy { $0 > 0 }, "progress between every two resets (no livelock): \(progress)")
        #expect(collector.distinct == jobs, "every job has a result")
        #expect(dead.ready + dead.unacked == 0, "no innocent dead letters: \(dead)")
        #expect(settled.ready == 0 && settled.unacked == 0, "jobs queue: \(settled)")
        #expect(quarantine.ready == 0 && quarantine.unacked == 0, "quarantine: \(quarantine)")
        #expect(workers.exits.isEmpty, "no worker restarted: \(workers.exits)")
        #expect(statuses.allSatisfy { $0 == 0 }, "\(statuses)")
    }

    /// One of two workers stopped (SIGSTOP) for 22 s under load, as a VM pause would, then continued:
    /// the watchdog does not count the pause as a hung review, the process goes on and every job is
    /// answered; nothing dead, no restart.
    @Test func aWorkerPaused22SecondsIsNotKilledByTheWatchdog() async throws {
        let jobs = FaultRun.quick ? 3_000 : 10_000
        let harness = try BrokerHarness()
        let topology = harness.topology
        let started = ContinuousClock.now
        try FaultJobs.publish(jobs, idPrefix: "pause", on: harness)
        let workers = try WorkerProcesses(prefix: topology.prefix)
        defer { workers.killAll() }
        let collector = ResultCollector(queue: topology.resultsQueue)

        try await FaultRun.pump(collector, workers, seconds: 120) { collector.distinct >= jobs / 10 }
        let paused = workers.pids[0]
        kill(paused, SIGSTOP)
        // The other worker goes on meanwhile; the collector keeps reading.
        let resume = ContinuousClock.now + .seconds(22)
        try await FaultRun.pump(collector, workers, seconds: 60) { ContinuousClock.now >= resume }
        kill(paused, SIGCONT)
        try await FaultRun.pump(collector, workers, seconds: 600) { collector.distinct >= jobs }
        let settled = try await FaultRun.awaitSettled(topology.jobsQueue, collector: collector, workers: workers)
        let overran = workers.logLines().filter { $0.contains("overran") }.count
        let running = workers.workers[0].isRunning && workers.workers[0].pid == paused
        let seconds = started.duration(to: .now).seconds
        let statuses = await workers.terminate(within: 30)
        let dead = try BrokerInspection.counts(topology.deadQueue)

        FaultRun.report(
            "worker paused 22s", jobs: jobs, collector: collector, dead: dead.ready + dead.unacked, queue: settled, seconds: seconds, workers: workers,
            extra: ["paused_worker_survived": "\(running)", "watchdog_overruns": "\(overran)", "restarts": "\(workers.exits.count)"])
        #expect(running, "the paused worker is still the same process")
        #expect(overran == 0, "no watchdog overrun logged")
        #expect(workers.exits.isEmpty, "no worker exited: \(workers.exits)")
        #expect(collector.distinct == jobs, "every job has a result")
        #expect(dead.ready + dead.unacked == 0, "dead letters: \(dead)")
        #expect(settled.ready == 0 && settled.unacked == 0, "jobs queue: \(settled)")
        #expect(statuses.allSatisfy { $0 == 0 }, "SIGTERM at the end: \(statuses)")
    }
}
