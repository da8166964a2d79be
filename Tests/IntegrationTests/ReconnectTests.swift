import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
@testable import ReviewWorker
import Testing


/// A worker whose connections the broker closes (`connection.close`, as on a node shutdown or an
/// operator's "force close") reconnects by itself, redeclares, resumes, and answers every job.
@Suite(.serialized) struct ReconnectTests {
    @Test func closedConnectionsAreReopenedAndNoJobIsLost() async throws {
        let jobs = 2_000
        let harness = try BrokerHarness()
        let topology = harness.topology
        try FaultJobs.publish(jobs, idPrefix: "reconnect", on: harness)
        let workers = try WorkerProcesses(prefix: topology.prefix, count: 1, consumers: 2)
        defer { workers.killAll() }
        workers.supervise = false
        let collector = ResultCollector(queue: topology.resultsQueue)
        try await FaultRun.pump(collector, workers, seconds: 120) { collector.distinct >= jobs / 4 }

        // The management API lists a connection a few seconds after it opened: wait (bounded) for both.
        var closed = 0
        let deadline = ContinuousClock.now + .seconds(30)
        while closed < workers.consumers, ContinuousClock.now < deadline {
            closed += try BrokerInspection.closeConnections(named: "planreview-worker \(topology.prefix)-w0#")
            if closed < workers.consumers {
                // Keep collecting for a second before asking again (pump records an issue only on its own deadline).
                let pause = ContinuousClock.now + .seconds(1)
                try await FaultRun.pump(collector, workers, seconds: 5) { ContinuousClock.now >= pause }
            }
        }
        #expect(closed == workers.consumers, "both consumer connections closed by the broker")

        try await FaultRun.pump(collector, workers, seconds: 180) { collector.distinct >= jobs }
        let settled = try await FaultRun.awaitSettled(topology.jobsQueue, collector: collector, workers: workers)
        // The last jobs may be answered before the consumers' reconnect backoff ends: wait (bounded) for it.
        var lines = workers.logLines()
        var connects = lines.filter { $0.hasSuffix("] connected") }.count
        let reconnectDeadline = ContinuousClock.now + .seconds(30)
        while connects < 2 * workers.consumers, ContinuousClock.now < reconnectDeadline {
            try await Task.sleep(for: .milliseconds(200))
            lines = workers.logLines()
            connects = lines.filter { $0.hasSuffix("] connected") }.count
        }
        let statuses = await workers.terminate(within: 30)

        #expect(workers.exits.isEmpty && statuses == [0], "the worker was not restarted and exits 0: \(statuses)")
        #expect(connects >= 2 * workers.consumers, "each consumer connected again: \(connects) connects")
        #expect(lines.contains { $0.contains("connection failed") }, "the loss is logged")
        #expect(collector.distinct == jobs, "every job has a result (\(collector.duplicates) duplicates)")
        #expect(settled.ready == 0 && settled.unacked == 0, "\(settled)")
        let dead = try BrokerInspection.counts(topology.deadQueue)
        #expect(dead.ready + dead.unacked == 0)
    }
}
