import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
import Testing

/// TLS against a broker's amqps listener; runs when `AMQPS_URL` is set, e.g.
/// `amqps://guest:guest@localhost:5671/%2F?cacertfile=/path/ca.pem` (Scripts/broker's TLS
/// listener; `certfile`/`keyfile` beside the CA are used for the client-certificate case).
@Suite(.enabled(if: TestBroker.tlsURL != nil, "set AMQPS_URL to run"))
struct AMQPTLSTests {
    private func configuration() throws -> AMQPConfiguration {
        var configuration = try AMQPConfiguration(url: try #require(TestBroker.tlsURL))
        configuration.connectionName = "planreview-amqp-tests-tls"
        configuration.connectTimeoutSeconds = 5
        return configuration
    }

    @Test func verifiedConnectionCarriesMessages() throws {
        let configuration = try configuration()
        let tls = try #require(configuration.tls)
        #expect(tls.verifyPeer && tls.verifyHostname)
        let connection = try AMQPConnection(configuration)
        defer { connection.close() }
        let channel = try connection.openChannel()
        let queue = try channel.queueDeclare("", durable: false, exclusive: true, autoDelete: true).name
        try channel.confirmSelect()
        try channel.publish(exchange: "", routingKey: queue, body: Array("over tls".utf8))
        #expect(try connection.waitFor { $0.confirm }?.isAck == true)
        #expect(try channel.get(queue: queue, noAck: true)?.body == Array("over tls".utf8))
    }

    @Test func clientCertificateIsAccepted() throws {
        var configuration = try configuration()
        let directory = try #require(configuration.tls?.caCertificatePath.map { ($0 as NSString).deletingLastPathComponent })
        configuration.tls?.clientCertificatePath = directory + "/client.pem"
        configuration.tls?.clientKeyPath = directory + "/client.key"
        guard FileManager.default.fileExists(atPath: directory + "/client.pem") else { return }
        let connection = try AMQPConnection(configuration)
        defer { connection.close() }
        #expect(try connection.openChannel().isOpen)
    }

    @Test func unknownCertificateAuthorityIsRejected() throws {
        var configuration = try configuration()
        configuration.tls?.caCertificatePath = nil  // system bundle: does not know the test CA
        #expect {
            try AMQPConnection(configuration)
        } throws: { error in
            (error as? AMQPError)?.code == .tlsFailed
        }
    }

    @Test func hostnameMismatchIsRejectedUnlessDisabled() throws {
        var configuration = try configuration()
        // Another name for 127.0.0.1 that the test certificate (localhost, 127.0.0.1) does not carry.
        let hosts = (try? String(contentsOfFile: "/etc/hosts", encoding: .utf8)) ?? ""
        var alias: String?
        for line in hosts.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if fields.count > 1, fields[0] == "127.0.0.1", fields[1] != "localhost" {
                alias = fields[1]
                break
            }
        }
        guard configuration.host == "localhost" || configuration.host == "127.0.0.1", let alias else { return }
        configuration.host = alias
        #expect {
            try AMQPConnection(configuration)
        } throws: { error in
            (error as? AMQPError)?.code == .tlsFailed
        }
        configuration.tls?.verifyHostname = false
        let connection = try AMQPConnection(configuration)
        connection.close()
    }
}
