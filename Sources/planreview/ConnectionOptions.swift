import AMQP
import ArgumentParser
import PlanReviewContract
import PlanReviewOps
import ReviewWorker

/// Broker flags shared by every subcommand that talks to RabbitMQ.
struct ConnectionOptions: ParsableArguments {
    @Option(name: .customLong("amqp-url"), help: "Broker URL (default: $AMQP_URL, else amqp://guest:guest@127.0.0.1:5672/%2F).")
    var amqpURLs: [String] = []
    @Option(help: "Prefix of every exchange and queue name.")
    var prefix: String = "planreview"

    var topology: Topology { Topology(prefix: prefix) }

    /// Connects to the first broker that answers.
    func connect(name: String) throws -> AMQPConnection {
        var lastError: (any Error)?
        for var broker in try BrokerAddresses.resolve(flags: amqpURLs) {
            broker.connectionName = name
            do { return try AMQPConnection(broker) } catch { lastError = error }
        }
        throw lastError ?? ValidationError("no broker address")
    }
}
