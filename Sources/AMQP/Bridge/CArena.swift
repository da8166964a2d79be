import CRabbitMQ

/// Memory for C structures built from Swift values (strings, tables, properties), valid for the
/// duration of one ``with(_:)`` scope and freed at its end.
///
/// Backed by a librabbitmq `amqp_pool_t`, so one C call's arguments cost a few page allocations
/// and no per-value bookkeeping; nothing escapes the scope, so nothing leaks.
struct CArena {
    private let pool: UnsafeMutablePointer<amqp_pool_t>

    private init(pool: UnsafeMutablePointer<amqp_pool_t>) {
        self.pool = pool
    }

    /// Runs `body` with a fresh arena and releases everything allocated in it afterwards.
    static func with<R, E: Error>(_ body: (CArena) throws(E) -> R) throws(E) -> R {
        let arena = CArena.make()
        defer { arena.destroy() }
        return try body(arena)
    }

    /// An arena to use again and again (``withRecycling(_:)``), e.g. one per connection for its
    /// publishes; ``destroy()`` frees it.
    static func make() -> CArena {
        let pool = UnsafeMutablePointer<amqp_pool_t>.allocate(capacity: 1)
        init_amqp_pool(pool, 4096)
        return CArena(pool: pool)
    }

    /// Runs `body` with this arena and recycles it afterwards: what `body` allocated is void, the
    /// pages stay for the next call (`recycle_amqp_pool`), so a publish costs no page allocation.
    /// - Important: not reentrant; `body` must not use this arena's `withRecycling` itself.
    func withRecycling<R, E: Error>(_ body: (CArena) throws(E) -> R) throws(E) -> R {
        defer { recycle_amqp_pool(pool) }
        return try body(self)
    }

    /// Frees the arena's memory; it must not be used afterwards.
    func destroy() {
        empty_amqp_pool(pool)
        pool.deallocate()
    }

    /// Raw storage aligned to 8 bytes (the pool rounds every allocation up to 8).
    private func allocate(_ byteCount: Int) -> UnsafeMutableRawPointer {
        guard let memory = amqp_pool_alloc(pool, byteCount) else {
            fatalError("AMQP: out of memory allocating \(byteCount) bytes for a C argument")
        }
        return memory
    }

    /// A copy of `bytes` as `amqp_bytes_t` (empty bytes for an empty sequence).
    func bytes(_ bytes: some Collection<UInt8>) -> amqp_bytes_t {
        let count = bytes.count
        guard count > 0 else { return amqp_bytes_t(len: 0, bytes: nil) }
        let memory = allocate(count)
        let buffer = UnsafeMutableRawBufferPointer(start: memory, count: count)
        _ = buffer.initializeMemory(as: UInt8.self, from: bytes)
        return amqp_bytes_t(len: count, bytes: memory)
    }

    /// The UTF-8 bytes of `string` (not NUL-terminated: AMQP strings carry their length), copied as
    /// one block: element by element through `UTF8View` it was a tenth of the echo loop's instructions.
    func bytes(_ string: String) -> amqp_bytes_t {
        var string = string
        return string.withUTF8 { utf8 in
            guard let source = utf8.baseAddress, utf8.count > 0 else { return amqp_bytes_t(len: 0, bytes: nil) }
            let memory = allocate(utf8.count)
            memory.copyMemory(from: source, byteCount: utf8.count)
            return amqp_bytes_t(len: utf8.count, bytes: memory)
        }
    }

    /// A NUL-terminated copy for C functions that take `const char *`.
    func cString(_ string: String) -> UnsafePointer<CChar> {
        let utf8 = string.utf8
        let memory = allocate(utf8.count + 1)
        let buffer = UnsafeMutableRawBufferPointer(start: memory, count: utf8.count + 1)
        _ = buffer.initializeMemory(as: UInt8.self, from: utf8)
        buffer[utf8.count] = 0
        return UnsafePointer(memory.assumingMemoryBound(to: CChar.self))
    }

    /// `table` as `amqp_table_t`, keys sorted so the encoding is deterministic.
    func table(_ table: AMQPTable) -> amqp_table_t {
        guard !table.isEmpty else { return amqp_table_t(num_entries: 0, entries: nil) }
        let entries = allocate(MemoryLayout<amqp_table_entry_t>.stride * table.count)
            .bindMemory(to: amqp_table_entry_t.self, capacity: table.count)
        for (index, key) in table.keys.sorted().enumerated() {
            (entries + index).initialize(
                to: amqp_table_entry_t(key: bytes(key), value: fieldValue(table[key]!))
            )
        }
        return amqp_table_t(num_entries: Int32(table.count), entries: entries)
    }

    /// `values` as `amqp_array_t`.
    func array(_ values: [AMQPFieldValue]) -> amqp_array_t {
        guard !values.isEmpty else { return amqp_array_t(num_entries: 0, entries: nil) }
        let entries = allocate(MemoryLayout<amqp_field_value_t>.stride * values.count)
            .bindMemory(to: amqp_field_value_t.self, capacity: values.count)
        for (index, value) in values.enumerated() {
            (entries + index).initialize(to: fieldValue(value))
        }
        return amqp_array_t(num_entries: Int32(values.count), entries: entries)
    }

    /// One field value with RabbitMQ's type tags (see ``AMQPFieldValue``).
    func fieldValue(_ value: AMQPFieldValue) -> amqp_field_value_t {
        var field = amqp_field_value_t()
        func kind(_ k: amqp_field_value_kind_t) -> UInt8 { UInt8(truncatingIfNeeded: k.rawValue) }
        switch value {
        case .bool(let v):
            field.kind = kind(AMQP_FIELD_KIND_BOOLEAN)
            field.value.boolean = v ? 1 : 0
        case .int8(let v):
            field.kind = kind(AMQP_FIELD_KIND_I8)
            field.value.i8 = v
        case .uint8(let v):
            field.kind = kind(AMQP_FIELD_KIND_U8)
            field.value.u8 = v
        case .int16(let v):
            field.kind = kind(AMQP_FIELD_KIND_I16)
            field.value.i16 = v
        case .uint16(let v):
            field.kind = kind(AMQP_FIELD_KIND_U16)
            field.value.u16 = v
        case .int32(let v):
            field.kind = kind(AMQP_FIELD_KIND_I32)
            field.value.i32 = v
        case .uint32(let v):
            field.kind = kind(AMQP_FIELD_KIND_U32)
            field.value.u32 = v
        case .int64(let v):
            field.kind = kind(AMQP_FIELD_KIND_I64)
            field.value.i64 = v
        case .float(let v):
            field.kind = kind(AMQP_FIELD_KIND_F32)
            field.value.f32 = v
        case .double(let v):
            field.kind = kind(AMQP_FIELD_KIND_F64)
            field.value.f64 = v
        case .string(let v):
            field.kind = kind(AMQP_FIELD_KIND_UTF8)
            field.value.bytes = bytes(v)
        case .bytes(let v):
            field.kind = kind(AMQP_FIELD_KIND_BYTES)
            field.value.bytes = bytes(v)
        case .array(let v):
            field.kind = kind(AMQP_FIELD_KIND_ARRAY)
            field.value.array = array(v)
        case .table(let v):
            field.kind = kind(AMQP_FIELD_KIND_TABLE)
            field.value.table = table(v)
        case .timestamp(let v):
            field.kind = kind(AMQP_FIELD_KIND_TIMESTAMP)
            field.value.u64 = v
        case .void:
            field.kind = kind(AMQP_FIELD_KIND_VOID)
        }
        return field
    }

    /// `properties` as `amqp_basic_properties_t`, with a flag set for each non-nil field only.
    func basicProperties(_ properties: AMQPProperties) -> amqp_basic_properties_t {
        var c = amqp_basic_properties_t()
        var flags: amqp_flags_t = 0
        func flag(_ value: Int32) -> amqp_flags_t { amqp_flags_t(value) }
        if let v = properties.contentType {
            c.content_type = bytes(v)
            flags |= flag(AMQP_BASIC_CONTENT_TYPE_FLAG)
        }
        if let v = properties.contentEncoding {
            c.content_encoding = bytes(v)
            flags |= flag(AMQP_BASIC_CONTENT_ENCODING_FLAG)
        }
        if let v = properties.headers {
            c.headers = table(v)
            flags |= flag(AMQP_BASIC_HEADERS_FLAG)
        }
        if let v = properties.deliveryMode {
            c.delivery_mode = v
            flags |= flag(AMQP_BASIC_DELIVERY_MODE_FLAG)
        }
        if let v = properties.priority {
            c.priority = v
            flags |= flag(AMQP_BASIC_PRIORITY_FLAG)
        }
        if let v = properties.correlationId {
            c.correlation_id = bytes(v)
            flags |= flag(AMQP_BASIC_CORRELATION_ID_FLAG)
        }
        if let v = properties.replyTo {
            c.reply_to = bytes(v)
            flags |= flag(AMQP_BASIC_REPLY_TO_FLAG)
        }
        if let v = properties.expiration {
            c.expiration = bytes(v)
            flags |= flag(AMQP_BASIC_EXPIRATION_FLAG)
        }
        if let v = properties.messageId {
            c.message_id = bytes(v)
            flags |= flag(AMQP_BASIC_MESSAGE_ID_FLAG)
        }
        if let v = properties.timestamp {
            c.timestamp = v
            flags |= flag(AMQP_BASIC_TIMESTAMP_FLAG)
        }
        if let v = properties.type {
            c.type = bytes(v)
            flags |= flag(AMQP_BASIC_TYPE_FLAG)
        }
        if let v = properties.userId {
            c.user_id = bytes(v)
            flags |= flag(AMQP_BASIC_USER_ID_FLAG)
        }
        if let v = properties.appId {
            c.app_id = bytes(v)
            flags |= flag(AMQP_BASIC_APP_ID_FLAG)
        }
        c._flags = flags
        return c
    }
}
