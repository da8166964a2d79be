import AMQP
import Foundation
import ArgumentParser
import PlanReviewContract

/// Broker flags shared by every subcommand that talks to RabbitMQ.
public struct ConnectionOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("amqp-url"), help: "Broker URL (default: $AMQP_URL, else amqp://guest:guest@127.0.0.1:5672/%2F).")
    public var amqpURLs: [String] = []
    @Option(help: "Prefix of every exchange and queue name.")
    public var prefix: String = "planreview"

    public init() {}

    public var topology: Topology { Topology(prefix: prefix) }

    /// Connects to the first broker that answers.
    ///
    /// - Throws: `CLIError` that names every address tried, why each failed and what to do next.
    public func connect(name: String) throws -> AMQPConnection {
        var failures: [String] = []
        var lastCode: AMQPError.Code?
        for var broker in try BrokerAddresses.resolve(flags: amqpURLs) {
            broker.connectionName = name
            do { return try AMQPConnection(broker) } catch {
                let reason = [error.replyCode.map { "\($0) \(error.replyText ?? "")" } ?? error.libraryMessage, error.detail]
                    .compactMap { $0 }.filter { !$0.isEmpty && $0 != "\(broker.host):\(broker.port)" }
                    .map { $0.replacingOccurrences(of: "\(broker.host):\(broker.port): ", with: "") }
                failures.append("\(broker.host):\(broker.port) (\(([error.code.description] + reason).joined(separator: ": ")))")
                lastCode = error.code
            }
        }
        guard let lastCode else { throw ValidationError("no broker address") }
        throw CLIError("cannot connect to RabbitMQ at \(failures.joined(separator: ", ")). \(Self.nextStep(lastCode))")
    }

    /// One next step per kind of connection failure.
    static func nextStep(_ code: AMQPError.Code) -> String {
        switch code {
        case .authenticationFailed:
            "Check the user, password and virtual host in --amqp-url or AMQP_URL (or the file AMQP_PASSWORD_FILE names)."
        case .tlsFailed:
            "Check the amqps:// URL's cacertfile= (and certfile=/keyfile=) and that the broker's TLS port is the one given."
        default:
            "Is a broker running there? Start one with Scripts/broker start, or point --amqp-url or AMQP_URL at one."
        }
    }
}
