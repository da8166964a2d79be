import AMQP
import PlanReviewContract

/// What the driver feeds into ``ConsumerCore``: what the broker sent, and the driver's own ticks and
/// stop request. Connection-level ends (channel or connection closed, consumer cancelled by the
/// broker) are not events: the driver ends the session and reconnects.
public enum ConsumerEvent: Sendable {
    /// basic.deliver of a job.
    case delivery(ConsumerDelivery)
    /// A publisher confirm (basic.ack / basic.nack) for the publish with this sequence number, or for
    /// all up to it with `multiple`.
    case confirm(sequenceNumber: UInt64, multiple: Bool, isAck: Bool)
    /// basic.return: the broker could not route a mandatory publish (312 NO_ROUTE) or a queue refused
    /// it. Its confirm (an ack) follows; the core counts that publish as failed.
    case returned(replyCode: UInt16, replyText: String = "", exchange: String, routingKey: String, messageId: String? = nil)
    /// The broker closed the channel the core publishes on (channel.close 406 PRECONDITION_FAILED: a
    /// message over `max_message_size`, a property it refuses) because of one of the unconfirmed
    /// publishes. The consuming channel and its unacked deliveries are untouched; the core reopens the
    /// publishing channel and finds the job that caused it (``ConsumerCore``, "Isolation").
    case publishChannelClosed(replyCode: UInt16, replyText: String)
    /// connection.blocked: the broker stops reading publishes (memory or disk alarm).
    case blocked(reason: String)
    /// connection.unblocked.
    case unblocked
    /// Nothing else happened within the poll interval; lets the core check the drain and its deadline.
    case tick
    /// Stop taking jobs (SIGTERM/SIGINT): cancel the consumer, answer what is held, then finish.
    case stopRequested
}

/// The parts of a basic.deliver the core needs.
public struct ConsumerDelivery: Sendable, Equatable {
    public var deliveryTag: UInt64
    /// Delivered before (to this or another consumer): maybe the job that crashed a worker.
    public var redelivered: Bool
    /// The job's properties: the envelope, `reply_to`, the submission time, and everything a retry
    /// publish copies.
    public var properties: AMQPProperties
    public var body: [UInt8]

    public init(deliveryTag: UInt64, redelivered: Bool = false, properties: AMQPProperties, body: [UInt8]) {
        self.deliveryTag = deliveryTag
        self.redelivered = redelivered
        self.properties = properties
        self.body = body
    }
}
