import AMQP
import PlanReview
import PlanReviewContract

/// What ``ConsumerCore`` asks its driver to do, in order. The driver performs them on its channel and
/// feeds what comes back (confirms, returns) in as events.
public enum ConsumerAction: Sendable, Equatable {
    /// basic.publish. The core counts the channel's confirm sequence numbers itself (1, 2, 3 … after
    /// confirm.select); the driver checks that the channel returned `sequenceNumber`.
    case publish(ConsumerPublish)
    /// basic.ack of every unacked delivery up to and including this tag (`multiple: true`).
    case ack(upToDeliveryTag: UInt64)
    /// basic.nack with `requeue: true` for one delivery: it returns to the queue, which counts the
    /// delivery against `x-delivery-limit`.
    case requeue(deliveryTag: UInt64)
    /// basic.reject with `requeue: false` for one delivery: the jobs queue's dead-letter exchange takes
    /// it (the last resort for a job none of whose messages the broker would take).
    case reject(deliveryTag: UInt64)
    /// Open the publishing channel again (same id) and confirm.select it: its sequence numbers start
    /// at 1 again. Comes first in the actions answering ``ConsumerEvent/publishChannelClosed(replyCode:replyText:)``.
    case reopenPublishChannel
    /// basic.cancel of this consumer: no new deliveries.
    case cancelConsumer
    /// channel.close after a clean drain: nothing is in flight.
    case closeChannel
    /// The session is over: return from the loop (after `closeChannel`, or at the shutdown deadline
    /// with unanswered jobs that the broker redelivers).
    case finished
}

/// One basic.publish the core asks for.
public struct ConsumerPublish: Sendable, Equatable {
    /// The confirm sequence number the channel gives this publish.
    public var sequenceNumber: UInt64
    public var exchange: String
    public var routingKey: String
    public var body: [UInt8]
    public var properties: AMQPProperties
    public var mandatory: Bool

    public init(sequenceNumber: UInt64, exchange: String, routingKey: String, body: [UInt8], properties: AMQPProperties, mandatory: Bool = false) {
        self.sequenceNumber = sequenceNumber
        self.exchange = exchange
        self.routingKey = routingKey
        self.body = body
        self.properties = properties
        self.mandatory = mandatory
    }
}
