import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
@testable import ReviewWorker
import Testing


/// The hostile corpus (Tests/Corpus/hostile) through the real jobs queue to a worker process: every
/// body is answered `rejected` with the expected problem, the worker stays up, and its resident memory
/// stays bounded over four rounds of the corpus (16 MiB bodies included).
@Suite(.serialized) struct HostileInputTests {
    static let rounds = Int(ProcessInfo.processInfo.environment["PLANREVIEW_HOSTILE_ROUNDS"] ?? "") ?? 4
    /// The worker's VmRSS may not pass this at any sample (it is ~30 MiB idle in a debug build; a
    /// 16 MiB body is held a few times over while it is read and rejected).
    static let residentLimitKiB = 256 * 1024
    /// Growth from after the first round to after the last: what a leak per job would show. (A round
    /// sends ~26 MB of bodies; keeping them grew RSS by that much per round. Without a leak the figure
    /// moves by up to ~40 MiB either way, as glibc keeps or returns freed heap.)
    static let growthLimitKiB = 64 * 1024

    @Test func everyHostileBodyIsRejectedAndTheWorkerStaysUpWithBoundedMemory() async throws {
        let cases = HostileCases.load()
        #expect(cases.count >= 40)
        let harness = try BrokerHarness()
        let workers = try WorkerProcesses(prefix: harness.topology.prefix, count: 1, consumers: 1)
        defer { workers.killAll() }
        workers.supervise = false
        let collector = ResultCollector(queue: harness.topology.resultsQueue)
        collector.keepBodies = true

        // Warm up with valid jobs, so the baseline includes a connected, working worker.
        try FaultJobs.publish(20, idPrefix: "warm", on: harness)
        try await FaultRun.pump(collector, workers, seconds: 120) { collector.total >= 20 }
        let baseline = workers.sampleMemory().first ?? 0

        var afterRound: [Int] = []
        for round in 1...Self.rounds {
            var last: UInt64 = 0
            for hostile in cases {
                last = try harness.publish(try hostile.body(), properties: hostile.properties(correlationId: "\(round)/\(hostile.name)"))
            }
            #expect(try harness.awaitConfirms(through: last, seconds: 120))
            let expected = 20 + round * cases.count
            try await FaultRun.pump(collector, workers, seconds: 300) { collector.total >= expected }
            afterRound.append(workers.sampleMemory().first ?? 0)
        }

        for round in 1...Self.rounds {
            for hostile in cases {
                let body = try #require(collector.bodiesByCorrelationId["\(round)/\(hostile.name)"], "\(hostile.name) answered in round \(round)")
                let result = BrokerHarness.json(body)
                #expect(result["status"] as? String == "rejected", "\(hostile.name)")
                let errors = result["errors"] as? [[String: Any]] ?? []
                #expect(!errors.isEmpty && errors.allSatisfy { !($0["reason"] as? String ?? "").isEmpty }, "\(hostile.name) names its problems")
                #expect(errors.contains { $0["code"] as? String == hostile.expectedCode }, "\(hostile.name): \(errors.compactMap { $0["code"] })")
            }
        }
        let alive = workers.workers.allSatisfy { $0.isRunning }
        #expect(alive, "the worker never crashed")
        #expect(workers.peakResidentKiB < Self.residentLimitKiB, "peak RSS \(workers.peakResidentKiB) KiB")
        let growth = (afterRound.last ?? 0) - (afterRound.first ?? 0)
        #expect(growth < Self.growthLimitKiB, "RSS after each round: \(afterRound) KiB")
        let settled = try await FaultRun.awaitSettled(harness.topology.jobsQueue, collector: collector, workers: workers)
        #expect(settled.ready == 0 && settled.unacked == 0, "rejected jobs are acked, never requeued: \(settled)")
        print(
            "FAULTS|check=hostile corpus x\(Self.rounds)|jobs=\(cases.count * Self.rounds)|results=\(collector.total - 20)"
                + "|rejected=\(collector.bodiesByCorrelationId.values.filter { BrokerHarness.json($0)["status"] as? String == "rejected" }.count)"
                + "|dead=0|ready=\(settled.ready)|unacked=\(settled.unacked)|rss_idle_mb=\(baseline / 1024)"
                + "|rss_after_rounds_mb=\(afterRound.map { "\($0 / 1024)" }.joined(separator: "/"))|peak_rss_mb=\(workers.peakResidentKiB / 1024)")
    }
}

/// The corpus as MANIFEST.tsv lists it, with the AMQP properties each case is sent with.
struct HostileCases {
    var name: String
    var file: String
    var expectedCode: String
    var overrides: [String: String]

    static let directory = BrokerHarness.repository.appendingPathComponent("Tests/Corpus/hostile").path

    /// The generated bodies, written once per test process.
    static let generated: String = {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("planreview-hostile-broker-\(ProcessInfo.processInfo.processIdentifier)").path
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/bin/bash")
        generator.arguments = [directory + "/generate", output]
        try? generator.run()
        generator.waitUntilExit()
        return output
    }()

    static func load() -> [HostileCases] {
        let manifest = (try? String(contentsOfFile: directory + "/MANIFEST.tsv", encoding: .utf8)) ?? ""
        return manifest.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: "\t").map(String.init)
            guard !line.hasPrefix("#"), fields.count == 4 else { return nil }
            var overrides: [String: String] = [:]
            for property in fields[3].split(separator: ";") where property != "-" {
                let pair = property.split(separator: "=", maxSplits: 1).map(String.init)
                overrides[pair[0]] = pair.count > 1 ? pair[1] : ""
            }
            return HostileCases(name: fields[0], file: fields[1], expectedCode: fields[2], overrides: overrides)
        }
    }

    func body() throws -> [UInt8] {
        let path = file.hasPrefix("generated/") ? Self.generated + "/" + file.dropFirst("generated/".count) : Self.directory + "/" + file
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// A well-behaved submitter's properties, then the case's own; no message_id unless the case sets one.
    func properties(correlationId: String) -> AMQPProperties {
        AMQPProperties(
            contentType: overrides["content_type"] ?? "application/json", contentEncoding: overrides["content_encoding"],
            deliveryMode: AMQPProperties.persistentDeliveryMode, correlationId: correlationId, messageId: overrides["message_id"],
            timestamp: UInt64(Date().timeIntervalSince1970), type: overrides["type"] ?? ContractTypes.job, appId: "hostile corpus")
    }
}
