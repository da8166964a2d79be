import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
@testable import ReviewWorker
import Testing


/// The worker against the real broker Scripts/test starts (AMQP_URL).
@Suite(.serialized) struct WorkerEndToEndTests {
    @Test func everyJobGetsExactlyOneResultAndIsAcked() async throws {
        let harness = try BrokerHarness()
        let count = 1_000
        var sent: [String: String] = [:]  // correlation id -> job id
        for index in 0..<count {
            let jobId = "e2e-\(index)"
            let correlationId = try harness.publish(try BrokerHarness.exampleJob(jobId: jobId), messageId: jobId)
            sent[correlationId] = jobId
        }
        let results = try await harness.withWorker(consumers: 2) {
            try harness.collectResults(count, seconds: 120)
        }
        #expect(results.count == count)
        var seen: Set<String> = []
        for delivery in results {
            let result = BrokerHarness.json(delivery.body)
            let jobId = try #require(result["jobId"] as? String)
            #expect(sent[try #require(delivery.properties.correlationId)] == jobId, "correlation id echoed with its own job")
            #expect(result["correlationId"] as? String == delivery.properties.correlationId)
            #expect(delivery.properties.messageId == jobId)
            #expect(delivery.properties.type == ContractTypes.result)
            #expect(delivery.properties.deliveryMode == 2)
            #expect(result["status"] as? String != "rejected")
            seen.insert(jobId)
        }
        #expect(seen.count == count, "no duplicates, none missing")
        // After the graceful shutdown nothing is left: not ready, and nothing came back from unacked.
        #expect(try harness.messageCount(harness.topology.jobsQueue) == 0)
        // The results exchange routed a copy of each to the results stream, readable from its first offset.
        let stream = ResultCollector(queue: harness.topology.resultsQueue)
        stream.poll(seconds: 10) { stream.total >= count }
        #expect(stream.total == count && stream.distinct == count)
        #expect(stream.lastOffset != nil, "deliveries from the stream carry x-stream-offset")
    }

    static let badBodies: [(name: String, body: [UInt8])] = [
        ("empty", []),
        ("not JSON", Array("this is not json".utf8)),
        ("JSON array", Array("[1, 2, 3]".utf8)),
        ("wrong types", Array(#"{"schema": "planreview.job/v1", "jobId": 42, "municipality": {"code": "Holbæk"}, "plan": []}"#.utf8)),
        ("2 MiB", Array(#"{"schema": "planreview.job/v1", "jobId": "big", "pad": ""#.utf8) + Array(repeating: UInt8(ascii: "x"), count: 2 << 20) + Array(#""}"#.utf8)),
    ]

    @Test func unreadableJobsGetARejectedResultAndTheWorkerGoesOn() async throws {
        let harness = try BrokerHarness()
        var expected: [String: String] = [:]  // correlation id -> case name
        for (index, bad) in Self.badBodies.enumerated() {
            expected[try harness.publish(bad.body, messageId: "bad-\(index)")] = bad.name
        }
        let good = try harness.publish(try BrokerHarness.exampleJob(jobId: "good-after-bad"), messageId: "good-after-bad")
        let results = try await harness.withWorker {
            try harness.collectResults(Self.badBodies.count + 1)
        }
        #expect(results.count == Self.badBodies.count + 1)
        for delivery in results {
            let correlationId = try #require(delivery.properties.correlationId)
            let result = BrokerHarness.json(delivery.body)
            if correlationId == good {
                #expect(result["status"] as? String != "rejected", "a good job after the bad ones is still reviewed")
                continue
            }
            let name = try #require(expected[correlationId])
            #expect(result["status"] as? String == "rejected", "\(name)")
            let errors = try #require(result["errors"] as? [[String: Any]], "\(name) names its problems")
            #expect(!errors.isEmpty, "\(name)")
            for error in errors {
                #expect(error["pointer"] is String, "\(name)")
                #expect(!((error["reason"] as? String) ?? "").isEmpty, "\(name)")
            }
            #expect(delivery.properties.headers?[ResultHeaders.status] == "rejected")
        }
        #expect(try harness.messageCount(harness.topology.jobsQueue) == 0, "rejected jobs are acked, never requeued")
    }

    @Test func sigtermUnderLoadExitsCleanlyAndLosesNoJob() async throws {
        let harness = try BrokerHarness()
        let count = 3_000
        var sent: Set<String> = []
        for index in 0..<count {
            let jobId = "term-\(index)"
            try harness.publish(try BrokerHarness.exampleJob(jobId: jobId), messageId: jobId)
            sent.insert(jobId)
        }
        let worker = Process()
        worker.executableURL = BrokerHarness.binDirectory.appendingPathComponent("planreview-worker")
        worker.arguments = ["--prefix", harness.topology.prefix, "--consumers", "2", "--config", BrokerHarness.configDirectory, "--log-level", "warning"]
        worker.environment = ["AMQP_URL": BrokerHarness.url]
        try worker.run()
        // Let it get going, then stop it while jobs are still flowing.
        let firstResults = try harness.collectResults(200, seconds: 60)
        #expect(firstResults.count == 200)
        kill(worker.processIdentifier, SIGTERM)
        let stopDeadline = ContinuousClock.now + .seconds(30)
        while worker.isRunning, ContinuousClock.now < stopDeadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!worker.isRunning, "the worker exits within its deadline")
        if worker.isRunning { worker.terminate() }
        #expect(worker.terminationStatus == 0)

        var answered: Set<String> = Set(firstResults.compactMap { $0.properties.messageId })
        for delivery in try harness.collectResults(count, seconds: 2) { if let id = delivery.properties.messageId { answered.insert(id) } }
        // Every job is either answered or still in the queue (acked only after its result was confirmed).
        var remaining: Set<String> = []
        while let delivery = try harness.channel.get(queue: harness.topology.jobsQueue, noAck: true) {
            if let id = delivery.properties.messageId { remaining.insert(id) }
        }
        #expect(remaining.count < count, "the worker made progress before SIGTERM")
        #expect(sent.subtracting(answered).subtracting(remaining).isEmpty, "no job is lost")
    }
}

@Suite struct TopologyTests {
    @Test func namesFollowTheContract() {
        let topology = Topology()
        #expect(topology.jobsExchange == "planreview.jobs")
        #expect(topology.jobsQueue == "planreview.jobs")
        #expect(topology.resultsExchange == "planreview.results")
        #expect(topology.resultsQueue == "planreview.results")
        #expect(topology.deadLetterExchange == "planreview.dlx")
        #expect(topology.quarantineQueue == "planreview.quarantine")
        let quarantine = topology.queues.first { $0.name == topology.quarantineQueue }
        #expect(quarantine?.arguments["x-queue-type"] == "quorum")
        #expect(quarantine?.arguments["x-delivery-limit"] == .int64(Int64(topology.deliveryLimit)))
        #expect(quarantine?.arguments["x-dead-letter-strategy"] == "at-least-once")
        #expect(topology.bindings.contains { $0.exchange == topology.jobsExchange && $0.queue == topology.quarantineQueue && $0.routingKey == "quarantine" })
        #expect(topology.deadQueue == "planreview.dead")
        #expect(topology.retryQueues == ["planreview.retry.1", "planreview.retry.2", "planreview.retry.3"])
        #expect(topology.queues.first?.arguments["x-queue-type"] == "quorum")
        #expect(topology.queues.first?.arguments["x-dead-letter-exchange"] == "planreview.dlx")
    }

    @Test func definitionsCarryEveryDeclaredQueueWithItsArguments() throws {
        let topology = Topology()
        let data = try RabbitMQDefinitions(topology: topology, vhost: "planreview").json()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let queues = try #require(object["queues"] as? [[String: Any]])
        #expect(queues.compactMap { $0["name"] as? String } == topology.queues.map(\.name))
        let jobs = try #require(queues.first)
        let arguments = try #require(jobs["arguments"] as? [String: Any])
        #expect(arguments["x-delivery-limit"] as? Int == topology.deliveryLimit)
        #expect((object["bindings"] as? [[String: Any]])?.count == topology.bindings.count)
    }

    @Test func theCommittedDefinitionsFileMatchesTheTopology() throws {
        let file = BrokerHarness.repository.appendingPathComponent("Deploy/rabbitmq/definitions.json")
        let committed = try JSONSerialization.jsonObject(with: try Data(contentsOf: file)) as? [String: Any]
        let generated = try JSONSerialization.jsonObject(with: try RabbitMQDefinitions(topology: Topology(), vhost: "planreview").json()) as? [String: Any]
        for key in ["exchanges", "queues", "bindings"] {
            #expect(
                (committed?[key] as? NSArray) == (generated?[key] as? NSArray),
                "Deploy/rabbitmq/definitions.json \(key) differ from the worker's topology: regenerate with `planreview topology definitions`"
            )
        }
    }
}

@Suite struct RetryTests {
    /// A queue bound to the results exchange that refuses every message (max length 0, reject-publish)
    /// makes the broker nack each result: the job goes through the retry queue, then to the dead letters.
    @Test func aJobWhoseResultIsRefusedIsRetriedThenDeadLettered() async throws {
        let harness = try BrokerHarness(retryDelaysMilliseconds: [200])
        let refusing = "\(harness.topology.prefix).refusing"
        try harness.channel.queueDeclare(refusing, durable: true, arguments: ["x-max-length": 0, "x-overflow": "reject-publish"])
        try harness.channel.queueBind(refusing, exchange: harness.topology.resultsExchange, routingKey: "result.#")
        defer { _ = try? harness.channel.queueDelete(refusing) }

        try harness.publish(try BrokerHarness.exampleJob(jobId: "refused"), messageId: "refused")
        let dead = try await harness.withWorker { () async throws -> AMQPDelivery? in
            // Bounded, not timed: two passes through a 200 ms retry queue normally take a second or two.
            let deadline = ContinuousClock.now + .seconds(90)
            while ContinuousClock.now < deadline {
                if let message = try harness.channel.get(queue: harness.topology.deadQueue, noAck: true) { return message }
                try await Task.sleep(for: .milliseconds(100))
            }
            return nil
        }
        let message = try #require(dead, "the job reached the dead-letter queue")
        #expect(message.properties.messageId == "refused")
        let attempts = message.properties.headers?[RetryHeaders.attempts]?.intValue
        #expect(attempts == Int64(harness.topology.retryDelaysMilliseconds.count + 1))
        #expect(message.properties.headers?[RetryHeaders.error]?.stringValue?.contains("refused") == true)
        #expect(try harness.messageCount(harness.topology.jobsQueue) == 0)
    }
}
