/// The AMQP envelope of a job as the worker saw it (AMQP-agnostic plain values).
public struct JobEnvelope: Sendable, Equatable {
    public var messageId: String?
    public var correlationId: String?
    public var contentType: String?
    public var contentEncoding: String?
    public var type: String?
    /// The AMQP `timestamp` property, seconds since 1970 (contract v1.1: the default of the job's
    /// `referenceDate`). Part of the review's input, so equal envelopes still give equal results.
    public var timestamp: Int64?

    public init(messageId: String? = nil, correlationId: String? = nil, contentType: String? = nil, contentEncoding: String? = nil, type: String? = nil, timestamp: Int64? = nil) {
        self.timestamp = timestamp
        self.messageId = messageId
        self.correlationId = correlationId
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.type = type
    }
}
