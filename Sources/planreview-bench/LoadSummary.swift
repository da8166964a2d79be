import AMQP
import ArgumentParser
import Foundation
import Histogram
import PlanReview
import PlanReviewContract
import PlanReviewOps
import PlanReviewResources
import ReviewWorker

/// Latencies in µs in an HdrHistogram (3 significant digits, up to one hour).
struct LatencyHistogram {
    var histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)

    mutating func record(microseconds: Int64) {
        _ = histogram.record(UInt64(min(max(microseconds, 1), 3_600_000_000)))
    }

    var summary: LoadSummary.Latency {
        func ms(_ percentile: Double) -> Double { Double(histogram.valueAtPercentile(percentile)) / 1_000 }
        return LoadSummary.Latency(
            count: Int(histogram.totalCount), p50: ms(50), p90: ms(90), p99: ms(99), p999: ms(99.9),
            max: Double(histogram.max) / 1_000, mean: histogram.totalCount == 0 ? 0 : histogram.mean / 1_000)
    }
}

/// What `collect` and `open-loop` report (JSON with --json / --output).
struct LoadSummary: Codable {
    struct Latency: Codable {
        var count: Int
        var p50: Double
        var p90: Double
        var p99: Double
        var p999: Double
        var max: Double
        var mean: Double
    }

    var expected: Int
    var results: Int
    var duplicates: Int
    /// From the first to the last result received.
    var seconds: Double
    var jobsPerSecond: Double
    /// End-to-end: the job's submission to the result's receipt, in ms.
    var latencyMs: Latency
    /// Results by status (the routing key's last part).
    var statuses: [String: Int]
    /// Mean body size of the results received, in bytes (what the broker stored and delivered per result).
    var meanResultBytes: Double?
    /// open-loop only: the offered rate and how many jobs were published.
    var offeredRate: Double?
    var published: Int?

    var text: String {
        let l = latencyMs
        var line = String(format: "%d/%d results in %.2f s: %.0f jobs/s; latency ms p50 %.1f p99 %.1f p99.9 %.1f max %.1f", results, expected, seconds, jobsPerSecond, l.p50, l.p99, l.p999, l.max)
        if duplicates > 0 { line += "; \(duplicates) duplicates" }
        if let meanResultBytes { line += String(format: "; %.0f B per result", meanResultBytes) }
        line += "; " + statuses.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        return line
    }

    func write(json: Bool, output: String?) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = try encoder.encode(self)
        if let output { try data.write(to: URL(fileURLWithPath: output)) }
        if json { print(String(decoding: data, as: UTF8.self)) } else { print(text) }
    }
}

/// Counts results, their distinct job ids, latencies and statuses.
struct ResultTally {
    let expected: Int
    var latency = LatencyHistogram()
    var seen: [Bool]
    var distinct = 0
    var duplicates = 0
    var statuses: [String: Int] = [:]
    var bodyBytes = 0
    var first: ContinuousClock.Instant?
    var last: ContinuousClock.Instant?

    init(expected: Int) {
        self.expected = expected
        self.seen = [Bool](repeating: false, count: expected)
    }

    /// Counts one result; false for a duplicate (a job answered twice: delivery is at least once).
    mutating func count(_ delivery: AMQPDelivery, index: Int?, now: ContinuousClock.Instant) -> Bool {
        if first == nil { first = now }
        last = now
        if let index, index < seen.count {
            if seen[index] { duplicates += 1; return false }
            seen[index] = true
        }
        distinct += 1
        bodyBytes += delivery.body.count
        let key = delivery.routingKey
        // result.<kommunekode>.<status> from the worker; a Celery result goes to the reply queue by name.
        let status = key.hasPrefix("result.") ? key.lastIndex(of: ".").map { String(key[key.index(after: $0)...]) } ?? key : "unlabelled"
        statuses[status, default: 0] += 1
        return true
    }

    /// The copy index of a result's job, from its message id (correlation id for Celery results).
    static func index(of delivery: AMQPDelivery) -> Int? {
        LoadJobs.index(of: delivery.properties.messageId ?? delivery.properties.correlationId ?? "")
    }

    func summary() -> LoadSummary {
        let seconds = first.flatMap { f in last.map { f.duration(to: $0).seconds } } ?? 0
        return LoadSummary(
            expected: expected, results: distinct, duplicates: duplicates, seconds: seconds,
            jobsPerSecond: seconds > 0 ? Double(max(0, distinct - 1)) / seconds : 0,
            latencyMs: latency.summary, statuses: statuses, meanResultBytes: distinct > 0 ? Double(bodyBytes) / Double(distinct) : nil)
    }
}

/// The job's submission time of a result: the worker's header, else a Celery result's `"submittedAtMs":`.
func submittedMilliseconds(_ delivery: AMQPDelivery) -> Int64? {
    if let value = delivery.properties.headers?[ResultHeaders.jobTimestampMilliseconds]?.intValue { return value }
    let key = Array("\"submittedAtMs\":".utf8)
    let body = delivery.body
    guard body.count > key.count else { return nil }
    for i in 0...(body.count - key.count) where body[i] == key[0] && body[i + 1] == key[1] {
        guard Array(body[i..<i + key.count]) == key else { continue }
        var j = i + key.count
        while j < body.count, body[j] == UInt8(ascii: " ") { j += 1 }
        var value: Int64 = 0
        var digits = 0
        while j < body.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(body[j]) {
            value = value * 10 + Int64(body[j] - UInt8(ascii: "0"))
            j += 1
            digits += 1
        }
        return digits > 0 ? value : nil
    }
    return nil
}
