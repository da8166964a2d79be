import AMQP
import ArgumentParser
import Foundation
import PlanReviewContract
import PlanReviewOps
import ReviewWorker

/// `planreview topology declare|definitions|migrate-results`.
struct TopologyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "topology",
        abstract: "Declare the exchanges and queues, print them as RabbitMQ definitions, or migrate the results queue to a stream.",
        subcommands: [Declare.self, Definitions.self, MigrateResults.self]
    )

    struct Declare: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Declare every exchange, queue and binding (idempotent).")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            let amqp = try connection.connect(name: "planreview topology")
            defer { amqp.close() }
            let topology = connection.topology
            let problems = try topology.declare(on: amqp.openChannel())
            guard problems.isEmpty else {
                for problem in problems { printErr("planreview topology declare: \(problem)") }
                throw ExitCode(1)
            }
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

    struct MigrateResults: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate-results",
            abstract: "Replace an older quorum <prefix>.results by the results stream, keeping its results.",
            discussion: """
                A queue cannot change its type: the old queue is unbound, its messages are moved (with publisher \
                confirms, each acked after its copy is confirmed) into a holding queue <prefix>.results.migrating \
                that takes new results meanwhile, the old queue is deleted, the stream is declared and bound, and \
                the holding queue is moved into it and deleted. Workers may keep running. --discard drops the old \
                queue's messages instead of moving them. Asks first on a terminal; --yes otherwise.
                """
        )
        @OptionGroup var connection: ConnectionOptions
        @Flag(help: "Drop the old queue's messages instead of moving them into the stream.") var discard = false
        @Flag(help: "Do not ask.") var yes = false

        func run() throws {
            let amqp = try connection.connect(name: "planreview topology migrate-results")
            defer { amqp.close() }
            let migration = ResultsMigration(topology: connection.topology, connection: amqp)
            let messages: UInt32
            switch try migration.inspect() {
            case .stream:
                print("\(connection.topology.resultsQueue) is the results stream already; nothing to do")
                return
            case .streamWithOtherRetention:
                throw CLIError(
                    "\(connection.topology.resultsQueue) is a stream already, with other retention than configured; `planreview topology declare` says what to do")
            case .oldQueue(let count):
                messages = count
            }
            let plan = discard
                ? "delete \(connection.topology.resultsQueue) and its \(messages) message(s), then declare the stream"
                : "move the \(messages) message(s) of \(connection.topology.resultsQueue) into the new results stream"
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else { throw CLIError("refusing to \(plan) without --yes (stdin is not a terminal)") }
                FileHandle.standardOutput.write(Data("\(connection.topology.resultsQueue) is an older queue. \(plan.prefix(1).uppercased() + plan.dropFirst())? Type yes: ".utf8))
                guard readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else { throw CLIError("not migrated") }
            }
            let outcome = try migration.run(discard: discard) { print($0) }
            print("migrated \(connection.topology.resultsQueue) to a stream: \(outcome.moved) moved, \(outcome.discarded) discarded, \(outcome.arrivedMeanwhile) arrived meanwhile")
        }
    }
}
