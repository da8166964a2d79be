import AMQP
import PlanReviewContract

extension Topology {
    /// What `declare(on:)` could not declare as the topology says, and what to do about it.
    public enum DeclareProblem: Sendable, Equatable, CustomStringConvertible {
        /// `<prefix>.results` exists with other arguments (an older quorum queue): the broker refused
        /// the stream's declare with 406 PRECONDITION_FAILED.
        case resultsQueueIsNotAStream(queue: String, brokerReply: String)
        /// The stream exists with another `x-max-age` or `x-max-length-bytes` than configured: a stream's
        /// arguments cannot change (406 as well).
        case resultsRetentionDiffers(queue: String, brokerReply: String)

        public var description: String {
            switch self {
            case .resultsQueueIsNotAStream(let queue, let reply):
                """
                \(queue) exists on the broker with other arguments (an older quorum queue) and cannot become the results \
                stream (the broker said: \(reply)). Results still reach the old queue; nothing is lost. To migrate, run \
                `planreview topology migrate-results` (it shows what the old queue holds, asks, moves its messages into \
                the new stream and deletes it; `--discard` deletes them instead), or delete it yourself \
                (`rabbitmqctl delete_queue \(queue)`) and run `planreview topology declare`.
                """
            case .resultsRetentionDiffers(let queue, let reply):
                """
                the results stream \(queue) exists with another retention than configured (the broker said: \(reply)); \
                it keeps its own. A stream's arguments cannot change: set results.maxAge and results.maxLengthBytes back \
                to what it has, or change the retention with a policy (`rabbitmqctl set_policy planreview-results \
                '^\(queue.split(separator: ".").joined(separator: "\\."))$' '{"max-age":"7D","max-length-bytes":20000000000}' \
                --apply-to queues`), or delete the stream (its results are lost) and declare it again.
                """
            }
        }
    }

    /// Declares every exchange, queue and binding. Idempotent: declaring what exists with the same
    /// arguments is a no-op; different arguments fail with the broker's 406 PRECONDITION_FAILED.
    ///
    /// The one expected mismatch, an older quorum `<prefix>.results` where the stream belongs, does not
    /// fail the declare: the results queue is declared on a channel of its own first (a 406 closes the
    /// channel it happens on), it keeps its arguments (and gets the bindings), and the problem is returned so the
    /// caller says what to do. Any other refusal throws.
    @discardableResult
    public func declare(on channel: AMQPChannel) throws(AMQPError) -> [DeclareProblem] {
        for exchange in exchanges {
            try channel.exchangeDeclare(exchange.name, type: exchange.type, durable: true)
        }
        var problems: [DeclareProblem] = []
        if let results = queues.first(where: { $0.name == resultsQueue }) {
            let side = try channel.connection.openChannel(channel.id == Self.sideChannel ? Self.sideChannel + 1 : Self.sideChannel)
            do {
                try side.queueDeclare(results.name, durable: true, arguments: results.amqpArguments)
                try? side.close()
            } catch {
                guard error.replyCode == 406, !error.isConnectionLevel else { throw error }
                let reply = error.replyText ?? "\(error)"
                // The broker names the first argument that differs, not necessarily x-queue-type (a quorum queue
                // is refused for "x-max-length-bytes ... current is none"): ask with the type alone.
                let isStream = try Self.isStream(results.name, on: channel.connection, channelId: side.id + 1)
                problems.append(
                    isStream
                        ? .resultsRetentionDiffers(queue: results.name, brokerReply: reply)
                        : .resultsQueueIsNotAStream(queue: results.name, brokerReply: reply))
            }
        }
        for queue in queues where queue.name != resultsQueue {
            try channel.queueDeclare(queue.name, durable: true, arguments: queue.amqpArguments)
        }
        for binding in bindings {
            try channel.queueBind(binding.queue, exchange: binding.exchange, routingKey: binding.routingKey)
        }
        return problems
    }

    /// True when `queue` is a stream: only a stream takes a consumer with `x-stream-offset` (a quorum or
    /// classic queue refuses it with 406; a redeclare would not tell, the broker names the first argument
    /// that differs). From `next`, on a channel of its own that is closed again: nothing is read.
    public static func isStream(_ queue: String, on connection: AMQPConnection, channelId: UInt16) throws(AMQPError) -> Bool {
        let channel = try connection.openChannel(channelId)
        do {
            try channel.qos(prefetchCount: 1)
            try channel.consume(queue: queue, arguments: ["x-stream-offset": "next"])
            try? channel.close()
            return true
        } catch {
            guard error.replyCode == 406, !error.isConnectionLevel else { throw error }
            return false
        }
    }

    /// The channel number the results queue is declared on (see ``declare(on:)``).
    static let sideChannel: UInt16 = 2
}

extension Topology.Queue {
    /// The arguments as an AMQP field table.
    public var amqpArguments: AMQPTable {
        arguments.mapValues { argument in
            switch argument {
            case .string(let value): .string(value)
            case .int64(let value): .int64(value)
            case .bool(let value): .bool(value)
            }
        }
    }
}
