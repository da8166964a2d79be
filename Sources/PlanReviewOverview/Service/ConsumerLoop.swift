import AMQP
import Foundation
import Logging

/// The consumer thread's loop: connect, set the source up, consume, hand each delivery over and
/// acknowledge it once stored; on any failure close, wait and start again from the stored offset.
struct ConsumerLoop: Sendable {
    var amqp: AMQPConfiguration
    var source: ResultsSource
    var prefetch: UInt16
    var state: ConsumerState
    var logger: Logger
    var handoff: @Sendable (ResultsConsumer.Handoff) -> Void

    func run() {
        var attempt = 0
        while !state.isStopping {
            do {
                try consumeOnce { attempt = 0 }
            } catch {
                attempt += 1
                state.set(.reconnecting(reason: "\(error)"))
                logger.warning(
                    "results consumer failed; reconnecting",
                    metadata: [
                        "amqp_broker": "\(amqp.host):\(amqp.port)", "error": "\(error)", "attempt": "\(attempt)",
                        "next_step": "\((error as? AMQPError)?.nextStep ?? "the overview reconnects with backoff")",
                    ])
                // Backoff 0.5 s, 1 s, 2 s ... up to 10 s, in steps short enough to notice a stop.
                let delay = min(10.0, 0.5 * pow(2, Double(min(attempt - 1, 5))))
                let until = Date().addingTimeInterval(delay)
                while Date() < until && !state.isStopping { Thread.sleep(forTimeInterval: 0.1) }
            }
        }
    }

    struct HandoffFailed: Error, CustomStringConvertible {
        var underlying: any Error
        var description: String { "store: \(underlying)" }
    }

    func consumeOnce(onConsuming: () -> Void) throws {
        var configuration = amqp
        configuration.connectionName = configuration.connectionName ?? "planreview-overview"
        let connection = try AMQPConnection(configuration)
        defer { connection.close() }
        let channel = try connection.openChannel()
        var arguments: AMQPTable = [:]
        switch source.kind {
        case .queue:
            try channel.exchangeDeclare(source.exchange, type: "topic")
            try channel.queueDeclare(source.queue, arguments: ["x-queue-type": "quorum"])
            for key in ResultsSource.bindingKeys { try channel.queueBind(source.queue, exchange: source.exchange, routingKey: key) }
        case .stream:
            let request = ResultsConsumer.Handoff(.storedOffset)
            handoff(request)
            if let error = request.error { throw HandoffFailed(underlying: error) }
            arguments["x-stream-offset"] = request.offset.map { .int64($0 + 1) } ?? "first"
            logger.info("resuming the results stream", metadata: ["amqp_queue": "\(source.queue)", "amqp_stream_offset": "\(request.offset.map { String($0 + 1) } ?? "first")"])
        }
        try channel.qos(prefetchCount: prefetch)
        try channel.consume(queue: source.queue, arguments: arguments)
        state.set(.consuming(queue: source.queue, stream: source.kind == .stream))
        onConsuming()
        var unacked: UInt64?
        var sinceAck = 0
        var warnedNoOffset = false
        while !state.isStopping {
            switch try connection.nextEvent(timeout: .milliseconds(200)) {
            case .delivery(let delivery):
                if source.kind == .stream && delivery.properties.headers?["x-stream-offset"] == nil && !warnedNoOffset {
                    warnedNoOffset = true
                    logger.error("deliveries carry no x-stream-offset: \(source.queue) is not a stream; results are stored without an offset", metadata: ["amqp_queue": "\(source.queue)"])
                }
                let request = ResultsConsumer.Handoff(.delivery(delivery))
                handoff(request)
                if let error = request.error { throw HandoffFailed(underlying: error) }
                unacked = delivery.deliveryTag
                sinceAck += 1
                // Stored before acked; one ack frame per 50 (a stream counts acks as credit).
                if sinceAck >= 50, let tag = unacked {
                    try channel.ack(deliveryTag: tag, multiple: true)
                    unacked = nil
                    sinceAck = 0
                }
            case .timeout:
                if let tag = unacked {
                    try channel.ack(deliveryTag: tag, multiple: true)
                    unacked = nil
                    sinceAck = 0
                }
            case .channelClosed(_, let error), .connectionClosed(let error):
                throw error
            case .consumerCancelled(_, let tag):
                throw OverviewError("the broker cancelled consumer \(tag) (queue deleted?)")
            case .confirm, .returned, .blocked, .unblocked:
                continue
            }
        }
        if let tag = unacked { try? channel.ack(deliveryTag: tag, multiple: true) }
    }
}
