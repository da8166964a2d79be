/// An AMQP field table: message headers, queue and exchange arguments, client properties.
public typealias AMQPTable = [String: AMQPFieldValue]

/// One value in an AMQP field table or field array (AMQP 0-9-1 §4.2.5.5, with RabbitMQ's type tags).
///
/// Literals pick the types RabbitMQ expects: an integer literal is `.int64` (tag `l`, which RabbitMQ
/// accepts for `x-delivery-limit`, `x-message-ttl`, `x-max-length` ...), a float literal `.double`,
/// a string literal (also an interpolated one) `.string` (tag `S`, long string).
///
/// Decoding is total: a `L` (unsigned 64-bit) value decodes to `.int64` when it fits, else to
/// `.double`; a `D` (decimal) decodes to `.double`; a `S` string that is not valid UTF-8 decodes to
/// `.bytes`. RabbitMQ itself sends none of these.
public enum AMQPFieldValue: Sendable, Hashable {
    case bool(Bool)
    case int8(Int8)
    case uint8(UInt8)
    case int16(Int16)
    case uint16(UInt16)
    case int32(Int32)
    case uint32(UInt32)
    case int64(Int64)
    case float(Float)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case array([AMQPFieldValue])
    case table(AMQPTable)
    /// Seconds since the Unix epoch, as AMQP defines timestamps.
    case timestamp(UInt64)
    case void
}

extension AMQPFieldValue {
    /// The value of any integer case as `Int64` (nil for other cases).
    public var intValue: Int64? {
        switch self {
        case .int8(let v): Int64(v)
        case .uint8(let v): Int64(v)
        case .int16(let v): Int64(v)
        case .uint16(let v): Int64(v)
        case .int32(let v): Int64(v)
        case .uint32(let v): Int64(v)
        case .int64(let v): v
        default: nil
        }
    }

    /// The string of a `.string` value (nil for other cases).
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The value of a `.bool` (nil for other cases).
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The value of a `.float` or `.double` as `Double` (nil for other cases).
    public var doubleValue: Double? {
        switch self {
        case .float(let v): Double(v)
        case .double(let v): v
        default: nil
        }
    }

    /// The elements of an `.array` (nil for other cases), e.g. RabbitMQ's `x-death` header.
    public var arrayValue: [AMQPFieldValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The table of a `.table` (nil for other cases), e.g. one `x-death` entry.
    public var tableValue: AMQPTable? {
        if case .table(let t) = self { return t }
        return nil
    }
}

extension AMQPFieldValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    /// A `.string`; interpolated literals (`"attempt \(n)"`) are `.string` too.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension AMQPFieldValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) {
        self = .int64(value)
    }
}

extension AMQPFieldValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension AMQPFieldValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) {
        self = .double(value)
    }
}

extension AMQPFieldValue: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: AMQPFieldValue...) {
        self = .array(elements)
    }
}

extension AMQPFieldValue: ExpressibleByDictionaryLiteral {
    /// A nested table; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, AMQPFieldValue)...) {
        self = .table(AMQPTable(elements, uniquingKeysWith: { _, last in last }))
    }
}
