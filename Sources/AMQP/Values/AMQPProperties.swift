/// The basic-class content properties of a message (AMQP 0-9-1 §1.8, `basic` properties).
///
/// A `nil` field is not sent: its flag stays clear in the content header. `clusterId` (deprecated
/// in 0-9-1, rejected by RabbitMQ) is not modelled.
public struct AMQPProperties: Sendable, Equatable {
    /// MIME type, e.g. `application/json`.
    public var contentType: String?
    /// MIME content encoding, e.g. `gzip`.
    public var contentEncoding: String?
    /// Application headers; RabbitMQ adds `x-death`, `x-delivery-count` ... here.
    public var headers: AMQPTable?
    /// 1 = transient, 2 = persistent (``persistentDeliveryMode``).
    public var deliveryMode: UInt8?
    /// Priority 0...9 (effective only on priority queues).
    public var priority: UInt8?
    public var correlationId: String?
    public var replyTo: String?
    /// Per-message TTL in milliseconds, as a decimal string (AMQP's type for it).
    public var expiration: String?
    public var messageId: String?
    /// Seconds since the Unix epoch, as AMQP defines timestamps.
    public var timestamp: UInt64?
    public var type: String?
    /// Must equal the connection's user name if set (RabbitMQ validates it).
    public var userId: String?
    public var appId: String?

    /// The `deliveryMode` that makes RabbitMQ write the message to disk.
    public static let persistentDeliveryMode: UInt8 = 2

    public init(
        contentType: String? = nil,
        contentEncoding: String? = nil,
        headers: AMQPTable? = nil,
        deliveryMode: UInt8? = nil,
        priority: UInt8? = nil,
        correlationId: String? = nil,
        replyTo: String? = nil,
        expiration: String? = nil,
        messageId: String? = nil,
        timestamp: UInt64? = nil,
        type: String? = nil,
        userId: String? = nil,
        appId: String? = nil
    ) {
        self.contentType = contentType
        self.contentEncoding = contentEncoding
        self.headers = headers
        self.deliveryMode = deliveryMode
        self.priority = priority
        self.correlationId = correlationId
        self.replyTo = replyTo
        self.expiration = expiration
        self.messageId = messageId
        self.timestamp = timestamp
        self.type = type
        self.userId = userId
        self.appId = appId
    }

    /// The longest a short string (names, routing keys, most properties) may be, in bytes of UTF-8.
    public static let shortStringLimit = 255

    /// The first short-string property over ``shortStringLimit`` bytes (its name), or nil: what
    /// `AMQPChannel.publish` refuses with `invalidArgument`, for callers that check before publishing.
    ///
    /// Checked on every publish (twice by the worker), so without building a list of the fields.
    public var oversizedShortString: String? {
        func oversized(_ value: String?) -> Bool { (value?.utf8.count ?? 0) > Self.shortStringLimit }
        if oversized(contentType) { return "contentType" }
        if oversized(contentEncoding) { return "contentEncoding" }
        if oversized(correlationId) { return "correlationId" }
        if oversized(replyTo) { return "replyTo" }
        if oversized(expiration) { return "expiration" }
        if oversized(messageId) { return "messageId" }
        if oversized(type) { return "type" }
        if oversized(userId) { return "userId" }
        if oversized(appId) { return "appId" }
        return nil
    }
}
