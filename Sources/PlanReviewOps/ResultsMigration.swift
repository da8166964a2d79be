import AMQP
import PlanReviewContract

/// Turns an older quorum `<prefix>.results` into the results stream without losing a result
/// (`planreview topology migrate-results`).
///
/// A queue cannot change its type, so the old queue is replaced, with a holding queue in between
/// that the results exchange feeds meanwhile (workers keep publishing throughout):
/// 1. declare `<prefix>.results.migrating` (quorum) and bind it with `result.#` and `progress.#`;
/// 2. unbind the old queue, so new results go to the holding queue only;
/// 3. move the old queue's messages into the holding queue (or, with `discard`, drop them);
/// 4. delete the old queue (once empty and without consumers), declare the stream and bind it;
/// 5. unbind the holding queue, move its messages into the stream, delete it.
/// Each move publishes with confirms and acks the original only after the copy is confirmed. A result
/// routed in the moment between 4 and 5 reaches both and is in the stream twice (results are
/// idempotent; consumers dedupe on jobId + contentHash). Moved results get new stream offsets and
/// timestamps: `--from <time>` sees them as of the migration.
public struct ResultsMigration {
    public let topology: Topology
    public let connection: AMQPConnection

    public init(topology: Topology, connection: AMQPConnection) {
        self.topology = topology
        self.connection = connection
    }

    /// What is on the broker now.
    public enum Found: Equatable, Sendable {
        /// `<prefix>.results` is the stream (it was declared now if it was missing).
        case stream
        /// A stream, with other retention arguments than the topology's (left alone: see `planreview
        /// topology declare`'s message).
        case streamWithOtherRetention
        /// An older queue of that name, holding this many messages (ready ones).
        case oldQueue(messages: UInt32)
    }

    public var holdingQueue: String { "\(topology.resultsQueue).migrating" }

    /// Looks without changing anything but declaring the stream where no queue of that name exists.
    public func inspect() throws(AMQPError) -> Found {
        let channel = try connection.openChannel(3)
        defer { try? channel.close() }
        do {
            try channel.queueDeclare(topology.resultsQueue, durable: true, arguments: resultsArguments)
            return .stream
        } catch {
            guard error.replyCode == 406, !error.isConnectionLevel else { throw error }
            if try isStream(channelId: 4) { return .streamWithOtherRetention }
            let passive = try connection.openChannel(5)
            defer { try? passive.close() }
            return .oldQueue(messages: try passive.queueDeclare(topology.resultsQueue, passive: true).messageCount)
        }
    }

    /// Only a stream takes a consumer with `x-stream-offset` (as ReviewWorker's `Topology.isStream`).
    private func isStream(channelId: UInt16) throws(AMQPError) -> Bool {
        let channel = try connection.openChannel(channelId)
        do {
            try channel.qos(prefetchCount: 1)
            try channel.consume(queue: topology.resultsQueue, arguments: ["x-stream-offset": "next"])
            try? channel.close()
            return true
        } catch {
            guard error.replyCode == 406, !error.isConnectionLevel else { throw error }
            return false
        }
    }

    /// What the migration did.
    public struct Outcome: Equatable, Sendable {
        /// Messages of the old queue moved into the stream (through the holding queue), or dropped.
        public var moved = 0
        public var discarded = 0
        /// Results that arrived during the migration, moved from the holding queue into the stream.
        public var arrivedMeanwhile = 0
    }

    /// Replaces the old queue by the stream (see the type's steps). `progress` gets a line per step.
    public func run(discard: Bool, progress: (String) -> Void = { _ in }) throws(AMQPError) -> Outcome {
        var outcome = Outcome()
        let channel = try connection.openChannel(6)
        try channel.confirmSelect()
        let keys = [Topology.resultsBindingKey, Topology.progressBindingKey]
        try channel.queueDeclare(holdingQueue, durable: true, arguments: ["x-queue-type": "quorum"])
        for key in keys { try channel.queueBind(holdingQueue, exchange: topology.resultsExchange, routingKey: key) }
        for key in keys { try channel.queueUnbind(topology.resultsQueue, exchange: topology.resultsExchange, routingKey: key) }
        progress("new results go to \(holdingQueue) meanwhile; \(topology.resultsQueue) is unbound")
        // Quorum queues cannot be deleted `if-empty`: move until a passive declare sees it empty and
        // without consumers (a consumer's unacked messages would come back after the count).
        while true {
            if discard {
                outcome.discarded += Int(try channel.queuePurge(topology.resultsQueue))
            } else {
                outcome.moved += try move(from: topology.resultsQueue, to: holdingQueue, on: channel)
            }
            let info = try channel.queueDeclare(topology.resultsQueue, passive: true)
            guard info.consumerCount == 0 else {
                throw AMQPError(
                    code: .protocolError, replyText: "\(topology.resultsQueue) has \(info.consumerCount) consumer(s): stop them and run the migration again (it resumes)",
                    operation: "migrate-results", channel: channel.id, isConnectionLevel: false)
            }
            if info.messageCount == 0 { break }
        }
        try channel.queueDelete(topology.resultsQueue)
        try? channel.close()
        // A fresh channel for the stream: RabbitMQ 3.10 keeps a queue's state per channel by name, and a
        // channel that used the old quorum queue crashes (541) when it publishes to the new stream.
        let streamChannel = try connection.openChannel(7)
        defer { try? streamChannel.close() }
        try streamChannel.confirmSelect()
        progress("deleted the old \(topology.resultsQueue) (\(discard ? "\(outcome.discarded) messages discarded" : "\(outcome.moved) messages kept"))")
        try streamChannel.queueDeclare(topology.resultsQueue, durable: true, arguments: resultsArguments)
        for key in keys { try streamChannel.queueBind(topology.resultsQueue, exchange: topology.resultsExchange, routingKey: key) }
        for key in keys { try streamChannel.queueUnbind(holdingQueue, exchange: topology.resultsExchange, routingKey: key) }
        progress("declared the stream \(topology.resultsQueue) (x-max-age \(topology.resultsMaxAge), x-max-length-bytes \(topology.resultsMaxLengthBytes)) and bound it")
        let held = try move(from: holdingQueue, to: topology.resultsQueue, on: streamChannel)
        outcome.arrivedMeanwhile = max(0, held - outcome.moved)
        try streamChannel.queueDelete(holdingQueue)
        progress("moved \(held) results from \(holdingQueue) into the stream and deleted it")
        return outcome
    }

    private var resultsArguments: AMQPTable {
        topology.queues.first { $0.name == topology.resultsQueue }?.amqpTable ?? [:]
    }

    /// Moves every ready message of `source` to `target` (default exchange, mandatory, confirmed),
    /// acking each batch of originals after its copies are confirmed. Returns how many it moved.
    private func move(from source: String, to target: String, on channel: AMQPChannel) throws(AMQPError) -> Int {
        var moved = 0
        while true {
            var last: UInt64?
            var published = 0
            var confirms = ConfirmCount()
            while published < 500, let delivery = try channel.get(queue: source, noAck: false) {
                try channel.publish(exchange: "", routingKey: target, body: delivery.body, properties: delivery.properties, mandatory: true)
                last = delivery.deliveryTag
                published += 1
            }
            guard let last else { return moved }
            var returned = false
            while confirms.settled < published {
                switch try connection.nextEvent(timeout: .seconds(30)) {
                case .confirm(let confirm) where confirm.channel == channel.id: confirms.apply(confirm)
                case .returned(let message) where message.channel == channel.id: returned = true
                case .timeout: throw AMQPError(code: .timeout, operation: "confirm of moved results", channel: channel.id, isConnectionLevel: false)
                case .channelClosed(_, let error), .connectionClosed(let error): throw error
                default: continue
                }
            }
            guard confirms.nacked == 0, !returned else {
                try channel.nack(deliveryTag: last, multiple: true, requeue: true)
                throw AMQPError(
                    code: .protocolError, replyText: "the broker refused or returned copies to \(target); the originals stay in \(source)",
                    operation: "move", channel: channel.id, isConnectionLevel: false)
            }
            try channel.ack(deliveryTag: last, multiple: true)
            moved += published
        }
    }
}

extension Topology.Queue {
    /// The arguments as an AMQP field table (the same as ReviewWorker's `amqpArguments`).
    var amqpTable: AMQPTable {
        arguments.mapValues { argument in
            switch argument {
            case .string(let value): .string(value)
            case .int64(let value): .int64(value)
            case .bool(let value): .bool(value)
            }
        }
    }
}
