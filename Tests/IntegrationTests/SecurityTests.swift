import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
@testable import ReviewWorker
import Testing


/// Least privilege and secrets: the broker's worker user (Scripts/broker: vhost `planreview`, user
/// `planreview-worker`, permissions `^planreview\..*`) and passwords that never reach a log.
/// Scripts/test exports `AMQP_WORKER_URL` and `AMQP_WORKER_PASSWORD_FILE`; without them the
/// worker-user tests are skipped.
@Suite struct SecurityTests {

    @Test(.enabled(if: WorkerUser.isConfigured))
    func theWorkerUserMayDeclarePlanreviewNamesOnly() async throws {
        let connection = try AMQPConnection(try WorkerUser.configuration())
        defer { connection.close() }
        var channel = try connection.openChannel(1)
        let allowed = "planreview.security-test-\(UUID().uuidString.prefix(8).lowercased())"
        try channel.queueDeclare(allowed, durable: false, autoDelete: true)
        _ = try channel.queueDelete(allowed)
        #expect {
            try channel.queueDeclare("other.queue", durable: false, autoDelete: true)
        } throws: { error in
            (error as? AMQPError)?.replyCode == 403 && (error as? AMQPError)?.replyText?.contains("ACCESS_REFUSED") == true
        }
        channel = try connection.openChannel(2)
        #expect(throws: AMQPError.self, "nor configure an exchange outside planreview.*") {
            try channel.exchangeDeclare("other.exchange", type: "direct", durable: false)
        }
    }

    @Test(.enabled(if: WorkerUser.isConfigured))
    func theWorkerUserHasNoAccessToOtherVirtualHosts() async throws {
        var configuration = try WorkerUser.configuration()
        configuration.virtualHost = "/"
        #expect(throws: AMQPError.self) { try AMQPConnection(configuration) }
    }

    /// The worker at `--log-level trace` with a distinctive password, once refused (wrong password in the
    /// URL) and once connected (the worker user's real password from AMQP_PASSWORD_FILE): the password
    /// is in no log line; URLs are logged with `***`.
    @Test func passwordsAreNeverLogged() async throws {
        let harness = try BrokerHarness()
        let plain = try AMQPConfiguration(url: BrokerHarness.url)
        let secret = "Pw-\(UUID().uuidString.prefix(12))-never-logged"
        var cases: [(name: String, url: String, environment: [String: String], secret: String)] = [
            ("refused", "amqp://guest:\(secret)@\(plain.host):\(plain.port)/%2F", [:], secret)
        ]
        if WorkerUser.isConfigured, let url = WorkerUser.url, let file = WorkerUser.passwordFile,
            let password = try? String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        {
            cases.append(("connected", url, ["AMQP_PASSWORD_FILE": file], password))
        }
        for testCase in cases {
            let workers = try WorkerProcesses(
                prefix: "planreview.\(harness.topology.prefix)-\(testCase.name)", count: 1, consumers: 1, url: testCase.url,
                environment: testCase.environment, arguments: ["--log-level", "trace"])
            defer { workers.killAll() }
            workers.supervise = false
            // "] connected" is the log message itself; the worker id also contains the case name.
            let marker = testCase.name == "refused" ? "connection failed" : "] connected"
            let deadline = ContinuousClock.now + .seconds(30)
            while !workers.logLines().contains(where: { $0.contains(marker) }), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(200)) }
            let commandLine = (try? String(contentsOfFile: "/proc/\(workers.pids[0])/cmdline", encoding: .utf8)) ?? ""
            _ = await workers.terminate(within: 15)
            let lines = workers.logLines()
            #expect(lines.contains { $0.contains(marker) }, "\(testCase.name): \(lines.suffix(3))")
            #expect(!lines.contains { $0.contains(testCase.secret) }, "\(testCase.name): the password is in the log")
            #expect(lines.contains { $0.contains(":***@") }, "\(testCase.name): URLs are logged redacted")
            if testCase.name == "connected" {
                #expect(!commandLine.contains(testCase.secret), "no password in the process list")
                try Self.deleteTopology(prefix: workers.prefix, vhost: "planreview")
            }
        }
    }

    /// Removes what a worker declared in another vhost (guest may use `planreview` on the test broker).
    static func deleteTopology(prefix: String, vhost: String) throws {
        var configuration = try AMQPConfiguration(url: BrokerHarness.url)
        configuration.virtualHost = vhost
        let connection = try AMQPConnection(configuration)
        defer { connection.close() }
        let channel = try connection.openChannel(1)
        let topology = Topology(prefix: prefix)
        for queue in topology.queues { _ = try? channel.queueDelete(queue.name) }
        for exchange in topology.exchanges { try? channel.exchangeDelete(exchange.name) }
    }
}

/// The broker's least-privilege worker user: `AMQP_WORKER_URL` (no password) and `AMQP_WORKER_PASSWORD_FILE`.
enum WorkerUser {
    static var url: String? { ProcessInfo.processInfo.environment["AMQP_WORKER_URL"] }
    static var passwordFile: String? { ProcessInfo.processInfo.environment["AMQP_WORKER_PASSWORD_FILE"] }
    static var isConfigured: Bool { url != nil && passwordFile.map { FileManager.default.isReadableFile(atPath: $0) } == true }

    static func configuration() throws -> AMQPConfiguration {
        let brokers = try BrokerAddresses.resolve(flags: [try #require(url)], environment: ["AMQP_PASSWORD_FILE": try #require(passwordFile)])
        var configuration = try #require(brokers.first)
        configuration.connectionName = "security test"
        return configuration
    }
}
