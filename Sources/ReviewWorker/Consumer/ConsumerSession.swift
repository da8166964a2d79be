import AMQP
import PlanReview
import PlanReviewContract

/// One connection's life after set-up: waits for events, feeds them to a ``ConsumerCore`` and performs
/// its actions on the ``ConsumerChannel``. With a ``Lane`` for the quarantine, the events of that
/// second channel (deliveries, confirms, returns) go to its own core, the connection's (blocked,
/// ticks, stop) to both. The only clock reads happen here.
///
/// Each core may publish on a channel of its own (`publisher`), apart from the one that consumes and
/// acks: when the broker closes that channel with 406 PRECONDITION_FAILED because of one message, the
/// core is told (``ConsumerEvent/publishChannelClosed(replyCode:replyText:)``), the channel is reopened
/// and the session goes on; the deliveries on the consuming channel are untouched
/// (``ConsumerCore``, "Isolation"). Any other close of any channel ends the session as before.
struct ConsumerSession<Channel: ConsumerChannel> {
    /// The quarantine consumer: a second channel of the same connection (prefetch 1) with its own core.
    struct Lane {
        var core: ConsumerCore
        let channel: Channel
        /// The AMQP channel number its events carry.
        let channelId: UInt16
        let consumerTag: String
        /// The channel its core publishes on, and that channel's number (nil: `channel`).
        var publisher: Channel? = nil
        var publisherId: UInt16? = nil
    }

    var core: ConsumerCore
    let channel: Channel
    let consumerTag: String
    var quarantine: Lane?
    /// The channel the jobs core publishes on, and its number; nil: it publishes on `channel`.
    let publisher: Channel?
    let publisherId: UInt16?
    /// Opens a publishing channel again (after the broker closed it) and confirm.selects it.
    let reopenPublisher: (UInt16) throws -> Void
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
        core: ConsumerCore, channel: Channel, consumerTag: String, quarantine: Lane? = nil, publisher: Channel? = nil, publisherId: UInt16? = nil,
        reopenPublisher: @escaping (UInt16) throws -> Void = { _ in }, pollInterval: Duration, control: ConsumerControl,
        now: @escaping () -> ConsumerTime
    ) {
        self.publisher = publisher
        self.publisherId = publisherId
        self.reopenPublisher = reopenPublisher
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
                if case .channelClosed(let id, let error) = raw, error.replyCode == Self.preconditionFailed, let event = publishChannelClosed(id, error) {
                    try event.isQuarantine ? handleQuarantine(event.event) : handleJobs(event.event)
                    continue
                }
                guard let event = try Self.event(raw) else { continue }
                let id = Self.channelId(of: raw)
                // The lane's ids only: binding the lane would copy it (and its core) on every event.
                if let id, id == quarantine?.channelId || id == quarantine?.publisherId {
                    try handleQuarantine(event)
                } else if id == nil {
                    try handle(event)
                } else {
                    try handleJobs(event)
                }
            }
        } catch {
            lostJobs = core.jobsInFlight + (quarantine?.core.jobsInFlight ?? 0)
            core.abandon()
            quarantine?.core.abandon()
            throw error
        }
    }

    /// 406 PRECONDITION_FAILED: what the broker closes a channel with for one message it refuses.
    static var preconditionFailed: UInt16 { 406 }

    /// A 406 close of a core's publishing channel, as that core's event; nil for any other channel.
    private func publishChannelClosed(_ id: UInt16, _ error: AMQPError) -> (event: ConsumerEvent, isQuarantine: Bool)? {
        let event = ConsumerEvent.publishChannelClosed(replyCode: error.replyCode ?? 0, replyText: error.replyText ?? "")
        if let publisherId, id == publisherId { return (event, false) }
        if let lane = quarantine, let laneId = lane.publisherId, id == laneId { return (event, true) }
        return nil
    }

    /// An event of the connection (blocked, unblocked, tick, stop): both cores.
    private mutating func handle(_ event: ConsumerEvent) throws {
        try handleJobs(event)
        try handleQuarantine(event)
    }

    /// An event of the jobs core. The actions are taken first and performed after: written as
    /// `perform(core.handle(…))`, the call copied the whole session (the core's arrays with it) to
    /// borrow it for `perform` while the argument mutated the core, so every write to the tracker,
    /// the ledger or the held deliveries copied them whole (a third of the echo loop's instructions).
    private mutating func handleJobs(_ event: ConsumerEvent) throws {
        let actions = core.handle(event, now: now())
        try perform(actions, on: channel, consumerTag: consumerTag)
    }

    private mutating func handleQuarantine(_ event: ConsumerEvent) throws {
        guard quarantine != nil else { return }
        // In place (and the actions taken before they are performed, as in `handleJobs`): a copy of
        // the lane taken out and stored back would share its core's arrays, and the core's next write
        // would copy them whole.
        let actions = quarantine!.core.handle(event, now: now())
        guard let lane = quarantine else { return }
        try perform(actions, on: lane.channel, publisher: lane.publisher, publisherId: lane.publisherId, consumerTag: lane.consumerTag)
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
        try perform(actions, on: channel, publisher: publisher, publisherId: publisherId, consumerTag: consumerTag)
    }

    private func perform(_ actions: [ConsumerAction], on channel: Channel, publisher: Channel?, publisherId: UInt16?, consumerTag: String) throws {
        for action in actions {
            switch action {
            case .publish(let publish):
                let sequenceNumber: UInt64
                do {
                    sequenceNumber = try (publisher ?? channel).publish(
                        exchange: publish.exchange, routingKey: publish.routingKey, body: publish.body, properties: publish.properties, mandatory: publish.mandatory)
                } catch let error as AMQPError where !error.isConnectionLevel && publisherId != nil && error.channel == publisherId {
                    // The broker closed the publishing channel and its close is on its way: this
                    // publish stays unconfirmed in the core, which publishes it again after the reopen.
                    continue
                }
                guard sequenceNumber == publish.sequenceNumber else {
                    throw ConsumerInterruption.sequenceMismatch(expected: publish.sequenceNumber, actual: sequenceNumber)
                }
            case .ack(let tag):
                try channel.ack(deliveryTag: tag, multiple: true)
            case .requeue(let tag):
                try channel.nack(deliveryTag: tag, multiple: false, requeue: true)
            case .reject(let tag):
                try channel.reject(deliveryTag: tag, requeue: false)
            case .reopenPublishChannel:
                if let publisherId { try reopenPublisher(publisherId) }
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
