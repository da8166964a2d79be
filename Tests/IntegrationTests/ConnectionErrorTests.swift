import AMQP
import Foundation
import PlanReviewTestKit
import Testing

/// Every connection error names host:port, the cause and one next step (issue 14, "operator"): the
/// CLI's message and the worker's and the overview's log lines all take the step from
/// `AMQPError.nextStep`, tried here as an operator gets them wrong: a closed port, a wrong password, a
/// plain URL on the TLS port, amqps:// on the plain port.
@Suite struct ConnectionErrorTests {
    /// (URL, the cause's code, words of the next step); the TLS cases only when AMQPS_URL is set.
    static var cases: [(url: String, code: String, step: String)] {
        let broker = (try? AMQPConfiguration(url: BrokerHarness.url)) ?? AMQPConfiguration()
        var cases = [
            ("amqp://guest:guest@127.0.0.1:1/%2F", "connectionFailed", "Is a broker running there?"),
            ("amqp://guest:not-the-password@\(broker.host):\(broker.port)/%2F", "authenticationFailed", "Check the user, password and virtual host"),
        ]
        if let tlsURL = TestBroker.tlsURL, let tls = try? AMQPConfiguration(url: tlsURL) {
            let caFile = tlsURL.components(separatedBy: "cacertfile=").dropFirst().first ?? ""
            cases.append(("amqp://guest:guest@\(tls.host):\(tls.port)/%2F", "connectionFailed", "A TLS port needs an amqps:// URL"))
            cases.append(("amqps://guest:guest@\(tls.host):\(broker.port)/%2F?cacertfile=\(caFile)", "tlsFailed", "the broker's TLS port"))
        }
        return cases
    }

    @Test func theCLINamesTheAddressTheCauseAndANextStep() throws {
        for (url, code, step) in Self.cases {
            let address = try AMQPConfiguration(url: url)
            let output = try BrokerHarness.run(
                BrokerHarness.binDirectory.appendingPathComponent("planreview"),
                ["submit", BrokerHarness.configDirectory + "/samples/example-holbaek.json", "--amqp-url", url])
            #expect(output.status != 0, "\(url)")
            for part in ["\(address.host):\(address.port)", code, step] {
                #expect(output.stderr.contains(part), "\(url): \(part) missing in \(output.stderr)")
            }
            #expect(!output.stderr.contains("not-the-password"), "no password in the message")
        }
    }

    /// The library error the worker and the overview log carries the same three parts.
    @Test func theErrorTheServicesLogCarriesThem() throws {
        for (url, code, step) in Self.cases {
            var configuration = try AMQPConfiguration(url: url)
            configuration.connectTimeoutSeconds = 5
            #expect {
                try AMQPConnection(configuration).close()
            } throws: { error in
                guard let error = error as? AMQPError else { return false }
                return "\(error)".contains("\(configuration.host):\(configuration.port)") && "\(error.code)" == code
                    && error.nextStep?.contains(step) == true
            }
        }
    }
}
