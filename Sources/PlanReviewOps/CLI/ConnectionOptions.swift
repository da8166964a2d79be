import AMQP
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
    public func connect(name: String) throws -> AMQPConnection {
        var lastError: (any Error)?
        for var broker in try BrokerAddresses.resolve(flags: amqpURLs) {
            broker.connectionName = name
            do { return try AMQPConnection(broker) } catch { lastError = error }
        }
        throw lastError ?? ValidationError("no broker address")
    }
}
