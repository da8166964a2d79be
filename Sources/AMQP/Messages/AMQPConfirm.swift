/// A publisher confirm: the broker's basic.ack or basic.nack for messages published on a channel
/// in confirm mode.
///
/// With `multiple`, it settles every unsettled sequence number up to and including `deliveryTag`
/// on that channel (RabbitMQ's "Publisher Confirms" guide). A nack means the broker could not take
/// responsibility for the message (e.g. a queue's `reject-publish` overflow); republish or fail it.
public struct AMQPConfirm: Sendable, Equatable {
    public var channel: UInt16
    /// The publish sequence number returned by ``AMQPChannel/publish(exchange:routingKey:body:properties:mandatory:)``.
    public var deliveryTag: UInt64
    public var multiple: Bool
    /// `true` for basic.ack, `false` for basic.nack.
    public var isAck: Bool

    public init(channel: UInt16, deliveryTag: UInt64, multiple: Bool, isAck: Bool) {
        self.channel = channel
        self.deliveryTag = deliveryTag
        self.multiple = multiple
        self.isAck = isAck
    }
}
