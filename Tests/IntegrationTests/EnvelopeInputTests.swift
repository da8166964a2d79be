import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
@testable import ReviewWorker
import Testing

/// The envelope corpus (Tests/Corpus/hostile/ENVELOPE.tsv) through the real jobs queue to a worker
/// process, between innocent jobs in the same prefetch window: every job gets exactly one result, the
/// worker never restarts, nothing is dead-lettered, no result lands in a queue the reply policy refuses.
@Suite(.serialized) struct EnvelopeInputTests {
    @Test func everyHostileEnvelopeIsAnsweredAloneAndTheWorkerStaysUp() async throws {
        let cases = EnvelopeCases.load()
        #expect(cases.count >= 30)
        let harness = try BrokerHarness()
        let prefix = harness.topology.prefix
        // Another system's queue, a full allowed reply queue: neither may change the job's fate.
        let other = "\(prefix).other-system", full = "planreview.reply.\(prefix)-full"
        try harness.channel.queueDeclare(other, durable: false, autoDelete: false)
        try harness.channel.queueDeclare(full, durable: false, arguments: ["x-max-length": 1, "x-overflow": "reject-publish"])
        defer {
            _ = try? harness.channel.queueDelete(other)
            _ = try? harness.channel.queueDelete(full)
        }
        _ = try harness.channel.publish(exchange: "", routingKey: full, body: Array("filler".utf8))

        let workers = try WorkerProcesses(prefix: prefix, count: 1, consumers: 1)
        defer { workers.killAll() }
        workers.supervise = false
        let collector = ResultCollector(queue: harness.topology.resultsQueue)
        collector.keepBodies = true

        let started = ContinuousClock.now
        var last: UInt64 = 0
        for (index, hostile) in cases.enumerated() {
            // Innocent neighbours before and after each hostile message, in the same prefetch window.
            for side in ["before", "after"] where side == "before" || index == cases.count - 1 {
                last = try harness.publish(FaultJobs.body("innocent-\(index)-\(side)"), properties: FaultJobs.properties("innocent-\(index)-\(side)"))
            }
            last = try harness.publish(hostile.body(), properties: hostile.properties(prefix: prefix, harnessQueue: harness.replyQueue))
        }
        #expect(try harness.awaitConfirms(through: last, seconds: 120))
        let innocents = cases.count + 1
        try await FaultRun.pump(collector, workers, seconds: 120) { collector.total >= cases.count + innocents }
        let elapsed = started.duration(to: .now)

        for hostile in cases {
            let body = try #require(collector.bodiesByCorrelationId[hostile.correlationId], "\(hostile.name) answered")
            let status = BrokerHarness.json(body)["status"] as? String
            if hostile.expected == "rejected" {
                #expect(status == "rejected", "\(hostile.name)")
                let errors = BrokerHarness.json(body)["errors"] as? [[String: Any]] ?? []
                #expect(errors.contains { $0["code"] as? String == "string_too_long" }, "\(hostile.name): \(errors)")
            } else {
                #expect(status != nil && status != "rejected", "\(hostile.name): \(status ?? "no status")")
            }
        }
        #expect(collector.total == cases.count + innocents, "one result each, none twice: \(collector.total)")
        #expect(workers.workers.allSatisfy { $0.isRunning }, "the worker never crashed or restarted")
        let settled = try await FaultRun.awaitSettled(harness.topology.jobsQueue, collector: collector, workers: workers)
        #expect(settled.ready == 0 && settled.unacked == 0, "\(settled)")
        let dead = try harness.messageCount(harness.topology.deadQueue)
        #expect(dead == 0, "no job dead-lettered")
        #expect(try harness.messageCount(other) == 0, "nothing written into another system's queue")
        #expect(try harness.messageCount(full) == 1, "the full reply queue refused the copy; the job was still answered")
        print(
            "FAULTS|check=envelope corpus|jobs=\(cases.count + innocents)|results=\(collector.total)|distinct=\(collector.distinct)"
                + "|duplicates=\(collector.duplicates)|dead=\(dead)|ready=\(settled.ready)|unacked=\(settled.unacked)"
                + "|seconds=\(String(format: "%.1f", elapsed.seconds))|peak_rss_mb=\(workers.peakResidentKiB / 1024)"
                + "|hostile=\(cases.count)|innocent=\(innocents)|worker_restarts=0")
    }
}

extension EnvelopeInputTests {
    /// "Bad input gets a clear answer in milliseconds" (issue 11): each hostile envelope published alone
    /// to a running, idle worker, timed from the publish to its result read from the results stream
    /// (publish, confirm-free path through the broker, review, result publish, stream delivery).
    @Test func eachHostileEnvelopeIsAnsweredInMilliseconds() async throws {
        let wanted = ["timestamp-ns", "timestamp-max", "header-ms-int64-min", "attempts-int64-max", "nested-tables", "long-job-id", "reply-to-made-up-direct", "reply-to-jobs-queue"]
        let cases = EnvelopeCases.load().filter { hostile in wanted.contains { hostile.name.hasPrefix($0) } }
        #expect(!cases.isEmpty)
        let harness = try BrokerHarness()
        let workers = try WorkerProcesses(prefix: harness.topology.prefix, count: 1, consumers: 1)
        defer { workers.killAll() }
        workers.supervise = false
        let collector = ResultCollector(queue: harness.topology.resultsQueue)
        collector.keepBodies = true
        // Warm up: the worker connected and one job answered.
        var warm = FaultJobs.properties("warm-up")
        warm.correlationId = "warm-up"
        _ = try harness.publish(FaultJobs.body("warm-up"), properties: warm)
        try await FaultRun.pump(collector, workers, seconds: 60) { collector.bodiesByCorrelationId["warm-up"] != nil }

        var latencies: [(String, Double)] = []
        for hostile in cases {
            let published = ContinuousClock.now
            _ = try harness.publish(hostile.body(), properties: hostile.properties(prefix: harness.topology.prefix, harnessQueue: harness.replyQueue))
            try await FaultRun.pump(collector, workers, seconds: 30) { collector.arrivalsByCorrelationId[hostile.correlationId] != nil }
            let arrived = try #require(collector.arrivalsByCorrelationId[hostile.correlationId], "\(hostile.name) answered")
            latencies.append((hostile.name, published.duration(to: arrived).seconds * 1000))
        }
        #expect(workers.workers.allSatisfy { $0.isRunning })
        let sorted = latencies.map(\.1).sorted()
        print(
            "FAULTS|check=envelope latency|jobs=\(latencies.count)|results=\(latencies.count)|distinct=\(latencies.count)|dead=0|ready=0|unacked=0"
                + "|median_ms=\(String(format: "%.1f", sorted[sorted.count / 2]))|max_ms=\(String(format: "%.1f", sorted.last ?? 0))"
                + "|" + latencies.map { "\($0.0)_ms=\(String(format: "%.1f", $0.1))" }.joined(separator: "|"))
    }
}

/// ENVELOPE.tsv as cases.
struct EnvelopeCases {
    var name: String
    var bodyKind: String
    var spec: [(String, String)]
    var expected: String
    var copy: Bool

    var correlationId: String { "envelope/\(name)" }

    static func load() -> [EnvelopeCases] {
        let manifest = (try? String(contentsOfFile: HostileCases.directory + "/ENVELOPE.tsv", encoding: .utf8)) ?? ""
        return manifest.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t").map(String.init)
            guard !line.hasPrefix("#"), fields.count == 5 else { return nil }
            var spec: [(String, String)] = []
            for pair in fields[2].split(separator: ";") where fields[2] != "-" {
                let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
                spec.append((parts[0], parts.count > 1 ? parts[1] : ""))
            }
            return EnvelopeCases(name: fields[0], bodyKind: fields[1], spec: spec, expected: fields[3], copy: fields[4] == "copy")
        }
    }

    func body() -> [UInt8] {
        bodyKind == "long-id" ? FaultJobs.body("long-" + String(repeating: "x", count: 300)) : FaultJobs.body("envelope-\(name)")
    }

    func properties(prefix: String, harnessQueue: String) -> AMQPProperties {
        var properties = FaultJobs.properties("envelope-\(name)")
        properties.correlationId = correlationId
        if bodyKind == "long-id" { properties.messageId = nil }
        var headers: AMQPTable = [:]
        for (key, value) in spec {
            if key == "timestamp" { properties.timestamp = UInt64(value) }
            if key == "reply_to" { properties.replyTo = value.replacingOccurrences(of: "{prefix}", with: prefix).replacingOccurrences(of: "{harness}", with: harnessQueue) }
            if key.hasPrefix("header.") { headers[String(key.dropFirst("header.".count))] = Self.field(value) }
        }
        if !headers.isEmpty { properties.headers = headers }
        return properties
    }

    static func field(_ spec: String) -> AMQPFieldValue {
        let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
        let (type, raw) = (parts[0], parts.count > 1 ? parts[1] : "")
        switch type {
        case "int8": return .int8(Int8(raw) ?? 0)
        case "int16": return .int16(Int16(raw) ?? 0)
        case "int32": return .int32(Int32(raw) ?? 0)
        case "int64": return .int64(Int64(raw) ?? 0)
        case "uint8": return .uint8(UInt8(raw) ?? 0)
        case "uint16": return .uint16(UInt16(raw) ?? 0)
        case "uint32": return .uint32(UInt32(raw) ?? 0)
        case "double": return .double(Double(raw) ?? 0)
        case "float": return .float(Float(raw) ?? 0)
        case "bool": return .bool(raw == "true")
        case "bytes": return .bytes(Array(raw.utf8))
        case "array": return .array([.int64(1), .string(raw), .array([.table(["k": .void])])])
        case "table":
            var nested: AMQPFieldValue = .string(String(repeating: "k", count: 200))
            for level in 0..<20 { nested = .table([String(repeating: "n\(level)", count: 20): nested, "x": .int64(.min)]) }
            return nested
        case "void": return .void
        default: return .string(raw)
        }
    }
}
