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

    func run() throws {
        let topology = connection.topology
        guard topology.prefix != Topology().prefix else { throw ValidationError("refusing to delete the production prefix \(topology.prefix)") }
        let amqp = try connection.connect(name: "planreview load cleanup")
        defer { amqp.close() }
        var channel = try amqp.openChannel()
        var messages: UInt32 = 0
        for queue in topology.queues {
            do { messages += try channel.queueDelete(queue.name) } catch { channel = try amqp.openChannel() }
        }
        for exchange in topology.exchanges {
            do { try channel.exchangeDelete(exchange.name) } catch { channel = try amqp.openChannel() }
        }
        printErr("deleted the queues and exchanges of \(topology.prefix) (\(messages) messages left in them)")
    }
}
