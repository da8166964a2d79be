import CRabbitMQ

// Copies out of librabbitmq's structures into Swift values. Everything decoded by librabbitmq
// lives in its per-channel pools until the next `amqp_maybe_release_buffers`, so these copies
// are made right after each frame is read.

extension String {
    /// The bytes as UTF-8 (invalid sequences repaired with U+FFFD).
    init(amqpBytes bytes: amqp_bytes_t) {
        guard bytes.len > 0, let start = bytes.bytes else {
            self = ""
            return
        }
        self = String(decoding: UnsafeRawBufferPointer(start: start, count: bytes.len), as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// A copy of the bytes.
    init(amqpBytes bytes: amqp_bytes_t) {
        guard bytes.len > 0, let start = bytes.bytes else {
            self = []
            return
        }
        self = Array(UnsafeRawBufferPointer(start: start, count: bytes.len))
    }
}

extension AMQPFieldValue {
    /// Decodes one field value; see ``AMQPFieldValue`` for the lossy kinds (`L`, `D`).
    init(cValue field: amqp_field_value_t) {
        switch amqp_field_value_kind_t(rawValue: amqp_field_value_kind_t.RawValue(field.kind)) {
        case AMQP_FIELD_KIND_BOOLEAN: self = .bool(field.value.boolean != 0)
        case AMQP_FIELD_KIND_I8: self = .int8(field.value.i8)
        case AMQP_FIELD_KIND_U8: self = .uint8(field.value.u8)
        case AMQP_FIELD_KIND_I16: self = .int16(field.value.i16)
        case AMQP_FIELD_KIND_U16: self = .uint16(field.value.u16)
        case AMQP_FIELD_KIND_I32: self = .int32(field.value.i32)
        case AMQP_FIELD_KIND_U32: self = .uint32(field.value.u32)
        case AMQP_FIELD_KIND_I64: self = .int64(field.value.i64)
        case AMQP_FIELD_KIND_U64:
            let v = field.value.u64
            self = v <= UInt64(Int64.max) ? .int64(Int64(v)) : .double(Double(v))
        case AMQP_FIELD_KIND_F32: self = .float(field.value.f32)
        case AMQP_FIELD_KIND_F64: self = .double(field.value.f64)
        case AMQP_FIELD_KIND_DECIMAL:
            let decimal = field.value.decimal
            var divisor = 1.0
            for _ in 0..<min(decimal.decimals, 30) { divisor *= 10 }
            self = .double(Double(Int32(bitPattern: decimal.value)) / divisor)
        case AMQP_FIELD_KIND_UTF8:
            let raw = [UInt8](amqpBytes: field.value.bytes)
            if let string = String(validating: raw, as: UTF8.self) {
                self = .string(string)
            } else {
                self = .bytes(raw)
            }
        case AMQP_FIELD_KIND_BYTES: self = .bytes([UInt8](amqpBytes: field.value.bytes))
        case AMQP_FIELD_KIND_ARRAY: self = .array([AMQPFieldValue](cArray: field.value.array))
        case AMQP_FIELD_KIND_TIMESTAMP: self = .timestamp(field.value.u64)
        case AMQP_FIELD_KIND_TABLE: self = .table(AMQPTable(cTable: field.value.table))
        default: self = .void
        }
    }
}

extension Array where Element == AMQPFieldValue {
    init(cArray array: amqp_array_t) {
        guard array.num_entries > 0, let entries = array.entries else {
            self = []
            return
        }
        self = (0..<Int(array.num_entries)).map { AMQPFieldValue(cValue: entries[$0]) }
    }
}

extension Dictionary where Key == String, Value == AMQPFieldValue {
    /// Decodes a table; a repeated key (not allowed by the spec) keeps its last value.
    init(cTable table: amqp_table_t) {
        self = [:]
        guard table.num_entries > 0, let entries = table.entries else { return }
        reserveCapacity(Int(table.num_entries))
        for index in 0..<Int(table.num_entries) {
            let entry = entries[index]
            self[String(amqpBytes: entry.key)] = AMQPFieldValue(cValue: entry.value)
        }
    }
}

extension AMQPProperties {
    /// Decodes the fields whose flag is set.
    init(cProperties c: amqp_basic_properties_t) {
        self.init()
        let flags = c._flags
        func has(_ flag: Int32) -> Bool { flags & amqp_flags_t(flag) != 0 }
        if has(AMQP_BASIC_CONTENT_TYPE_FLAG) { contentType = String(amqpBytes: c.content_type) }
        if has(AMQP_BASIC_CONTENT_ENCODING_FLAG) { contentEncoding = String(amqpBytes: c.content_encoding) }
        if has(AMQP_BASIC_HEADERS_FLAG) { headers = AMQPTable(cTable: c.headers) }
        if has(AMQP_BASIC_DELIVERY_MODE_FLAG) { deliveryMode = c.delivery_mode }
        if has(AMQP_BASIC_PRIORITY_FLAG) { priority = c.priority }
        if has(AMQP_BASIC_CORRELATION_ID_FLAG) { correlationId = String(amqpBytes: c.correlation_id) }
        if has(AMQP_BASIC_REPLY_TO_FLAG) { replyTo = String(amqpBytes: c.reply_to) }
        if has(AMQP_BASIC_EXPIRATION_FLAG) { expiration = String(amqpBytes: c.expiration) }
        if has(AMQP_BASIC_MESSAGE_ID_FLAG) { messageId = String(amqpBytes: c.message_id) }
        if has(AMQP_BASIC_TIMESTAMP_FLAG) { timestamp = c.timestamp }
        if has(AMQP_BASIC_TYPE_FLAG) { type = String(amqpBytes: c.type) }
        if has(AMQP_BASIC_USER_ID_FLAG) { userId = String(amqpBytes: c.user_id) }
        if has(AMQP_BASIC_APP_ID_FLAG) { appId = String(amqpBytes: c.app_id) }
    }
}
