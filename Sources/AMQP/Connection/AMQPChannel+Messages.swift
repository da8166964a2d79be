import CRabbitMQ

/// Consuming, publishing and acknowledging: the calls of a consumer's and a publisher's loop.
extension AMQPChannel {
    // MARK: Consuming

    /// basic.qos: at most `prefetchCount` unacknowledged deliveries (per consumer, or per
    /// channel with `global` in RabbitMQ's reading). 0 means unlimited.
    public func qos(prefetchCount: UInt16, global: Bool = false) throws(AMQPError) {
        var request = amqp_basic_qos_t(prefetch_size: 0, prefetch_count: prefetchCount, global: amqpBoolean(global))
        try connection.rpc(
            channel: id, operation: "basic.qos", method: AMQP_BASIC_QOS_METHOD, request: &request,
            replies: [AMQP_BASIC_QOS_OK_METHOD]
        ) { _ in () }
    }

    /// basic.consume: starts a consumer; deliveries arrive as ``AMQPEvent/delivery(_:)``.
    /// Returns the consumer tag (the broker's when `consumerTag` is empty).
    @discardableResult
    public func consume(
        queue: String,
        consumerTag: String = "",
        noAck: Bool = false,
        exclusive: Bool = false,
        arguments: AMQPTable = [:]
    ) throws(AMQPError) -> String {
        let operation = "basic.consume"
        try checkShortString(queue, "queue", operation)
        try checkShortString(consumerTag, "consumer tag", operation)
        return try CArena.with { (arena) throws(AMQPError) in
            var request = amqp_basic_consume_t()
            request.queue = arena.bytes(queue)
            request.consumer_tag = arena.bytes(consumerTag)
            request.no_ack = amqpBoolean(noAck)
            request.exclusive = amqpBoolean(exclusive)
            request.arguments = arena.table(arguments)
            return try connection.rpc(
                channel: id, operation: operation, method: AMQP_BASIC_CONSUME_METHOD, request: &request,
                replies: [AMQP_BASIC_CONSUME_OK_METHOD]
            ) { reply in
                String(amqpBytes: reply.decoded!.assumingMemoryBound(to: amqp_basic_consume_ok_t.self).pointee.consumer_tag)
            }
        }
    }

    /// basic.cancel: stops a consumer. Deliveries already sent still arrive and must be acked
    /// (or are requeued when the channel closes).
    public func cancel(consumerTag: String) throws(AMQPError) {
        let operation = "basic.cancel"
        try checkShortString(consumerTag, "consumer tag", operation)
        try CArena.with { (arena) throws(AMQPError) in
            var request = amqp_basic_cancel_t(consumer_tag: arena.bytes(consumerTag), nowait: 0)
            try connection.rpc(
                channel: id, operation: operation, method: AMQP_BASIC_CANCEL_METHOD, request: &request,
                replies: [AMQP_BASIC_CANCEL_OK_METHOD]
            ) { _ in () }
        }
    }

    /// basic.get: fetches one message; `nil` when the queue is empty.
    public func get(queue: String, noAck: Bool = false) throws(AMQPError) -> AMQPDelivery? {
        let operation = "basic.get"
        try checkShortString(queue, "queue", operation)
        struct GetOK {
            var deliveryTag: UInt64
            var redelivered: Bool
            var exchange: String
            var routingKey: String
            var messageCount: UInt32
        }
        let ok: GetOK? = try CArena.with { (arena) throws(AMQPError) in
            var request = amqp_basic_get_t()
            request.queue = arena.bytes(queue)
            request.no_ack = amqpBoolean(noAck)
            return try connection.rpc(
                channel: id, operation: operation, method: AMQP_BASIC_GET_METHOD, request: &request,
                replies: [AMQP_BASIC_GET_OK_METHOD, AMQP_BASIC_GET_EMPTY_METHOD]
            ) { reply -> GetOK? in
                guard reply.id == AMQP_BASIC_GET_OK_METHOD else { return nil }
                let m = reply.decoded!.assumingMemoryBound(to: amqp_basic_get_ok_t.self).pointee
                return GetOK(
                    deliveryTag: m.delivery_tag, redelivered: m.redelivered != 0,
                    exchange: String(amqpBytes: m.exchange), routingKey: String(amqpBytes: m.routing_key),
                    messageCount: m.message_count)
            }
        }
        guard let ok else { return nil }
        switch try connection.readContent(channel: id, operation: operation) {
        case .message(let properties, let body):
            return AMQPDelivery(
                channel: id, consumerTag: "", deliveryTag: ok.deliveryTag, redelivered: ok.redelivered,
                exchange: ok.exchange, routingKey: ok.routingKey, properties: properties, body: body,
                messageCount: ok.messageCount)
        case .interrupted(.channelClosed(_, let error)), .interrupted(.connectionClosed(let error)):
            throw error
        case .interrupted(let event):
            connection.pushPending(event)
            throw connection.closedError(operation: operation)
        }
    }

    // MARK: Publishing

    /// confirm.select: the broker will ack or nack every later publish on this channel
    /// (``AMQPEvent/confirm(_:)``); ``publish(exchange:routingKey:body:properties:mandatory:)``
    /// then returns sequence numbers 1, 2, ... Idempotent.
    public func confirmSelect() throws(AMQPError) {
        var request = amqp_confirm_select_t(nowait: 0)
        try connection.rpc(
            channel: id, operation: "confirm.select", method: AMQP_CONFIRM_SELECT_METHOD, request: &request,
            replies: [AMQP_CONFIRM_SELECT_OK_METHOD]
        ) { _ in () }
        connection.enableConfirms(on: id)
    }

    /// basic.publish. Asynchronous: returns once the frames are written, without waiting for
    /// the confirm.
    ///
    /// - Important: While the broker blocks the connection (``AMQPEvent/blocked(reason:)``, a
    ///   memory or disk alarm) it stops reading, and a publish blocks in the socket write once
    ///   the buffers are full, for as long as the alarm lasts. Stop publishing on `.blocked` and
    ///   resume on `.unblocked`.
    ///
    /// - Returns: the publish sequence number (1, 2, ... per channel) in confirm mode, which the
    ///   broker's ``AMQPConfirm/deliveryTag`` refers to; 0 outside confirm mode.
    /// - Throws: ``AMQPError/Code/invalidArgument`` (nothing sent) for a name or property longer
    ///   than 255 bytes; otherwise any failure is connection-level, because part of the message
    ///   may have been written.
    @discardableResult
    public func publish(
        exchange: String,
        routingKey: String,
        body: [UInt8],
        properties: AMQPProperties = AMQPProperties(),
        mandatory: Bool = false
    ) throws(AMQPError) -> UInt64 {
        let operation = "basic.publish"
        try checkShortString(exchange, "exchange", operation)
        try checkShortString(routingKey, "routing key", operation)
        try checkShortStrings(of: properties, operation)
        let state = try connection.requireOpen(channel: id, operation: operation)
        let channel = id
        connection.willWrite()
        defer { connection.didWrite() }
        let status = connection.publishArena.withRecycling { arena in
            var cProperties = arena.basicProperties(properties)
            let cExchange = arena.bytes(exchange)
            let cRoutingKey = arena.bytes(routingKey)
            return body.withUnsafeBytes { buffer in
                let cBody = amqp_bytes_t(len: buffer.count, bytes: UnsafeMutableRawPointer(mutating: buffer.baseAddress))
                return amqp_basic_publish(state, channel, cExchange, cRoutingKey, amqpBoolean(mandatory), 0, &cProperties, cBody)
            }
        }
        guard status == AMQP_STATUS_OK.rawValue else {
            // The method frame may be on the wire without its content: the stream is unusable.
            let error = connection.sendFailed(status: status, operation: operation, channel: id)
            if error.isConnectionLevel { throw error }
            var fatal = error
            fatal.isConnectionLevel = true
            fatal.detail = "the message could not be encoded after its method frame was sent"
            throw connection.abort(fatal)
        }
        return connection.takePublishSequence(on: id)
    }

    // MARK: Acknowledging

    /// basic.ack for a delivery on this channel (all up to `deliveryTag` with `multiple`).
    /// Asynchronous: an unknown tag is answered by the broker with a channel close (406),
    /// which arrives as ``AMQPEvent/channelClosed(channel:error:)``.
    public func ack(deliveryTag: UInt64, multiple: Bool = false) throws(AMQPError) {
        let state = try connection.requireOpen(channel: id, operation: "basic.ack")
        connection.willWrite()
        defer { connection.didWrite() }
        let status = amqp_basic_ack(state, id, deliveryTag, amqpBoolean(multiple))
        guard status == AMQP_STATUS_OK.rawValue else {
            throw connection.connectionLost(status: status, operation: "basic.ack")
        }
    }

    /// basic.nack (RabbitMQ extension): negative acknowledgement; `requeue: false` dead-letters
    /// the message when its queue has a dead-letter exchange, else drops it.
    public func nack(deliveryTag: UInt64, multiple: Bool = false, requeue: Bool = true) throws(AMQPError) {
        let state = try connection.requireOpen(channel: id, operation: "basic.nack")
        connection.willWrite()
        defer { connection.didWrite() }
        let status = amqp_basic_nack(state, id, deliveryTag, amqpBoolean(multiple), amqpBoolean(requeue))
        guard status == AMQP_STATUS_OK.rawValue else {
            throw connection.connectionLost(status: status, operation: "basic.nack")
        }
    }

    /// basic.reject for one delivery.
    public func reject(deliveryTag: UInt64, requeue: Bool) throws(AMQPError) {
        let state = try connection.requireOpen(channel: id, operation: "basic.reject")
        connection.willWrite()
        defer { connection.didWrite() }
        let status = amqp_basic_reject(state, id, deliveryTag, amqpBoolean(requeue))
        guard status == AMQP_STATUS_OK.rawValue else {
            throw connection.connectionLost(status: status, operation: "basic.reject")
        }
    }
}
