import AMQP
import PlanReview
import PlanReviewContract

/// One channel's life after set-up: waits for events, feeds them to a ``ConsumerCore`` and performs
/// its actions on the ``ConsumerChannel``. The only clock reads and the probe run happen here.
struct ConsumerSession<Channel: ConsumerChannel> {
    var core: ConsumerCore
    let channel: Channel
    let consumerTag: String
    /// How long one wait for events may block (keeps heartbeats and the stop flag serviced).
    let pollInterval: Duration
    let control: ConsumerControl
    /// The driver's clocks.
    let now: () -> ConsumerTime
    /// Runs a review in a child process (``ReviewProbe``); called when the core asks for a probe.
    let probe: ([UInt8], JobEnvelope) -> ReviewProbe.Outcome
    /// Jobs in flight when the session failed; the broker redelivers them.
    private(set) var lostJobs = 0

    /// Runs until the core has finished (drained, or the shutdown deadline passed). Throws when the
    /// channel or connection fails or the broker cancels the consumer; the core then abandons its jobs
    /// (the broker redelivers them) and the caller reconnects.
    mutating func run() throws {
        do {
            while !core.isFinished {
                if !core.isDraining, control.isStopRequested {
                    control.state = .draining
                    try perform(core.handle(.stopRequested, now: now()))
                }
                guard let event = try Self.event(channel.nextEvent(timeout: pollInterval)) else { continue }
                try perform(core.handle(event, now: now()))
            }
        } catch {
            lostJobs = core.jobsInFlight
            core.abandon()
            throw error
        }
    }

    /// The core's view of a broker event; throws for the ends of a session.
    static func event(_ event: AMQPEvent) throws -> ConsumerEvent? {
        switch event {
        case .delivery(let delivery):
            return .delivery(ConsumerDelivery(deliveryTag: delivery.deliveryTag, redelivered: delivery.redelivered, properties: delivery.properties, body: delivery.body))
        case .confirm(let confirm):
            return .confirm(sequenceNumber: confirm.deliveryTag, multiple: confirm.multiple, isAck: confirm.isAck)
        case .returned(let returned):
            return .returned(
                replyCode: returned.replyCode, replyText: returned.replyText, exchange: returned.exchange, routingKey: returned.routingKey,
                messageId: returned.properties.messageId)
        case .consumerCancelled(_, let tag):
            // The jobs queue was deleted or the node went away: reconnect and redeclare.
            throw ConsumerInterruption.consumerCancelled(tag: tag)
        case .channelClosed(_, let error):
            throw error
        case .connectionClosed(let error):
            throw error
        case .blocked(let reason):
            return .blocked(reason: reason)
        case .unblocked:
            return .unblocked
        case .timeout:
            return .tick
        }
    }

    private mutating func perform(_ actions: [ConsumerAction]) throws {
        var pending = actions[...]
        while let action = pending.popFirst() {
            switch action {
            case .publish(let publish):
                let sequenceNumber = try channel.publish(
                    exchange: publish.exchange, routingKey: publish.routingKey, body: publish.body, properties: publish.properties, mandatory: publish.mandatory)
                guard sequenceNumber == publish.sequenceNumber else {
                    throw ConsumerInterruption.sequenceMismatch(expected: publish.sequenceNumber, actual: sequenceNumber)
                }
            case .ack(let tag):
                try channel.ack(deliveryTag: tag, multiple: true)
            case .requeue(let tag):
                try channel.nack(deliveryTag: tag, multiple: false, requeue: true)
            case .probe(let tag, let body, let envelope):
                // Synchronous: the core holds later deliveries until it has the outcome.
                let outcome = probe(body, envelope)
                pending.append(contentsOf: core.handle(.probed(deliveryTag: tag, outcome: outcome), now: now()))
            case .cancelConsumer:
                try channel.cancel(consumerTag: consumerTag)
            case .closeChannel:
                try? channel.close()
            case .finished:
                return
            }
        }
    }
}

/// Why a consumer session ended without an AMQP error of its own.
enum ConsumerInterruption: Error, CustomStringConvertible {
    /// The broker cancelled our consumer (queue deleted, node going down): reconnect and redeclare.
    case consumerCancelled(tag: String)
    /// The channel numbered a publish differently from the core's count: confirms would settle the
    /// wrong jobs, so the session ends and its jobs are redelivered.
    case sequenceMismatch(expected: UInt64, actual: UInt64)

    var description: String {
        switch self {
        case .consumerCancelled(let tag): "consumer \(tag) cancelled by the broker"
        case .sequenceMismatch(let expected, let actual): "publish sequence number \(actual), expected \(expected)"
        }
    }
}
