import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOverview
import PlanReviewTestKit
import Testing

/// The overview killed with SIGKILL in the middle of the results resumes where it stopped: from its
/// stored stream offset (a RabbitMQ stream), or from the unacked messages (its own queue). No result
/// is lost and none counted twice.
@Suite(.serialized) struct OverviewResumeTests {
    static let goldenDirectory = URL(fileURLWithPath: BrokerHarness.configDirectory).deletingLastPathComponent().appendingPathComponent("Tests/PlanReviewTests/Golden")

    static func goldens() throws -> [[String: Any]] {
        try FileManager.default.contentsOfDirectory(atPath: goldenDirectory.path).filter { $0.hasSuffix(".result.json") }.sorted().map {
            try JSONSerialization.jsonObject(with: Data(contentsOf: goldenDirectory.appendingPathComponent($0))) as! [String: Any]
        }
    }

    /// Result `i`: a golden result with its own jobId and contentHash, and its routing key.
    static func result(_ i: Int, goldens: [[String: Any]]) throws -> (body: [UInt8], key: String) {
        var object = goldens[i % goldens.count]
        object["jobId"] = "kill9-\(i)"
        object["contentHash"] = "sha256:kill9-\(i)"
        let code = (object["municipality"] as? [String: Any])?["code"] as? Int ?? 0
        return (Array(try JSONSerialization.data(withJSONObject: object)), "result.\(code).\(object["status"] as? String ?? "x")")
    }

    static func publish(_ range: Range<Int>, extra: [(body: [UInt8], key: String)], exchange: String, goldens: [[String: Any]]) throws {
        let connection = try TestBroker.connect(name: "overview-kill9-publisher")
        defer { connection.close() }
        let channel = try connection.openChannel()
        try channel.confirmSelect()
        var count = 0
        for i in range {
            let r = try result(i, goldens: goldens)
            try channel.publish(exchange: exchange, routingKey: r.key, body: r.body, properties: AMQPProperties(contentType: "application/json", deliveryMode: 2, timestamp: 1_750_000_000))
            count += 1
        }
        for e in extra {
            try channel.publish(exchange: exchange, routingKey: e.key, body: e.body)
            count += 1
        }
        var confirmed = 0
        let deadline = ContinuousClock.now + .seconds(30)
        while confirmed < count, ContinuousClock.now < deadline {
            if case .confirm(let c) = try connection.nextEvent(timeout: .milliseconds(200)) {
                confirmed = max(confirmed, Int(c.deliveryTag))
            }
        }
        #expect(confirmed >= count, "every result confirmed by the broker")
    }

    static func counters(_ path: String) async -> IngestCounters {
        (try? await SQLiteOverviewStore(path: path).counters()) ?? IngestCounters()
    }

    @Test(.timeLimit(.minutes(3)), arguments: [ResultsSource.Kind.stream, .queue])
    func killedMidStreamItResumesWithoutLossOrDoubleCounting(_ kind: ResultsSource.Kind) async throws {
        let prefix = TestBroker.uniqueName("overview-\(kind.rawValue)")
        let topology = Topology(prefix: prefix)
        let queue = kind == .stream ? "\(prefix).results-stream" : "\(prefix).overview"
        do {
            let connection = try TestBroker.connect(name: "overview-kill9-setup")
            defer { connection.close() }
            let channel = try connection.openChannel()
            try channel.exchangeDeclare(topology.resultsExchange, type: "topic")
            try channel.queueDeclare(queue, arguments: ["x-queue-type": kind == .stream ? "stream" : "quorum"])
            for key in ResultsSource.bindingKeys { try channel.queueBind(queue, exchange: topology.resultsExchange, routingKey: key) }
        }
        defer {
            if let connection = try? TestBroker.connect(name: "overview-kill9-cleanup"), let channel = try? connection.openChannel() {
                _ = try? channel.queueDelete(queue)
                try? channel.exchangeDelete(topology.resultsExchange)
                connection.close()
            }
        }
        let goldens = try Self.goldens()
        let junk: [(body: [UInt8], key: String)] = [(Array("not json".utf8), "result.101.x"), (Array("{\"schema\":\"planreview.other/v1\"}".utf8), "progress.101.x")]
        // First half: 400 results, one of them twice (a worker's redelivered job), one junk message.
        try Self.publish(0..<400, extra: [try Self.result(7, goldens: goldens), junk[0]], exchange: topology.resultsExchange, goldens: goldens)

        let database = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix).sqlite").path
        let sourceFlag = kind == .stream ? ["--stream", queue] : ["--queue", queue]
        let first = try OverviewProcess.launch(prefix: prefix, databasePath: database, id: "overview-1", arguments: sourceFlag)
        var seen = 0
        let deadline = ContinuousClock.now + .seconds(60)
        while seen == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
            seen = await Self.counters(database).reviews
        }
        first.kill9()
        #expect(seen > 0, "the overview consumed something before the kill: \(first.log.suffix(2000))")

        // Second half while it is down.
        try Self.publish(400..<800, extra: [try Self.result(401, goldens: goldens), junk[1]], exchange: topology.resultsExchange, goldens: goldens)
        let second = try OverviewProcess.launch(prefix: prefix, databasePath: database, id: "overview-2", arguments: sourceFlag)
        var counters = IngestCounters()
        let settle = ContinuousClock.now + .seconds(90)
        while counters.reviews + counters.duplicates + counters.skipped < 804, ContinuousClock.now < settle {
            try await Task.sleep(for: .milliseconds(100))
            counters = await Self.counters(database)
        }
        try await Task.sleep(for: .milliseconds(500))
        counters = await Self.counters(database)
        #expect(await second.stop() == 0, "SIGTERM exits 0: \(second.log.suffix(2000))")

        #expect(counters.reviews == 800, "every result once (killed after \(seen))")
        #expect(counters.skipped == 2)
        let store = try SQLiteOverviewStore(path: database)
        #expect(try await store.latestReviews().count == Set(goldens.compactMap { ($0["municipality"] as? [String: Any])?["code"] as? Int }).count)
        switch kind {
        case .stream:
            // Exactly the two published duplicates: the offset resumed after the last stored message.
            #expect(counters.duplicates == 2)
            #expect(try await store.storedOffset(stream: queue) == 803)
        case .queue:
            // Unacked messages come back after the kill; they are recognised, never counted as new.
            #expect(counters.duplicates >= 2)
        }
    }
}
