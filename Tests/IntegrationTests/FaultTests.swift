import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
@testable import ReviewWorker
import Testing


/// The fault tests of the reliability issue, against a broker node of their own: Scripts/faults starts
/// one on another port, sets `AMQP_URL` to it and `PLANREVIEW_FAULTS=quick|full`, and runs this suite.
/// Without `PLANREVIEW_FAULTS` (a plain `swift test`) they are skipped; the broker restart also refuses
/// to run against port 5672, the shared broker.
///
/// Each test prints one `FAULTS|check|key=value|...` line with its figures, which Scripts/faults
/// gathers into a table (and docs/RELIABILITY.md quotes).
@Suite(.serialized, .enabled(if: FaultRun.mode != nil, "run by Scripts/faults (PLANREVIEW_FAULTS=quick|full)"))
struct FaultTests {
    /// kill -9 of one of two worker processes at random moments while the jobs flow; the killed worker
    /// is started again at once (as a supervisor would). Every job gets a result, nothing is dead or
    /// left unacked.
    @Test func killMinus9UnderLoad() async throws {
        let jobs = FaultRun.quick ? 3_000 : 20_000
        let kills = FaultRun.quick ? 2 : 5
        let harness = try BrokerHarness()
        let started = ContinuousClock.now
        try FaultJobs.publish(jobs, idPrefix: "kill", on: harness)
        let workers = try WorkerProcesses(prefix: harness.topology.prefix)
        defer { workers.killAll() }
        let collector = ResultCollector(queue: harness.topology.resultsQueue)

        for kill in 1...kills {
            // Progress between kills (a job redelivered more than x-delivery-limit times is dead-lettered),
            // then a random moment.
            let target = jobs * kill / (kills + 1)
            try await FaultRun.pump(collector, workers, seconds: 600) { collector.distinct >= target }
            try await FaultRun.pump(collector, workers, seconds: Double.random(in: 0...0.5)) { false }
            workers.kill9(slot: Int.random(in: 0..<workers.count))
            try workers.check()
        }
        try await FaultRun.pump(collector, workers, seconds: 900) { collector.distinct >= jobs }
        let settled = try await FaultRun.awaitSettled(harness.topology.jobsQueue, collector: collector, workers: workers)
        let seconds = started.duration(to: .now).seconds
        let statuses = await workers.terminate(within: 30)
        let dead = try BrokerInspection.counts(harness.topology.deadQueue)

        FaultRun.report(
            "kill -9 x\(kills)", jobs: jobs, collector: collector, dead: dead.ready + dead.unacked, queue: settled, seconds: seconds,
            workers: workers, extra: ["kills": "\(workers.exits.filter(\.signalled).count)"])
        #expect(workers.exits.filter(\.signalled).count == kills, "\(workers.exits)")
        #expect(collector.distinct == jobs, "every job has a result")
        #expect(settled.ready == 0 && settled.unacked == 0, "jobs queue: \(settled)")
        #expect(dead.ready + dead.unacked == 0, "dead letters: \(dead)")
        #expect(statuses.allSatisfy { $0 == 0 }, "SIGTERM at the end: \(statuses)")
    }

    /// The broker stops and starts (durable quorum queues, persistent messages) while two workers chew
    /// through jobs published before: the workers reconnect without being restarted, and every job gets
    /// a result.
    @Test(.enabled(if: FaultRun.mayRestartBroker, "needs a broker node of its own (not port 5672)"))
    func brokerRestartsUnderLoad() async throws {
        let jobs = FaultRun.quick ? 3_000 : 20_000
        let restarts = FaultRun.quick ? 1 : 2
        let harness = try BrokerHarness()
        let topology = harness.topology
        let started = ContinuousClock.now
        try FaultJobs.publish(jobs, idPrefix: "restart", on: harness)
        let workers = try WorkerProcesses(prefix: topology.prefix)
        defer { workers.killAll() }
        let collector = ResultCollector(queue: topology.resultsQueue)

        var downtime: [Double] = []
        var reconnected: [Int] = []
        var lastStop = Date()
        let consumers = workers.count * workers.consumers
        for restart in 1...restarts {
            if restart > 1 {
                // Under load again: every consumer back (backoff at most 30 s) and progress since.
                try await FaultRun.pump(collector, workers, seconds: 120) { workers.consumersConnected(since: lastStop) >= consumers }
                reconnected.append(workers.consumersConnected(since: lastStop))
            }
            // The first at a quarter of the jobs, each further one after an eighth more (before 85 %).
            let target = restart == 1 ? jobs / 4 : min(collector.distinct + jobs / 8, jobs * 85 / 100)
            try await FaultRun.pump(collector, workers, seconds: 600) { collector.distinct >= target }
            let stopped = ContinuousClock.now
            lastStop = Date()
            try FaultRun.broker("stop")
            try workers.check()
            try FaultRun.broker("start")
            downtime.append(stopped.duration(to: .now).seconds)
        }
        try await FaultRun.pump(collector, workers, seconds: 900) { collector.distinct >= jobs }
        let settled = try await FaultRun.awaitSettled(topology.jobsQueue, collector: collector, workers: workers)
        let seconds = started.duration(to: .now).seconds
        // One consumer may still be in its backoff when the others have finished the jobs.
        try await FaultRun.pump(collector, workers, seconds: 60) { workers.consumersConnected(since: lastStop) >= consumers }
        reconnected.append(workers.consumersConnected(since: lastStop))
        let connected = workers.logLines().filter { $0.hasSuffix("] connected") }.count
        let statuses = await workers.terminate(within: 30)
        let dead = try BrokerInspection.counts(topology.deadQueue)

        FaultRun.report(
            "broker restart x\(restarts)", jobs: jobs, collector: collector, dead: dead.ready + dead.unacked, queue: settled,
            seconds: seconds, workers: workers,
            extra: [
                "broker_down_s": downtime.map { String(format: "%.0f", $0) }.joined(separator: "+"),
                "reconnected": reconnected.map { "\($0)/\(consumers)" }.joined(separator: "+"), "connects": "\(connected)",
            ])
        #expect(workers.exits.isEmpty, "the workers reconnect without a restart: \(workers.exits)")
        #expect(reconnected.allSatisfy { $0 == consumers }, "every consumer reconnected after each restart: \(reconnected)")
        #expect(collector.distinct == jobs, "every job has a result")
        #expect(settled.ready == 0 && settled.unacked == 0, "jobs queue: \(settled)")
        #expect(dead.ready + dead.unacked == 0, "dead letters: \(dead)")
        #expect(statuses.allSatisfy { $0 == 0 }, "\(statuses)")
    }

    /// One job makes the review trap (`planreview-bench worker --trap-job-id`, the worker with a test
    /// hook): the worker that takes it first crashes and is restarted like a supervisor would;
    /// redelivered, it is moved to the quarantine queue (with the neighbours that crashed with it),
    /// reviewed there alone (prefetch 1, one quarantine consumer per process), crashes only that worker
    /// each time, and the quarantine's delivery limit dead-letters it; every other job gets a result.
    @Test func poisonJobIsDeadLetteredAfterTheDeliveryLimit() async throws {
        let jobs = FaultRun.quick ? 1_000 : 2_000
        let harness = try BrokerHarness()
        let topology = harness.topology
        let trap = "poison-\(topology.prefix)"
        let started = ContinuousClock.now
        try FaultJobs.publish(jobs / 2, idPrefix: "before", on: harness)
        try harness.publish(FaultJobs.body(trap), properties: FaultJobs.properties(trap))
        try FaultJobs.publish(jobs - jobs / 2, idPrefix: "after", on: harness)
        let workers = try WorkerProcesses(prefix: topology.prefix, trapJobId: trap)
        defer { workers.killAll() }
        let collector = ResultCollector(queue: topology.resultsQueue)

        // Until every other job is answered and the poison job is dead, or the jobs queue is empty with
        // something dead (then innocent jobs were dead-lettered too: no use waiting).
        var lastLook = ContinuousClock.now
        try await FaultRun.pump(collector, workers, seconds: 600) {
            guard collector.distinct >= jobs || lastLook.duration(to: .now) > .seconds(3) else { return false }
            lastLook = .now
            guard let dead = try? BrokerInspection.counts(topology.deadQueue), dead.ready >= 1 else { return false }
            if collector.distinct >= jobs { return true }
            let queue = (try? BrokerInspection.counts(topology.jobsQueue)) ?? (ready: 1, unacked: 1)
            return queue.ready + queue.unacked == 0
        }
        collector.poll(seconds: 2)
        let settled = try await FaultRun.awaitSettled(topology.jobsQueue, collector: collector, workers: workers)
        let quarantineLeft = try await FaultRun.awaitSettled(topology.quarantineQueue, collector: collector, workers: workers)
        let seconds = started.duration(to: .now).seconds
        let statuses = await workers.terminate(within: 30)
        let crashes = workers.exits.filter(\.signalled).count
        let quarantined = workers.logLines().filter { $0.contains("moved to the quarantine queue") }.count

        var deadLetters: [AMQPDelivery] = []
        while let message = try harness.channel.get(queue: topology.deadQueue, noAck: true) { deadLetters.append(message) }
        let poison = deadLetters.first { $0.properties.messageId == trap }
        let death = poison?.properties.headers?["x-death"]?.arrayValue?.first?.tableValue
        let reason = poison?.properties.headers?["x-first-death-reason"]?.stringValue ?? death?["reason"]?.stringValue
        let innocent = deadLetters.compactMap(\.properties.messageId).filter { $0 != trap }

        FaultRun.report(
            "poison job", jobs: jobs + 1, collector: collector, dead: deadLetters.count, queue: settled, seconds: seconds, workers: workers,
            extra: ["worker_crashes": "\(crashes)", "quarantined": "\(quarantined)", "dead_reason": reason ?? "none", "innocent_dead": "\(innocent.count)"])
        #expect(poison != nil, "the poison job is in \(topology.deadQueue)")
        #expect(reason == "delivery_limit", "x-first-death-reason / x-death reason")
        #expect(death?["queue"]?.stringValue == topology.quarantineQueue, "dead-lettered by the quarantine, not the jobs queue")
        // Its first delivery crashes a worker; its redelivery goes to the quarantine, where each delivery
        // crashes the one worker holding it, until the quarantine's delivery limit: the quorum queue
        // delivers it deliveryLimit + 1 times (counts 0 … limit), then dead-letters it. At most one
        // crash per delivery: 1 + (limit + 1).
        #expect(crashes >= 2 && crashes <= topology.deliveryLimit + 2, "one crash from the jobs queue, the rest from the quarantine: \(workers.exits)")
        #expect(quarantined >= 1, "the poison job (and the neighbours that crashed with it) went to the quarantine")
        #expect(quarantineLeft.ready == 0 && quarantineLeft.unacked == 0, "quarantine: \(quarantineLeft)")
        #expect(innocent.isEmpty, "only the poison job is dead-lettered, not \(innocent.prefix(10))")
        #expect(collector.statuses[trap] == nil, "the poison job has no result")
        #expect(collector.distinct == jobs, "every other job has a result")
        #expect(settled.ready == 0 && settled.unacked == 0, "jobs queue: \(settled)")
        #expect(statuses.allSatisfy { $0 == 0 }, "\(statuses)")
    }

    /// SIGTERM to both workers under load: they exit 0 within the shutdown deadline (10 s), leave nothing
    /// unacked, and every job is either answered or back in the queue; a new worker answers the rest.
    @Test func sigtermUnderLoad() async throws {
        let jobs = FaultRun.quick ? 3_000 : 20_000
        let harness = try BrokerHarness()
        let topology = harness.topology
        let started = ContinuousClock.now
        try FaultJobs.publish(jobs, idPrefix: "term", on: harness)
        let workers = try WorkerProcesses(prefix: topology.prefix, arguments: ["--shutdown-deadline", "10"])
        defer { workers.killAll() }
        let collector = ResultCollector(queue: topology.resultsQueue)
        // Stop when the workers have taken a third of the jobs, by the jobs queue itself: a reader of the
        // results stream can be far behind the workers (it saw 1,241 of 3,000 once when all were done).
        try await FaultRun.pump(collector, workers, seconds: 600) { (try? harness.messageCount(topology.jobsQueue)).map { Int($0) <= jobs * 2 / 3 } ?? false }

        let terminating = ContinuousClock.now
        // Bounded wait: the deadline plus time to close connections and exit.
        let statuses = await workers.terminate(within: 10 + 15)
        let stopSeconds = terminating.duration(to: .now).seconds
        // Read what the stopped workers published until nothing new comes for a second (a stream reader
        // can be some hundred results behind the workers).
        var seen = -1
        let catchUp = ContinuousClock.now
        while collector.total != seen, ContinuousClock.now - catchUp < .seconds(60) {
            seen = collector.total
            collector.poll(seconds: 3)
        }
        let afterStop = try BrokerInspection.counts(topology.jobsQueue)
        let answeredAtStop = collector.distinct

        // What is left is answered by a worker started afterwards.
        let successor = try WorkerProcesses(prefix: topology.prefix, count: 1)
        defer { successor.killAll() }
        try await FaultRun.pump(collector, successor, seconds: 600) { collector.distinct >= jobs }
        let settled = try await FaultRun.awaitSettled(topology.jobsQueue, collector: collector, workers: successor)
        let seconds = started.duration(to: .now).seconds
        _ = await successor.terminate(within: 30)
        let dead = try BrokerInspection.counts(topology.deadQueue)

        FaultRun.report(
            "SIGTERM under load", jobs: jobs, collector: collector, dead: dead.ready + dead.unacked, queue: settled, seconds: seconds,
            workers: workers,
            extra: ["stop_s": String(format: "%.1f", stopSeconds), "exit": statuses.map { $0.map(String.init) ?? "running" }.joined(separator: ","),
                    "answered_at_stop": "\(answeredAtStop)", "ready_at_stop": "\(afterStop.ready)", "unacked_at_stop": "\(afterStop.unacked)"])
        #expect(statuses.allSatisfy { $0 == 0 }, "both workers exit 0 within the deadline: \(statuses)")
        #expect(afterStop.unacked == 0, "nothing unacked after the workers stopped")
        #expect(answeredAtStop + afterStop.ready >= jobs, "no job lost: \(answeredAtStop) answered + \(afterStop.ready) ready")
        #expect(afterStop.ready < jobs, "the workers made progress")
        #expect(collector.distinct == jobs, "every job has a result in the end")
        #expect(settled.ready == 0 && settled.unacked == 0)
        #expect(dead.ready + dead.unacked == 0)
    }

    /// The results stream's bindings are removed for 5 s under load, then restored: no queue takes a
    /// result meanwhile, and the broker returns each (results are published `mandatory`). Every job still
    /// gets its result afterwards and none was acked without one: the returned results' jobs are retried
    /// or kept (the consumer's return handling), not dead-lettered, and nothing is left in the queues.
    @Test func resultsUnroutableForFiveSeconds() async throws {
        let jobs = FaultRun.quick ? 3_000 : 20_000
        let harness = try BrokerHarness()
        let topology = harness.topology
        let started = ContinuousClock.now
        try FaultJobs.publish(jobs, idPrefix: "unroutable", on: harness)
        let workers = try WorkerProcesses(prefix: topology.prefix)
        defer { workers.killAll() }
        let collector = ResultCollector(queue: topology.resultsQueue)
        try await FaultRun.pump(collector, workers, seconds: 600) { collector.distinct >= jobs / 4 }

        let keys = [Topology.resultsBindingKey, Topology.progressBindingKey]
        for key in keys { try harness.channel.queueUnbind(topology.resultsQueue, exchange: topology.resultsExchange, routingKey: key) }
        let answeredAtUnbind = collector.distinct
        // Keep collecting for the 5 s (pump records an issue only when its own deadline passes first).
        let rebind = ContinuousClock.now + .seconds(5)
        try await FaultRun.pump(collector, workers, seconds: 30) { ContinuousClock.now >= rebind }
        let answeredWhileUnbound = collector.distinct - answeredAtUnbind
        let readyWhileUnbound = try BrokerInspection.counts(topology.jobsQueue)
        for key in keys { try harness.channel.queueBind(topology.resultsQueue, exchange: topology.resultsExchange, routingKey: key) }

        // Until every job is answered, or the jobs (and retry) queues are empty and no result came for
        // 10 s: then the missing ones were acked without a result, and waiting longer shows nothing.
        var quietSince = ContinuousClock.now, lastDistinct = collector.distinct
        while collector.distinct < jobs, ContinuousClock.now - started < .seconds(900) {
            try await FaultRun.pump(collector, workers, seconds: 0.5) { collector.distinct >= jobs }
            if collector.distinct != lastDistinct { (lastDistinct, quietSince) = (collector.distinct, .now) }
            let waiting = try ([topology.jobsQueue] + topology.retryQueues).map { try BrokerInspection.counts($0) }.reduce(0) { $0 + $1.ready + $1.unacked }
            if waiting == 0, ContinuousClock.now - quietSince > .seconds(10) { break }
        }
        // Retry copies still waiting out their delay (a copy of a job answered meanwhile, e.g. after a
        // redelivery under load: at least once) come back and are answered, as duplicates: wait for them
        // (bounded) before asserting that the retry queues are empty.
        let drainBy = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < drainBy,
            try topology.retryQueues.map({ try BrokerInspection.counts($0) }).contains(where: { $0.ready + $0.unacked > 0 })
        {
            try await FaultRun.pump(collector, workers, seconds: 0.5) { false }
        }
        let settled = try await FaultRun.awaitSettled(topology.jobsQueue, collector: collector, workers: workers)
        let seconds = started.duration(to: .now).seconds
        let statuses = await workers.terminate(within: 30)
        let dead = try BrokerInspection.counts(topology.deadQueue)
        let retries = try topology.retryQueues.map { try BrokerInspection.counts($0) }
        let unanswered = jobs - collector.distinct

        FaultRun.report(
            "results unroutable 5s", jobs: jobs, collector: collector, dead: dead.ready + dead.unacked, queue: settled, seconds: seconds,
            workers: workers,
            extra: ["answered_while_unbound": "\(answeredWhileUnbound)", "in_queue_while_unbound": "\(readyWhileUnbound.ready + readyWhileUnbound.unacked)",
                    "acked_without_result": "\(unanswered)", "restarts": "\(workers.exits.count)"])
        #expect(collector.distinct == jobs, "every job has its result after the bindings are back (\(unanswered) acked without one)")
        #expect(dead.ready + dead.unacked == 0, "nothing dead-lettered: \(dead)")
        #expect(retries.allSatisfy { $0.ready + $0.unacked == 0 }, "retry queues empty: \(retries)")
        #expect(settled.ready == 0 && settled.unacked == 0, "jobs queue: \(settled)")
        #expect(workers.exits.isEmpty, "no worker restarted: \(workers.exits)")
        #expect(statuses.allSatisfy { $0 == 0 }, "SIGTERM at the end: \(statuses)")
    }
}

/// The environment of a fault run and its shared steps.
enum FaultRun {
    /// `quick` or `full` (Scripts/faults); nil: skip the suite.
    static var mode: String? { ProcessInfo.processInfo.environment["PLANREVIEW_FAULTS"] }
    static var quick: Bool { mode != "full" }
    /// The broker may be stopped only when it is the fault run's own node (Scripts/faults sets
    /// PLANREVIEW_FAULTS_BROKER_PORT to the port it started), never the shared one on 5672.
    static var mayRestartBroker: Bool {
        guard let port = ProcessInfo.processInfo.environment["PLANREVIEW_FAULTS_BROKER_PORT"].flatMap(Int.init) else { return false }
        return port != 5672 && port == BrokerInspection.amqpPort
    }

    /// Reads results and supervises the workers until `done` or `seconds` pass (then it records an issue).
    /// Blocks for at most a quarter second at a time and then suspends, so that the few threads of the
    /// cooperative pool stay free for the tests that run in-process workers meanwhile.
    static func pump(_ collector: ResultCollector, _ workers: WorkerProcesses, seconds: Double, sourceLocation: SourceLocation = #_sourceLocation, until done: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !done() {
            guard ContinuousClock.now < deadline else {
                if seconds >= 1 { Issue.record("gave up after \(Int(seconds)) s: \(collector.distinct) distinct results", sourceLocation: sourceLocation) }
                return
            }
            collector.poll(seconds: min(0.25, seconds), until: done)
            try workers.check()
            workers.sampleMemory()
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Waits (bounded) until the jobs queue has nothing ready or unacked: results can be ahead of acks.
    static func awaitSettled(_ queue: String, collector: ResultCollector, workers: WorkerProcesses) async throws -> (ready: Int, unacked: Int) {
        var counts = try BrokerInspection.counts(queue)
        let deadline = ContinuousClock.now + .seconds(60)
        while counts.ready + counts.unacked > 0, ContinuousClock.now < deadline {
            collector.poll(seconds: 0.25)
            try workers.check()
            try await Task.sleep(for: .milliseconds(500))
            counts = try BrokerInspection.counts(queue)
        }
        return counts
    }

    /// `Scripts/broker stop|start` for the fault run's own node.
    ///
    /// Through `system` (fork, exec, waitpid), not Foundation's `Process`: on Linux, `Process` learns that
    /// a child ended from a descriptor the child inherits, and the RabbitMQ server that `start` leaves
    /// running in the background inherits it too, so `waitUntilExit()` would wait for the broker to stop.
    static func broker(_ command: String) throws {
        precondition(mayRestartBroker, "never stop the shared broker")
        let script = BrokerHarness.repository.appendingPathComponent("Scripts/broker").path
        let log = BrokerHarness.repository.appendingPathComponent(".run/faults-broker-\(command).log").path
        let status = system("AMQP_PORT=\(BrokerInspection.amqpPort) '\(script)' \(command) </dev/null >'\(log)' 2>&1")
        guard status == 0 else { throw TestFailure("Scripts/broker \(command) exited \(status) (log: \(log))") }
    }

    /// One `FAULTS|...` line for Scripts/faults' table.
    static func report(
        _ check: String, jobs: Int, collector: ResultCollector, dead: Int, queue: (ready: Int, unacked: Int), seconds: Double,
        workers: WorkerProcesses, extra: KeyValuePairs<String, String> = [:]
    ) {
        var fields = [
            "check=\(check)", "jobs=\(jobs)", "results=\(collector.total)", "distinct=\(collector.distinct)",
            "duplicates=\(collector.duplicates)", "dead=\(dead)", "ready=\(queue.ready)", "unacked=\(queue.unacked)",
            "seconds=\(String(format: "%.0f", seconds))", "peak_rss_mb=\(workers.peakResidentKiB / 1024)",
        ]
        fields += extra.map { "\($0.key)=\($0.value)" }
        print("FAULTS|" + fields.joined(separator: "|"))
    }
}

/// Valid jobs with distinct ids, published persistent with confirms.
enum FaultJobs {
    private static let template: (head: [UInt8], tail: [UInt8]) = {
        let body = (try? BrokerHarness.exampleJob(jobId: "@@JOB@@")) ?? []
        let marker = Array("@@JOB@@".utf8)
        let index = (0...(body.count - marker.count)).first { Array(body[$0..<$0 + marker.count]) == marker }!
        return (Array(body[..<index]), Array(body[(index + marker.count)...]))
    }()

    static func body(_ jobId: String) -> [UInt8] { template.head + Array(jobId.utf8) + template.tail }

    static func properties(_ jobId: String) -> AMQPProperties {
        AMQPProperties(
            contentType: "application/json", deliveryMode: AMQPProperties.persistentDeliveryMode, correlationId: jobId,
            messageId: jobId, timestamp: UInt64(Date().timeIntervalSince1970), type: ContractTypes.job, appId: "fault tests")
    }

    static func publish(_ count: Int, idPrefix: String, on harness: BrokerHarness) throws {
        var last: UInt64 = 0
        for index in 0..<count {
            let jobId = "\(idPrefix)-\(index)"
            last = try harness.publish(body(jobId), properties: properties(jobId))
        }
        #expect(try harness.awaitConfirms(through: last, seconds: 120), "the broker confirmed every job")
        #expect(harness.nackedPublishes == 0)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
