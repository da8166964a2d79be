import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
@testable import ReviewWorker
import Testing


/// `planreview dlq` against dead letters put into a test-prefixed dead queue.
@Suite(.serialized) struct DLQTests {
    /// Three dead letters as the two paths leave them: the worker's (error and attempts headers, and
    /// the x-death of its trips through a retry queue), and the broker's delivery limit (x-death only).
    static func deadLetters(_ harness: BrokerHarness) throws {
        let topology = harness.topology
        let retried: AMQPTable = [
            RetryHeaders.error: "the broker refused the result 4 times", RetryHeaders.attempts: 4, JobHeaders.timestampMilliseconds: 1_700_000_000_000,
            "x-death": [["reason": "expired", "queue": .string(topology.retryQueue(attempt: 3)), "count": 1, "time": .timestamp(1_700_000_100), "exchange": ""]],
        ]
        let crashed: AMQPTable = [
            "x-death": [["reason": "delivery_limit", "queue": .string(topology.jobsQueue), "count": 1, "time": .timestamp(1_700_000_200), "exchange": .string(topology.jobsExchange)]],
            "x-delivery-count": 6,
        ]
        for (jobId, headers) in [("dead-retried", retried), ("dead-crashed", crashed), ("dead-other", crashed)] {
            try harness.channel.publish(
                exchange: topology.deadLetterExchange, routingKey: "", body: try BrokerHarness.exampleJob(jobId: jobId),
                properties: AMQPProperties(
                    contentType: "application/json", headers: headers, deliveryMode: 2, correlationId: "corr-\(jobId)", replyTo: harness.replyQueue,
                    messageId: jobId, timestamp: 1_700_000_000, type: ContractTypes.job
                )
            )
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while try harness.messageCount(topology.deadQueue) < 3, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
        try #require(try harness.messageCount(topology.deadQueue) == 3)
    }

    static func letters(_ output: BrokerHarness.CommandOutput) throws -> [DeadLetter] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode([DeadLetter].self, from: Data(output.stdout.utf8))
    }

    @Test func listShowsWhyEachJobDiedAndLeavesThemThere() throws {
        let harness = try BrokerHarness()
        try Self.deadLetters(harness)
        let output = try harness.runCLI(["dlq", "list", "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        let letters = try Self.letters(output)
        #expect(Set(letters.compactMap(\.jobId)) == ["dead-retried", "dead-crashed", "dead-other"])
        let retried = try #require(letters.first { $0.jobId == "dead-retried" })
        #expect(retried.error == "the broker refused the result 4 times")
        #expect(retried.attempts == 4)
        #expect(retried.reason == "expired")
        #expect(retried.queue == harness.topology.retryQueue(attempt: 3))
        let crashed = try #require(letters.first { $0.jobId == "dead-crashed" })
        #expect(crashed.reason == "delivery_limit")
        #expect(crashed.queue == harness.topology.jobsQueue)
        #expect(crashed.error == nil)
        #expect(crashed.time == Date(timeIntervalSince1970: 1_700_000_200))
        #expect(try harness.messageCount(harness.topology.deadQueue, settlingOn: 3) == 3, "listing removes nothing")

        let text = try harness.runCLI(["dlq", "list"])
        #expect(text.stdout.contains("delivery_limit"))
        #expect(text.stdout.contains("3 dead letter(s)"))

        let show = try harness.runCLI(["dlq", "show", "dead-retried"])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("x-planreview-attempts: 4"))
        #expect(show.stdout.contains("\"jobId\":\"dead-retried\""))
        #expect(try harness.runCLI(["dlq", "show", "no-such-job"]).status != 0)
        #expect(try harness.messageCount(harness.topology.deadQueue, settlingOn: 3) == 3)
    }

    @Test func replayByJobIdRepublishesOnlyThatJobWithoutItsPastAndAWorkerAnswersIt() async throws {
        let harness = try BrokerHarness()
        try Self.deadLetters(harness)
        let output = try harness.runCLI(["dlq", "replay", "--job-id", "dead-retried"])
        #expect(output.status == 0, "\(output.stdout) \(output.stderr)")
        #expect(output.stdout.contains("1 replayed"))
        #expect(try harness.messageCount(harness.topology.deadQueue, settlingOn: 2) == 2)
        #expect(try harness.messageCount(harness.topology.jobsQueue) == 1)

        let replayed = try #require(try harness.channel.get(queue: harness.topology.jobsQueue, noAck: false))
        #expect(replayed.properties.messageId == "dead-retried")
        #expect(replayed.properties.correlationId == "corr-dead-retried")
        let headers = replayed.properties.headers ?? [:]
        #expect(headers["x-death"] == nil)
        #expect(headers[RetryHeaders.attempts] == nil && headers[RetryHeaders.error] == nil)
        #expect((headers[JobHeaders.timestampMilliseconds]?.intValue ?? 0) > 1_700_000_000_000, "a replay is a new submission")
        try harness.channel.nack(deliveryTag: replayed.deliveryTag, requeue: true)

        // The replayed job is a job again: a worker answers it on its reply_to queue.
        let results = try await harness.withWorker { try harness.collectResults(1) }
        #expect(results.first?.properties.messageId == "dead-retried")
        #expect(BrokerHarness.json(results.first?.body ?? [])["status"] as? String != "rejected")

        let others = try Self.letters(try harness.runCLI(["dlq", "list", "--json"]))
        #expect(Set(others.compactMap(\.jobId)) == ["dead-crashed", "dead-other"])
    }

    @Test func replayAllEmptiesTheDeadQueue() throws {
        let harness = try BrokerHarness()
        try Self.deadLetters(harness)
        let output = try harness.runCLI(["dlq", "replay", "--all"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try harness.messageCount(harness.topology.deadQueue, settlingOn: 0) == 0)
        #expect(try harness.messageCount(harness.topology.jobsQueue) == 3)
        #expect(try harness.runCLI(["dlq", "replay"]).status != 0, "--all or --job-id is required")
    }

    @Test func replayToAMissingJobsQueueKeepsTheDeadLetter() throws {
        let harness = try BrokerHarness()
        try Self.deadLetters(harness)
        _ = try harness.channel.queueDelete(harness.topology.jobsQueue)
        let output = try harness.runCLI(["dlq", "replay", "--job-id", "dead-other"])
        #expect(output.status != 0)
        #expect(output.stdout.contains("NOT replayed dead-other"))
        #expect(try harness.messageCount(harness.topology.deadQueue, settlingOn: 3) == 3, "an unroutable copy does not remove the original")
    }

    @Test func purgeAsksUnlessToldYes() throws {
        let harness = try BrokerHarness()
        try Self.deadLetters(harness)
        let refused = try harness.runCLI(["dlq", "purge"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--yes"))
        #expect(try harness.messageCount(harness.topology.deadQueue, settlingOn: 3) == 3)
        let purged = try harness.runCLI(["dlq", "purge", "--yes"])
        #expect(purged.status == 0, "\(purged.stderr)")
        #expect(purged.stdout.contains("purged 3"))
        #expect(try harness.messageCount(harness.topology.deadQueue, settlingOn: 0) == 0)
    }
}
