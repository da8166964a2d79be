import AMQP

/// Acknowledges a consumer's deliveries in batches: one `basic.ack multiple` every `size` deliveries,
/// and the rest when the queue goes quiet or the consumer stops. The readers of results (the
/// benchmark's collectors) use it instead of each keeping its own counters.
public struct AckBatch {
    public let size: Int
    private var unacked: UInt64?
    private var sinceAck = 0

    public init(size: Int) {
        precondition(size > 0, "a batch holds at least one delivery")
        self.size = size
    }

    /// Records a delivery; acks it and every earlier one when the batch is full.
    public mutating func received(_ deliveryTag: UInt64, on channel: AMQPChannel) throws(AMQPError) {
        unacked = deliveryTag
        sinceAck += 1
        if sinceAck >= size { try flush(on: channel) }
    }

    /// Acks whatever is held (call it on a poll timeout and at the end).
    public mutating func flush(on channel: AMQPChannel) throws(AMQPError) {
        guard let tag = unacked else { return }
        try channel.ack(deliveryTag: tag, multiple: true)
        (unacked, sinceAck) = (nil, 0)
    }
}
