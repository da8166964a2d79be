import AMQP
import ArgumentParser
import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewOps
import PlanReviewResources
import ReviewWorker

struct LoadCleanupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cleanup", abstract: "Delete the queues and exchanges of --prefix (after a benchmark run).")

    @OptionGroup var connection: ConnectionOptions
    @Option(name: .customLong("also-queue"), help: "Another queue of this run to delete (repeatable), e.g. Scripts/bench's quorum results queue.")
    var alsoQueues: [String] = []
    @Option(name: .customLong("also-exchange"), help: "Another exchange of this run to delete (repeatable).")
    var alsoExchanges: [String] = []

    func run() throws {
        let topology = connection.topology
        guard topology.prefix != Topology().prefix else { throw ValidationError("refusing to delete the production prefix \(topology.prefix)") }
        let amqp = try connection.connect(name: "planreview load cleanup")
        defer { amqp.close() }
        var channel = try amqp.openChannel()
        var messages: UInt32 = 0
        // Only names of this run's prefix: the extra ones as well.
        for name in alsoQueues + alsoExchanges where !name.hasPrefix(topology.prefix + ".") {
            throw ValidationError("\(name) is not under the prefix \(topology.prefix)")
        }
        for queue in topology.queues.map(\.name) + alsoQueues {
            do { messages += try channel.queueDelete(queue) } catch { channel = try amqp.openChannel() }
        }
        for exchange in topology.exchanges.map(\.name) + alsoExchanges {
            do { try channel.exchangeDelete(exchange) } catch { channel = try amqp.openChannel() }
        }
        printErr("deleted the queues and exchanges of \(topology.prefix) (\(messages) messages left in them)")
    }
}
