import CRabbitMQ

/// One AMQP channel of an ``AMQPConnection``: declare topology, consume, publish, acknowledge.
///
/// A value that names a channel of a connection; it holds a reference to the connection, whose
/// state (open or closed, publish sequence numbers) it uses. Get one from
/// ``AMQPConnection/openChannel(_:)``.
///
/// Which calls are safe while consuming and with unconfirmed publishes in flight: all of them.
/// `publish`, `ack`, `nack` and `reject` are asynchronous (nothing awaited) and belong in the hot
/// loop. The other methods are synchronous requests: they block until the broker replies, and
/// whatever arrives meanwhile (deliveries, confirms, returns ...) is kept, in order, for
/// ``AMQPConnection/nextEvent(timeout:)``. Keep them out of the hot loop for latency, not safety.
///
/// A channel exception from the broker (e.g. 406 PRECONDITION_FAILED on an inequivalent redeclare,
/// 404 NOT_FOUND on a passive declare) throws ``AMQPError/Code/channelClosedByServer`` with the
/// reply code and text, closes this channel (close-ok is sent) and leaves the connection usable:
/// open the same or another channel id to go on. Calls on a closed channel throw
/// ``AMQPError/Code/closed``.
///
/// - Important: Belongs to the thread that owns its connection (not `Sendable`).
public struct AMQPChannel {
    /// The channel id (1 ... ``AMQPConnection/channelMax``).
    public let id: UInt16
    /// The connection the channel belongs to.
    public let connection: AMQPConnection

    init(id: UInt16, connection: AMQPConnection) {
        self.id = id
        self.connection = connection
    }

    /// `true` while the channel is open (not closed by either side, connection alive).
    public var isOpen: Bool { connection.isOpen && connection.isChannelOpen(id) }

    // MARK: Exchanges

    /// exchange.declare. With `passive`, only checks that the exchange exists (404 otherwise).
    public func exchangeDeclare(
        _ name: String,
        type: String,
        durable: Bool = true,
        autoDelete: Bool = false,
        internal isInternal: Bool = false,
        passive: Bool = false,
        arguments: AMQPTable = [:]
    ) throws(AMQPError) {
        let operation = "exchange.declare"
        try checkShortString(name, "exchange", operation)
        try checkShortString(type, "type", operation)
        try CArena.with { (arena) throws(AMQPError) in
            var request = amqp_exchange_declare_t()
            request.exchange = arena.bytes(name)
            request.type = arena.bytes(type)
            request.passive = amqpBoolean(passive)
            request.durable = amqpBoolean(durable)
            request.auto_delete = amqpBoolean(autoDelete)
            request.internal = amqpBoolean(isInternal)
            request.arguments = arena.table(arguments)
            try connection.rpc(
                channel: id, operation: operation, method: AMQP_EXCHANGE_DECLARE_METHOD, request: &request,
                replies: [AMQP_EXCHANGE_DECLARE_OK_METHOD]
            ) { _ in () }
        }
    }

    /// exchange.delete.
    public func exchangeDelete(_ name: String, ifUnused: Bool = false) throws(AMQPError) {
        let operation = "exchange.delete"
        try checkShortString(name, "exchange", operation)
        try CArena.with { (arena) throws(AMQPError) in
            var request = amqp_exchange_delete_t()
            request.exchange = arena.bytes(name)
            request.if_unused = amqpBoolean(ifUnused)
            try connection.rpc(
                channel: id, operation: operation, method: AMQP_EXCHANGE_DELETE_METHOD, request: &request,
                replies: [AMQP_EXCHANGE_DELETE_OK_METHOD]
            ) { _ in () }
        }
    }

    // MARK: Queues

    /// queue.declare. An empty `name` asks the broker to generate one (returned in the info).
    /// With `passive`, only checks that the queue exists (404 NOT_FOUND closes the channel).
    @discardableResult
    public func queueDeclare(
        _ name: String,
        durable: Bool = true,
        exclusive: Bool = false,
        autoDelete: Bool = false,
        passive: Bool = false,
        arguments: AMQPTable = [:]
    ) throws(AMQPError) -> AMQPQueueInfo {
        let operation = "queue.declare"
        try checkShortString(name, "queue", operation)
        return try CArena.with { (arena) throws(AMQPError) in
            var request = amqp_queue_declare_t()
            request.queue = arena.bytes(name)
            request.passive = amqpBoolean(passive)
            request.durable = amqpBoolean(durable)
            request.exclusive = amqpBoolean(exclusive)
            request.auto_delete = amqpBoolean(autoDelete)
            request.arguments = arena.table(arguments)
            return try connection.rpc(
                channel: id, operation: operation, method: AMQP_QUEUE_DECLARE_METHOD, request: &request,
                replies: [AMQP_QUEUE_DECLARE_OK_METHOD]
            ) { reply in
                let ok = reply.decoded!.assumingMemoryBound(to: amqp_queue_declare_ok_t.self).pointee
                return AMQPQueueInfo(
                    name: String(amqpBytes: ok.queue), messageCount: ok.message_count,
                    consumerCount: ok.consumer_count)
            }
        }
    }

    /// queue.bind.
    public func queueBind(_ queue: String, exchange: String, routingKey: String, arguments: AMQPTable = [:]) throws(AMQPError) {
        let operation = "queue.bind"
        try checkShortString(queue, "queue", operation)
        try checkShortString(exchange, "exchange", operation)
        try checkShortString(routingKey, "routing key", operation)
        try CArena.with { (arena) throws(AMQPError) in
            var request = amqp_queue_bind_t()
            request.queue = arena.bytes(queue)
            request.exchange = arena.bytes(exchange)
            request.routing_key = arena.bytes(routingKey)
            request.arguments = arena.table(arguments)
            try connection.rpc(
                channel: id, operation: operation, method: AMQP_QUEUE_BIND_METHOD, request: &request,
                replies: [AMQP_QUEUE_BIND_OK_METHOD]
            ) { _ in () }
        }
    }

    /// queue.unbind.
    public func queueUnbind(_ queue: String, exchange: String, routingKey: String, arguments: AMQPTable = [:]) throws(AMQPError) {
        let operation = "queue.unbind"
        try checkShortString(queue, "queue", operation)
        try checkShortString(exchange, "exchange", operation)
        try checkShortString(routingKey, "routing key", operation)
        try CArena.with { (arena) throws(AMQPError) in
            var request = amqp_queue_unbind_t()
            request.queue = arena.bytes(queue)
            request.exchange = arena.bytes(exchange)
            request.routing_key = arena.bytes(routingKey)
            request.arguments = arena.table(arguments)
            try connection.rpc(
                channel: id, operation: operation, method: AMQP_QUEUE_UNBIND_METHOD, request: &request,
                replies: [AMQP_QUEUE_UNBIND_OK_METHOD]
            ) { _ in () }
        }
    }

    /// queue.purge: removes the ready messages; returns how many.
    @discardableResult
    public func queuePurge(_ queue: String) throws(AMQPError) -> UInt32 {
        let operation = "queue.purge"
        try checkShortString(queue, "queue", operation)
        return try CArena.with { (arena) throws(AMQPError) in
            var request = amqp_queue_purge_t()
            request.queue = arena.bytes(queue)
            return try connection.rpc(
                channel: id, operation: operation, method: AMQP_QUEUE_PURGE_METHOD, request: &request,
                replies: [AMQP_QUEUE_PURGE_OK_METHOD]
            ) { reply in
                reply.decoded!.assumingMemoryBound(to: amqp_queue_purge_ok_t.self).pointee.message_count
            }
        }
    }

    /// queue.delete: returns how many messages were deleted with it. Consumers of the queue get
    /// a broker basic.cancel (``AMQPEvent/consumerCancelled(channel:consumerTag:)``).
    @discardableResult
    public func queueDelete(_ queue: String, ifUnused: Bool = false, ifEmpty: Bool = false) throws(AMQPError) -> UInt32 {
        let operation = "queue.delete"
        try checkShortString(queue, "queue", operation)
        return try CArena.with { (arena) throws(AMQPError) in
            var request = amqp_queue_delete_t()
            request.queue = arena.bytes(queue)
            request.if_unused = amqpBoolean(ifUnused)
            request.if_empty = amqpBoolean(ifEmpty)
            return try connection.rpc(
                channel: id, operation: operation, method: AMQP_QUEUE_DELETE_METHOD, request: &request,
                replies: [AMQP_QUEUE_DELETE_OK_METHOD]
            ) { reply in
                reply.decoded!.assumingMemoryBound(to: amqp_queue_delete_ok_t.self).pointee.message_count
            }
        }
    }

    // MARK: Closing

    /// channel.close: unacknowledged deliveries are requeued by the broker, and deliveries not
    /// yet read are not handed out. Wait for outstanding confirms first: confirms the broker
    /// sent before the close still arrive as events, later ones never come. Idempotent.
    public func close() throws(AMQPError) {
        let operation = "channel.close"
        guard connection.isOpen else { throw connection.closedError(operation: operation) }
        guard connection.isChannelOpen(id) else { return }
        connection.markChannelClosedByClient(id)
        do throws(AMQPError) {
            try CArena.with { (arena) throws(AMQPError) in
                var request = amqp_channel_close_t()
                request.reply_code = UInt16(AMQP_REPLY_SUCCESS)
                request.reply_text = arena.bytes("OK")
                try connection.rpc(
                    channel: id, operation: operation, method: AMQP_CHANNEL_CLOSE_METHOD, request: &request,
                    replies: [AMQP_CHANNEL_CLOSE_OK_METHOD], requireOpenChannel: false
                ) { _ in () }
            }
        } catch where error.code == .channelClosedByServer && error.channel == id {
            // Both sides closed at once; the broker's close was answered with close-ok.
            return
        }
    }

    // MARK: Helpers

    func checkShortString(_ value: String, _ field: String, _ operation: String) throws(AMQPError) {
        guard value.utf8.count <= 255 else {
            throw AMQPError(
                code: .invalidArgument, operation: operation, channel: id,
                detail: "\(field) is longer than 255 bytes", isConnectionLevel: false)
        }
    }

    func checkShortStrings(of properties: AMQPProperties, _ operation: String) throws(AMQPError) {
        if let name = properties.oversizedShortString {
            throw AMQPError(
                code: .invalidArgument, operation: operation, channel: id,
                detail: "\(name) is longer than 255 bytes", isConnectionLevel: false)
        }
    }
}

@available(*, unavailable)
extension AMQPChannel: Sendable {}

/// `amqp_boolean_t` for a Swift `Bool`.
@inline(__always)
func amqpBoolean(_ value: Bool) -> amqp_boolean_t { value ? 1 : 0 }
