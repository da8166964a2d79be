import AMQP
import Foundation
import ArgumentParser
import PlanReviewContract

/// Broker flags shared by every subcommand that talks to RabbitMQ.
public struct ConnectionOptions: ParsableArguments, Sendable {
    @Option(name: .customLong("amqp-url"), help: "Broker URL (default: $AMQP_URL, else amqp://guest:guest@127.0.0.1:5672/%2F).")
    public var amqpURLs: [String] = []
    @Option(help: "Prefix of every exchange and queue name (default: $PLANREVIEW_PREFIX, else planreview).")
    public var prefix: String = ProcessInfo.processInfo.environment["PLANREVIEW_PREFIX"].flatMap { $0.isEmpty ? nil : $0 } ?? "planreview"

    public init() {}

    public var topology: Topology { Topology(prefix: prefix) }

    /// Connects to the first broker that answers.
    ///
    /// - Throws: `CLIError` that names every address tried, why each failed and what to do next.
    public func connect(name: String) throws -> AMQPConnection {
        var failures: [String] = []
        var lastError: AMQPError?
        for var broker in try BrokerAddresses.resolve(flags: amqpURLs) {
            broker.connectionName = name
            do { return try AMQPConnection(broker) } catch {
                let reason = [error.replyCode.map { "\($0) \(error.replyText ?? "")" } ?? error.libraryMessage, error.detail]
                    .compactMap { $0 }.filter { !$0.isEmpty && $0 != "\(broker.host):\(broker.port)" }
                    .map { $0.replacingOccurrences(of: "\(broker.host):\(broker.port): ", with: "") }
                failures.append("\(broker.host):\(broker.port) (\(([error.code.description] + reason).joined(separator: ": ")))")
                lastError = error
            }
        }
        guard let lastError else { throw ValidationError("no broker address") }
        throw CLIError("cannot connect to RabbitMQ at \(failures.joined(separator: ", ")). \(lastError.nextStep ?? "Check the broker URL (--amqp-url, AMQP_URL).")")
    }
}
