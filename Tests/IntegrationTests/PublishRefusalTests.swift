import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
@testable import ReviewWorker
import Testing

/// A publish the broker refuses by closing the channel settles that job alone (issue 11): the broker's
/// `max_message_size` lowered to 64 KiB (`rabbitmqctl eval`, read by every channel opened after it;
/// on 4.0 from a persistent term),
/// one job whose rejected result is ~110 KB among innocent jobs in the same prefetch window. The
/// publishing channel closes (406), is reopened; the job gets a short `rejected` result, every other
/// job its result, nothing is dead-lettered, the worker never restarts.
@Suite(.serialized) struct PublishRefusalTests {
    static let maxMessageSize = 65_536

    /// A 14 KB body whose rejected result lists 200 duplicate keys, each with a ~512-byte pointer.
    static func oversizedResultBody(jobId: String) -> [UInt8] {
        let key = String(repeating: "x", count: 12_000)
        let members = Array(repeating: #""a":0"#, count: 400).joined(separator: ",")
        return Array(#"{"jobId":"\#(jobId)","deep":{"\#(key)":{\#(members)}}}"#.utf8)
    }

    static func setMaxMessageSize(_ bytes: Int) throws {
        // RabbitMQ 3.10 reads the application environment per channel; 4.0 reads a persistent term
        // that it fills from the environment at boot: set both (an unused term is harmless on 3.10).
        _ = try BrokerInspection.ctl(["eval", "application:set_env(rabbit, max_message_size, \(bytes)), persistent_term:put(max_message_size, \(bytes))."])
    }

    @Test func aResultOverTheBrokersMaxMessageSizeSettlesThatJobAlone() async throws {
        // Before any connection of the test: rabbitmqctl can take longer than a heartbeat timeout under load.
        try Self.setMaxMessageSize(Self.maxMessageSize)
        // RabbitMQ 3.10's default.
        defer { try? Self.setMaxMessageSize(134_217_728) }
        let harness = try BrokerHarness()
        let prefix = harness.topology.prefix
        let workers = try WorkerProcesses(prefix: prefix, count: 1, consumers: 1)
        defer { workers.killAll() }
        workers.supervise = false
        let collector = ResultCollector(queue: harness.topology.resultsQueue)
        collector.keepBodies = true

        let innocents = 60
        let bad = "too-big"
        var last: UInt64 = 0
        for index in 0..<innocents {
            if index == innocents / 2 {
                var properties = FaultJobs.properties(bad)
                properties.correlationId = "refused/\(bad)"
                last = try harness.publish(Self.oversizedResultBody(jobId: bad), properties: properties)
            }
            last = try harness.publish(FaultJobs.body("neighbour-\(index)"), properties: FaultJobs.properties("neighbour-\(index)"))
        }
        #expect(try harness.awaitConfirms(through: last, seconds: 60))
        let started = ContinuousClock.now
        try await FaultRun.pump(collector, workers, seconds: 120) { collector.distinct >= innocents + 1 }
        let elapsed = started.duration(to: .now)

        let body = try #require(collector.bodiesByCorrelationId["refused/\(bad)"], "the refused job is answered")
        #expect(body.count < Self.maxMessageSize)
        let result = BrokerHarness.json(body)
        #expect(result["status"] as? String == "rejected")
        let codes = (result["errors"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
        #expect(codes.last == "result_too_large", "\(codes)")
        #expect(collector.countsByJobId[bad] == 1, "the refused job is settled once")
        for index in 0..<innocents { #expect(collector.countsByJobId["neighbour-\(index)"] != nil, "neighbour-\(index) answered") }
        #expect(workers.workers.allSatisfy { $0.isRunning }, "the worker never restarted")
        let settled = try await FaultRun.awaitSettled(harness.topology.jobsQueue, collector: collector, workers: workers)
        #expect(settled.ready == 0 && settled.unacked == 0, "\(settled)")
        let quarantined = try BrokerInspection.counts(harness.topology.quarantineQueue)
        let deadCounts = try BrokerInspection.counts(harness.topology.deadQueue)
        let dead = deadCounts.ready + deadCounts.unacked
        #expect(dead == 0, "no job dead-lettered")
        let log = (try? String(contentsOf: WorkerProcesses.logDirectory(prefix: prefix).appendingPathComponent("worker-0-0.log"), encoding: .utf8)) ?? ""
        let reconnects = log.components(separatedBy: "connection failed").count - 1
        #expect(reconnects == 0, "the connection stayed up")
        print(
            "FAULTS|check=over max_message_size|jobs=\(innocents + 1)|results=\(collector.total)|distinct=\(collector.distinct)"
                + "|duplicates=\(collector.duplicates)|dead=\(dead)|ready=\(settled.ready)|unacked=\(settled.unacked)"
                + "|seconds=\(String(format: "%.1f", elapsed.seconds))|peak_rss_mb=\(workers.peakResidentKiB / 1024)"
                + "|quarantined_left=\(quarantined.ready + quarantined.unacked)|reconnects=\(reconnects)|refused_answered=\(collector.countsByJobId[bad] ?? 0)")
    }
}
