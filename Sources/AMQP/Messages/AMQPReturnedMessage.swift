/// A message the broker handed back (basic.return), e.g. 312 NO_ROUTE for a mandatory publish that
/// matched no queue.
///
/// In confirm mode the broker still confirms (acks) a returned message, after the return.
public struct AMQPReturnedMessage: Sendable, Equatable {
    public var channel: UInt16
    /// 312 NO_ROUTE for unroutable mandatory messages.
    public var replyCode: UInt16
    public var replyText: String
    public var exchange: String
    public var routingKey: String
    public var properties: AMQPProperties
    public var body: [UInt8]

    public init(
        channel: UInt16,
        replyCode: UInt16,
        replyText: String,
        exchange: String,
        routingKey: String,
        properties: AMQPProperties,
        body: [UInt8]
    ) {
        self.channel = channel
        self.replyCode = replyCode
        self.replyText = replyText
        self.exchange = exchange
        self.routingKey = routingKey
        self.properties = properties
        self.body = body
    }
}
