/// The AMQP envelope of a job as the worker saw it (AMQP-agnostic plain values).
public struct JobEnvelope: Sendable, Equatable {
    public var messageId: String?
    public var correlationId: String?
    public var contentType: String?
    public var contentEncoding: String?
    public var type: String?

    public init(messageId: String? = nil, correlationId: String? = nil, contentType: String? = nil, contentEncoding: String? = nil, type: String? = nil) {
        self.messageId = messageId
        self.correlationId = correlationId
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.type = type
    }
}
