import AMQP
import ArgumentParser
import Foundation
import PlanReviewContract
import PlanReviewOps
import ReviewWorker

/// `planreview topology declare|definitions`.
struct TopologyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology",
        abstract: "Declare the exchanges and queues, or print them as RabbitMQ definitions.",
        subcommands: [Declare.self, Definitions.self]
    )

    struct Declare: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Declare every exchange, queue and binding (idempotent).")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let amqp = try connection.connect(name: "planreview topology")
            defer { amqp.close() }
            let topology = connection.topology
            try topology.declare(on: amqp.openChannel())
            print("declared \(topology.exchanges.count) exchanges, \(topology.queues.count) queues, \(topology.bindings.count) bindings (prefix \(topology.prefix))")
        }
    }

    struct Definitions: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the topology as a RabbitMQ definitions file (what Deploy/rabbitmq/definitions.json holds)."
        )
        @Option(help: "Prefix of every exchange and queue name.") var prefix: String = "planreview"
        @Option(help: "Virtual host.") var vhost: String = "planreview"

        func run() throws {
            let definitions = RabbitMQDefinitions(topology: Topology(prefix: prefix), vhost: vhost)
            print(String(decoding: try definitions.json(), as: UTF8.self))
        }
    }
}
