/// A message delivered to a consumer (basic.deliver) or fetched with basic.get (basic.get-ok).
///
/// The body and properties are copies: the value stays valid after the next call on the connection.
/// Acknowledge it on the same channel and connection with ``AMQPChannel/ack(deliveryTag:multiple:)``.
public struct AMQPDelivery: Sendable, Equatable {
    /// The channel it arrived on; the delivery tag is only meaningful there.
    public var channel: UInt16
    /// The consumer it was delivered to; empty for basic.get.
    public var consumerTag: String
    /// The channel-scoped tag to ack, nack or reject it with.
    public var deliveryTag: UInt64
    /// `true` when the broker delivered it before and it was not acknowledged.
    public var redelivered: Bool
    /// The exchange it was published to (empty for the default exchange).
    public var exchange: String
    public var routingKey: String
    public var properties: AMQPProperties
    public var body: [UInt8]
    /// For basic.get: how many messages remained in the queue; nil for consumer deliveries.
    public var messageCount: UInt32?

    public init(
        channel: UInt16,
        consumerTag: String,
        deliveryTag: UInt64,
        redelivered: Bool,
        exchange: String,
        routingKey: String,
        properties: AMQPProperties,
        body: [UInt8],
        messageCount: UInt32? = nil
    ) {
        self.channel = channel
        self.consumerTag = consumerTag
        self.deliveryTag = deliveryTag
        self.redelivered = redelivered
        self.exchange = exchange
        self.routingKey = routingKey
        self.properties = properties
        self.body = body
        self.messageCount = messageCount
    }
}
