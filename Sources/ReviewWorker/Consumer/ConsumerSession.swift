import AMQP
import PlanReview
import PlanReviewContract

/// One connection's life after set-up: waits for events, feeds them to a ``ConsumerCore`` and performs
/// its actions on the ``ConsumerChannel``. With a ``Lane`` for the quarantine, the events of that
/// second channel (deliveries, confirms, returns) go to its own core, the connection's (blocked,
/// ticks, stop) to both. The only clock reads happen here.
struct ConsumerSession<Channel: ConsumerChannel> {
    /// The quarantine consumer: a second channel of the same connection (prefetch 1) with its own core.
    struct Lane {
        var core: ConsumerCore
        let channel: Channel
        /// The AMQP channel number its events carry.
        let channelId: UInt16
        let consumerTag: String
    }

    var core: ConsumerCore
    let channel: Channel
    let consumerTag: String
    var quarantine: Lane?
    /// How long one wait for events may block (keeps heartbeats and the stop flag serviced).
    let pollInterval: Duration
    let control: ConsumerControl
    /// The driver's clocks.
    let now: () -> ConsumerTime
    /// Jobs in flight when the session failed; the broker redelivers them.
    private(set) var lostJobs = 0

    /// Runs until the core has finished (drained, or the shutdown deadline passed). Throws when the
    /// channel or connection fails or the broker cancels the consumer; the core then abandons its jobs
    /// (the broker redelivers them) and the caller reconnects.
    init(
        core: ConsumerCore, channel: Channel, consumerTag: String, quarantine: Lane? = nil, pollInterval: Duration, control: ConsumerControl,
        now: @escaping () -> ConsumerTime
    ) {
        self.core = core
        self.channel = channel
        self.consumerTag = consumerTag
        self.quarantine = quarantine
        self.pollInterval = pollInterval
        self.control = control
        self.now = now
    }

    private var isFinished: Bool { core.isFinished && (quarantine?.core.isFinished ?? true) }

    mutating func run() throws {
        do {
            while !isFinished {
                if !core.isDraining, control.isStopRequested {
                    control.state = .draining
                    try handle(.stopRequested)
                }
                let raw = try channel.nextEvent(timeout: pollInterval)
                guard let event = try Self.event(raw) else { continue }
                if let lane = quarantine, Self.channelId(of: raw) == lane.channelId {
                    try handleQuarantine(event)
                } else if Self.channelId(of: raw) == nil {
                    try handle(event)
                } else {
                    try perform(core.handle(event, now: now()), on: channel, consumerTag: consumerTag)
                }
            }
        } catch {
            lostJobs = core.jobsInFlight + (quarantine?.core.jobsInFlight ?? 0)
            core.abandon()
            quarantine?.core.abandon()
            throw error
        }
    }

    /// An event of the connection (blocked, unblocked, tick, stop): both cores.
    private mutating func handle(_ event: ConsumerEvent) throws {
        try perform(core.handle(event, now: now()), on: channel, consumerTag: consumerTag)
        try handleQuarantine(event)
    }

    private mutating func handleQuarantine(_ event: ConsumerEvent) throws {
        guard var lane = quarantine else { return }
        let actions = lane.core.handle(event, now: now())
        quarantine = lane
        try perform(actions, on: lane.channel, consumerTag: lane.consumerTag)
    }

    /// The channel an event belongs to; nil for the connection's own.
    static func channelId(of event: AMQPEvent) -> UInt16? {
        switch event {
        case .delivery(let delivery): delivery.channel
        case .confirm(let confirm): confirm.channel
        case .returned(let returned): returned.channel
        default: nil
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

    private func perform(_ actions: [ConsumerAction], on channel: Channel, consumerTag: String) throws {
        for action in actions {
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
