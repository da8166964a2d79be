import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
@testable import ReviewWorker
import Testing


/// The worker over amqps:// against the broker's TLS listener (Scripts/broker: port − 1, certificates
/// from its own CA). Scripts/test exports `AMQPS_URL` (with `cacertfile=`); without it they are skipped.
@Suite(.enabled(if: TLSBroker.url != nil, "set AMQPS_URL (Scripts/test does)"))
struct TLSTests {

    /// A worker process (not an in-process service: that needs the cooperative pool, which the other
    /// broker tests keep busy on two cores) with AMQPS_URL as its broker.
    @Test func theWorkerReviewsJobsOverVerifiedTLS() async throws {
        let url = try #require(TLSBroker.url)
        let tls = try AMQPConfiguration(url: url)
        #expect(tls.tls?.verifyPeer == true && tls.tls?.verifyHostname == true, "verification is on")
        let harness = try BrokerHarness()
        let workers = try WorkerProcesses(prefix: harness.topology.prefix, count: 1, consumers: 1, url: url)
        defer { workers.killAll() }
        workers.supervise = false
        try harness.publish(try BrokerHarness.exampleJob(jobId: "over-tls"), messageId: "over-tls")
        var results: [AMQPDelivery] = []
        let deadline = ContinuousClock.now + .seconds(60)
        while results.isEmpty, ContinuousClock.now < deadline {
            results = try harness.collectResults(1, seconds: 0.25)
            try await Task.sleep(for: .milliseconds(2))
        }
        let lines = workers.logLines()
        let statuses = await workers.terminate(within: 15)
        #expect(results.first?.properties.messageId == "over-tls", "\(lines.suffix(3))")
        #expect(BrokerHarness.json(results.first?.body ?? [])["status"] as? String != "rejected")
        #expect(lines.contains { $0.contains("amqp_broker=\(tls.host):\(tls.port)") && $0.hasSuffix("] connected") })
        #expect(statuses == [0])
    }

    @Test func verificationIsOnByDefaultAndRefusesAnUnknownCA() async throws {
        // The same URL without cacertfile: the system CA bundle does not know the test CA.
        let url = try #require(TLSBroker.url)
        let withoutCA = url.split(separator: "?").first.map(String.init) ?? url
        var configuration = try AMQPConfiguration(url: withoutCA)
        #expect(configuration.tls?.verifyPeer == true, "amqps verifies the broker's certificate unless told not to")
        #expect(configuration.tls?.caCertificatePath == nil)
        configuration.connectTimeoutSeconds = 5
        #expect {
            try AMQPConnection(configuration)
        } throws: { error in
            (error as? AMQPError)?.code == .tlsFailed
        }
    }

    @Test func aWorkerProcessWithoutTheCADoesNotConnect() async throws {
        let url = try #require(TLSBroker.url)
        let withoutCA = url.split(separator: "?").first.map(String.init) ?? url
        let harness = try BrokerHarness()
        let workers = try WorkerProcesses(prefix: harness.topology.prefix, count: 1, consumers: 1, url: withoutCA)
        defer { workers.killAll() }
        workers.supervise = false
        // Bounded wait for its first failed attempt.
        let deadline = ContinuousClock.now + .seconds(30)
        while !workers.logLines().contains(where: { $0.contains("connection failed") }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
        }
        let lines = workers.logLines()
        _ = await workers.terminate(within: 15)
        #expect(lines.contains { $0.contains("connection failed") && $0.contains("tls") }, "\(lines.suffix(3))")
        #expect(!lines.contains { $0.hasSuffix("] connected") }, "never connected")
    }
}

/// Where the broker's amqps listener is (`AMQPS_URL`, e.g. amqps://guest:guest@localhost:5671/%2F?cacertfile=…/ca.pem).
enum TLSBroker {
    static var url: String? { ProcessInfo.processInfo.environment["AMQPS_URL"] }
}
