/// The broker's answer to queue.declare (queue.declare-ok).
public struct AMQPQueueInfo: Sendable, Equatable {
    /// The queue's name; the generated one when declared with an empty name.
    public var name: String
    /// Ready messages (not counting unacknowledged ones).
    public var messageCount: UInt32
    /// Active consumers.
    public var consumerCount: UInt32

    public init(name: String, messageCount: UInt32, consumerCount: UInt32) {
        self.name = name
        self.messageCount = messageCount
        self.consumerCount = consumerCount
    }
}
