import AMQP
import Foundation
import Logging
import PlanReview
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
@testable import ReviewWorker
import ServiceLifecycle
import Testing


/// The benchmark's echo mode and the job timestamp on results (Scripts/bench, docs/BENCHMARKS.md).
@Suite(.serialized) struct EchoModeTests {
    @Test func resultsCarryTheJobsSubmissionTime() async throws {
        let harness = try BrokerHarness()
        let before = UInt64(Date().timeIntervalSince1970)
        try harness.publish(try BrokerHarness.exampleJob(jobId: "stamped"), messageId: "stamped")
        let results = try await harness.withWorker { try await Self.collect(1, from: harness) }
        let delivery = try #require(results.first)
        let stamp = try #require(delivery.properties.headers?[ResultHeaders.jobTimestampMilliseconds]?.intValue)
        // The harness sets the AMQP timestamp (seconds); the worker reports it in ms.
        #expect(stamp % 1000 == 0)
        #expect((Int64(before) * 1000...Int64(before + 5) * 1000).contains(stamp))
    }

    @Test func echoModeAnswersEveryJobWithTheFixedResultAndAcksIt() async throws {
        let harness = try BrokerHarness()
        let count = 50
        for index in 0..<count {
            try harness.publish(try BrokerHarness.exampleJob(jobId: "echo-\(index)"), messageId: "echo-\(index)")
        }
        let typical = BrokerHarness.reviewer.review(body: try BrokerHarness.exampleJob(jobId: "typical"))
        let reply = EchoReply(result: typical, worker: WorkerInfo(id: "echo-test", version: "0"))
        let configuration = try harness.workerConfiguration()
        let worker = ReviewWorkerService(configuration: configuration, review: EchoReviewer(reply: reply), logger: Logger(label: "echo-test"))
        let group = ServiceGroup(services: [worker], logger: Logger(label: "echo-test-group"))
        async let running: Void = group.run()
        let results = try await Self.collect(count, from: harness)
        await group.triggerGracefulShutdown()
        try await running

        #expect(results.count == count)
        #expect(Set(results.compactMap(\.properties.messageId)) == Set((0..<count).map { "echo-\($0)" }), "each result names its own job")
        for delivery in results {
            #expect(delivery.body == reply.body)
            #expect(delivery.properties.headers?[ResultHeaders.status]?.stringValue == typical.status.rawValue)
        }
        #expect(reply.body.count > typical.jsonBytes().count, "worker and timings are in the body, as in a real result")
        #expect(try harness.messageCount(harness.topology.jobsQueue) == 0, "every job acked")
    }

    /// Like `BrokerHarness.collectResults`, but sleeps between polls instead of blocking a thread of the
    /// cooperative pool (2 on this machine), which the in-process worker needs to start.
    static func collect(_ count: Int, from harness: BrokerHarness, seconds: Double = 60) async throws -> [AMQPDelivery] {
        var results: [AMQPDelivery] = []
        let deadline = ContinuousClock.now + .seconds(seconds)
        while results.count < count, ContinuousClock.now < deadline {
            switch try harness.connection.nextEvent(timeout: .zero) {
            case .delivery(let delivery): results.append(delivery)
            case .timeout: try await Task.sleep(for: .milliseconds(20))
            default: continue
            }
        }
        return results
    }
}
