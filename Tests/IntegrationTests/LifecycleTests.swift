import AMQP
import Foundation
import Logging
import PlanReviewContract
import PlanReviewTestKit
import ReviewWorker
import ServiceLifecycle
import Testing

/// Issue 11, "readiness and shutdown tell the truth", "results retention", and `submit` on a returned job.
@Suite(.serialized) struct LifecycleTests {
    /// `planreview submit` publishes `mandatory`: a job no queue takes is named and the command exits 1.
    @Test func submitFailsLoudlyOnAReturnedJob() throws {
        let harness = try BrokerHarness()
        try harness.channel.queueUnbind(harness.topology.jobsQueue, exchange: harness.topology.jobsExchange, routingKey: Topology.jobRoutingKey)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("returned-\(UUID().uuidString).json")
        try Data(try BrokerHarness.exampleJob(jobId: "returned-job-1")).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try harness.runCLI(["submit", file.path])
        #expect(output.status != 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stderr.contains("job returned-job-1 (\(file.path)) was returned by the broker"), "\(output.stderr)")
        #expect(output.stderr.contains("NO_ROUTE"), "\(output.stderr)")
    }

    /// A broker with an older quorum `<prefix>.results`: the worker says what to do and keeps answering
    /// (results reach the old queue); `topology declare` exits 1 with the same message;
    /// `topology migrate-results --yes` moves every result into the new stream.
    @Test func anOlderQuorumResultsQueueIsReportedAndMigrated() async throws {
        let harness = try BrokerHarness()
        let topology = harness.topology
        defer { _ = try? harness.channel.queueDelete("\(topology.resultsQueue).migrating") }
        _ = try harness.channel.queueDelete(topology.resultsQueue)
        try harness.channel.queueDeclare(topology.resultsQueue, arguments: ["x-queue-type": "quorum"])
        try harness.channel.queueBind(topology.resultsQueue, exchange: topology.resultsExchange, routingKey: Topology.resultsBindingKey)

        let declare = try harness.runCLI(["topology", "declare"])
        #expect(declare.status == 1)
        #expect(declare.stderr.contains("planreview topology migrate-results"), "\(declare.stderr)")

        // The worker declares around it and answers; results land in the old queue.
        try await harness.withWorker {
            for index in 0..<3 { try harness.publish(try BrokerHarness.exampleJob(jobId: "old-\(index)"), messageId: "old-\(index)") }
            #expect(try harness.collectResults(3, seconds: 30).count == 3)
        }
        #expect(try harness.messageCount(topology.resultsQueue, settlingOn: 3) == 3)

        // A worker keeps running through the migration.
        let worker = try harness.startWorker(id: "migration-worker")
        let refused = try harness.runCLI(["topology", "migrate-results"])
        #expect(refused.status != 0, "asks, and refuses without a terminal or --yes")
        let migrate = try harness.runCLI(["topology", "migrate-results", "--yes"])
        #expect(migrate.status == 0, "\(migrate.stdout)\(migrate.stderr)")
        #expect(migrate.stdout.contains("3 moved"), "\(migrate.stdout)")

        for index in 0..<2 {
            try harness.publish(FaultJobs.body("new-\(index)"), properties: FaultJobs.properties("new-\(index)"))
        }
        #expect(try harness.awaitConfirms(through: 2))
        let stream = ResultCollector(queue: topology.resultsQueue)
        stream.poll(seconds: 30) { stream.distinct >= 5 }
        #expect(stream.distinct == 5 && stream.lastOffset != nil, "the three moved results and two new ones are in the stream: \(stream.countsByJobId)")
        #expect(await worker.stop() == 0, "\(worker.log)")
        #expect(try harness.runCLI(["topology", "declare"]).status == 0)
        #expect(try harness.runCLI(["topology", "migrate-results"]).stdout.contains("nothing to do"))
    }

    /// While the broker refuses every result (a queue bound to the results exchange rejects publishes),
    /// /readyz is false; once the refusing queue is gone, the same worker publishes again and is ready.
    @Test func refusedResultsMakeTheWorkerUnreadyAndItRecoversWithoutARestart() async throws {
        let harness = try BrokerHarness(retryDelaysMilliseconds: [200, 200, 200])
        let refusing = "\(harness.topology.prefix).refusing"
        try harness.channel.queueDeclare(refusing, durable: true, arguments: ["x-max-length": 0, "x-overflow": "reject-publish"])
        try harness.channel.queueBind(refusing, exchange: harness.topology.resultsExchange, routingKey: "result.#")
        defer { _ = try? harness.channel.queueDelete(refusing) }

        let worker = ReviewWorkerService(configuration: try harness.workerConfiguration(), reviewer: BrokerHarness.reviewer, logger: Logger(label: "refused-test"))
        let group = ServiceGroup(services: [worker], logger: Logger(label: "refused-test-group"))
        async let running: Void = group.run()
        #expect(await BrokerHarness.eventually { worker.isReady })
        try harness.publish(try BrokerHarness.exampleJob(jobId: "refused-1"), messageId: "refused-1")
        harness.connection.flushWrites()
        let unready = await BrokerHarness.eventually(seconds: 10) { worker.readiness.consumers.first?.problems.contains { if case .resultsRefused = $0 { true } else { false } } ?? false }
        let health = worker.controls[0].publishingHealth
        #expect(unready, "\(worker.readiness) nacked \(health.resultsNacked) returned \(health.resultsReturned) unconfirmed \(health.unconfirmed)")

        _ = try harness.channel.queueDelete(refusing)
        try harness.publish(try BrokerHarness.exampleJob(jobId: "after-1"), messageId: "after-1")
        let results = try harness.collectResults(2, seconds: 30)
        #expect(Set(results.compactMap(\.properties.messageId)).contains("after-1"), "the worker publishes again")
        #expect(await BrokerHarness.eventually(seconds: 10) { worker.isReady }, "\(worker.readiness)")
        await group.triggerGracefulShutdown()
        try await running
    }

    /// A memory alarm on the node: the worker's connection is blocked, /readyz says so, and SIGTERM
    /// ends the process within --shutdown-deadline although librabbitmq calls on a blocked connection
    /// would wait for their rpc timeout. Restores the watermark, then a new worker answers every job.
    @Test(.timeLimit(.minutes(3))) func sigtermDuringAMemoryAlarmExitsWithinTheDeadline() async throws {
        let harness = try BrokerHarness()
        let jobs = 200
        for index in 0..<jobs {
            try harness.publish(FaultJobs.body("alarm-\(index)"), properties: FaultJobs.properties("alarm-\(index)"))
        }
        #expect(try harness.awaitConfirms(through: UInt64(jobs)))
        let collector = ResultCollector(queue: harness.topology.resultsQueue)

        _ = try BrokerInspection.ctl(["set_vm_memory_high_watermark", "0.0000001"])
        var restored = false
        defer { if !restored { _ = try? BrokerInspection.ctl(["set_vm_memory_high_watermark", "0.4"]) } }

        let port = try BrokerHarness.freePort()
        let worker = try harness.startWorker(id: "alarm-worker", metricsPort: port, arguments: ["--shutdown-deadline", "3"])
        let blocked = await BrokerHarness.eventually(seconds: 30) {
            guard let answer = await BrokerHarness.httpGet("http://127.0.0.1:\(port)/readyz") else { return false }
            return answer.status == 503 && answer.body.contains("connection blocked")
        }
        let readyz = await BrokerHarness.httpGet("http://127.0.0.1:\(port)/readyz").map(\.body) ?? "no answer"
        #expect(blocked, "\(readyz)\n\(worker.log)")

        let stopping = ContinuousClock.now
        let status = await worker.stop(seconds: 20)
        let took = stopping.duration(to: .now)
        print("LIFECYCLE|sigterm_during_alarm_s=\(String(format: "%.2f", took.seconds))|exit=\(status.map(String.init) ?? "killed")")
        #expect(status != nil, "the worker exited by itself (not killed after 20 s)")
        #expect(took < .seconds(4), "SIGTERM to exit: \(took) with --shutdown-deadline 3")

        _ = try BrokerInspection.ctl(["set_vm_memory_high_watermark", "0.4"])
        restored = true
        let after = try harness.startWorker(id: "after-alarm-worker")
        collector.poll(seconds: 60) { collector.distinct >= jobs }
        #expect(collector.distinct == jobs, "every job answered after the alarm")
        var left = try BrokerInspection.counts(harness.topology.jobsQueue)
        let settling = ContinuousClock.now + .seconds(30)
        while left.ready + left.unacked > 0, ContinuousClock.now < settling {
            try await Task.sleep(for: .milliseconds(500))
            left = try BrokerInspection.counts(harness.topology.jobsQueue)
        }
        #expect(left.ready == 0 && left.unacked == 0, "jobs queue: \(left)")
        #expect(await after.stop() == 0)
    }
}
