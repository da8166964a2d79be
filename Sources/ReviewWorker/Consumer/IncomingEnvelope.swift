import AMQP
import PlanReviewContract

/// The AMQP envelope of a delivered job, read as untrusted input: every property and header the
/// submitter (or anyone who can publish to the jobs queue) set, parsed with checked arithmetic and
/// bounds into plain values. A value out of its range is dropped and noted, never trusted: a
/// `timestamp` in milliseconds or nanoseconds (`time.time_ns()`), `timestamp_in_ms` = −2⁶³, an
/// `x-planreview-attempts` of 2⁶³−1 or −7.
///
/// Total: no input traps (EnvelopePropertyTests feeds it seeded random properties of every
/// ``AMQPFieldValue`` case).
public struct IncomingEnvelope: Sendable, Equatable {
    /// What the review sees of the envelope; its `timestamp` (the default of the job's `referenceDate`)
    /// only when plausible.
    public var job: JobEnvelope
    /// The AMQP `timestamp` (seconds since 1970) when it lies in ``Limits/plausibleSeconds``.
    public var timestampSeconds: Int64?
    /// When the job was submitted, ms since 1970: the `timestamp_in_ms` header when plausible, else
    /// ``timestampSeconds`` × 1000.
    public var submittedAtMilliseconds: Int64?
    /// Retry queues this job has been through (`x-planreview-attempts`), 0 … the retry count.
    public var attempts: Int
    /// The quorum queue's `x-delivery-count` (deliveries before this one), when it is a plausible integer.
    public var deliveryCount: Int?
    /// Where the copy of the result goes, if anywhere.
    public var replyTo: ReplyDestination
    /// What was ignored, in the order found.
    public var notes: [Note]

    /// The bounds an envelope is read with.
    public struct Limits: Sendable, Equatable {
        /// Seconds since 1970 a timestamp may name: 2000-01-01 … 2100-01-01 (the contract's years end at
        /// 2100). A timestamp in ms or ns, or one 1,000 years away, lies far outside.
        public var plausibleSeconds: ClosedRange<Int64> = 946_684_800...4_102_444_800
        /// Retry queues of the topology: `x-planreview-attempts` above it is not the worker's.
        public var retryCount: Int
        public var replyPolicy: ReplyToPolicy

        public init(retryCount: Int, replyPolicy: ReplyToPolicy = ReplyToPolicy()) {
            self.retryCount = max(0, retryCount)
            self.replyPolicy = replyPolicy
        }

        var plausibleMilliseconds: ClosedRange<Int64> { plausibleSeconds.lowerBound * 1000...plausibleSeconds.upperBound * 1000 }
    }

    /// Something in the envelope the worker ignored, with a stable code (for logs; the reply_to
    /// refusal also becomes a result note).
    public struct Note: Sendable, Equatable, CustomStringConvertible {
        public enum Code: String, Sendable {
            case timestampImplausible = "envelope_timestamp_implausible"
            case timestampHeaderUnreadable = "envelope_timestamp_header_unreadable"
            case attemptsOutOfRange = "envelope_attempts_out_of_range"
            case deliveryCountUnreadable = "envelope_delivery_count_unreadable"
            case replyToRefused = "reply_to_refused"
        }

        public var code: Code
        /// The property or header.
        public var field: String
        /// What was there and why it was ignored (bounded: values are shown in at most 64 characters).
        public var detail: String

        public var description: String { "\(field): \(detail) [\(code.rawValue)]" }
    }

    public init(_ properties: AMQPProperties, limits: Limits) {
        var notes: [Note] = []
        let headers = properties.headers ?? [:]

        var timestampSeconds: Int64?
        if let raw = properties.timestamp {
            if raw <= UInt64(Int64.max), limits.plausibleSeconds.contains(Int64(raw)) {
                timestampSeconds = Int64(raw)
            } else {
                notes.append(Note(code: .timestampImplausible, field: "timestamp", detail: "\(raw) is not seconds since 1970 between 2000 and 2100; ignored"))
            }
        }

        var submitted: Int64?
        if let header = headers[JobHeaders.timestampMilliseconds] {
            if let ms = Self.integer(header), limits.plausibleMilliseconds.contains(ms) {
                submitted = ms
            } else {
                notes.append(
                    Note(code: .timestampHeaderUnreadable, field: JobHeaders.timestampMilliseconds, detail: "\(Self.shown(header)) is not ms since 1970 between 2000 and 2100; ignored"))
            }
        }
        // In range, so the product is at most 4.1e12: no overflow.
        submitted = submitted ?? timestampSeconds.map { $0 * 1000 }

        var attempts = 0
        if let header = headers[RetryHeaders.attempts] {
            if let value = Self.integer(header), value >= 0, value <= Int64(limits.retryCount) {
                attempts = Int(value)
            } else {
                notes.append(
                    Note(code: .attemptsOutOfRange, field: RetryHeaders.attempts, detail: "\(Self.shown(header)) is not 0…\(limits.retryCount); counted as 0"))
            }
        }

        var deliveryCount: Int?
        if let header = headers[Self.deliveryCountHeader] {
            if let value = Self.integer(header), value >= 0, value <= Int64(Int32.max) {
                deliveryCount = Int(value)
            } else {
                notes.append(Note(code: .deliveryCountUnreadable, field: Self.deliveryCountHeader, detail: "\(Self.shown(header)) is not a delivery count; ignored"))
            }
        }

        let replyTo = limits.replyPolicy.destination(for: properties.replyTo)
        if case .refused(let name, let reason) = replyTo {
            notes.append(Note(code: .replyToRefused, field: "reply_to", detail: "'\(Self.clipped(name))' \(reason.english)"))
        }

        self.job = JobEnvelope(
            messageId: properties.messageId, correlationId: properties.correlationId, contentType: properties.contentType,
            contentEncoding: properties.contentEncoding, type: properties.type, timestamp: timestampSeconds)
        self.timestampSeconds = timestampSeconds
        self.submittedAtMilliseconds = submitted
        self.attempts = attempts
        self.deliveryCount = deliveryCount
        self.replyTo = replyTo
        self.notes = notes
    }

    /// The quorum queue's count of earlier deliveries of a message (RabbitMQ ≥ 3.10 sets it on redelivery).
    public static let deliveryCountHeader = "x-delivery-count"

    /// An integer of any AMQP integer type, or a string of decimal digits (`"1700000000000"`), or a
    /// float that is whole and fits Int64. Anything else (tables, arrays, bytes, bool, NaN, ±inf, 1e300) is nil.
    static func integer(_ value: AMQPFieldValue) -> Int64? {
        switch value {
        case .int8, .uint8, .int16, .uint16, .int32, .uint32, .int64:
            return value.intValue
        case .timestamp(let seconds):
            // A header of AMQP type timestamp is seconds; as ms it is only plausible if small.
            return seconds <= UInt64(Int64.max) ? Int64(seconds) : nil
        case .string(let text):
            guard text.utf8.count <= 20 else { return nil }
            return Int64(text)
        case .float, .double:
            guard let double = value.doubleValue, double.isFinite, double.rounded() == double,
                double >= -9.223_372_036_854_775e18, double < 9.223_372_036_854_775e18
            else { return nil }
            return Int64(double)
        default:
            return nil
        }
    }

    /// A header value as a log shows it: bounded, whatever its size or nesting.
    static func shown(_ value: AMQPFieldValue) -> String {
        switch value {
        case .string(let text): "'\(clipped(text))'"
        case .bytes(let bytes): "\(bytes.count) bytes"
        case .array(let elements): "an array of \(elements.count)"
        case .table(let table): "a table of \(table.count)"
        case .void: "void"
        case .bool(let flag): "\(flag)"
        case .float(let v): "\(v)"
        case .double(let v): "\(v)"
        case .timestamp(let v): "timestamp \(v)"
        default: value.intValue.map { "\($0)" } ?? "?"
        }
    }

    static func clipped(_ text: String, to limit: Int = 64) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}
