import CRabbitMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Frames and events

extension AMQPConnection {
    /// Content (header and body frames) of a message, or the close that interrupted it.
    enum Content {
        case message(AMQPProperties, [UInt8])
        case interrupted(AMQPEvent)
    }

    /// Waits for one frame until `deadline`; `nil` on timeout. librabbitmq returns frames it
    /// queued earlier (during its own waits) first, and sends/checks heartbeats while waiting.
    ///
    /// The wait is rounded up to whole milliseconds: librabbitmq polls with a millisecond timeout that
    /// it truncates, so a wait under 1 ms was poll(0) and a caller waiting for a moment < 1 ms away
    /// (the open-loop publisher between two jobs) spun a core until it came (a wait may now end up to
    /// 1 ms after `deadline`).
    func waitFrame(until deadline: ContinuousClock.Instant, operation: String) throws(AMQPError) -> amqp_frame_t? {
        guard let state else { throw closedError(operation: operation) }
        var remaining = timeval(roundingUpToMilliseconds: deadline - ContinuousClock.now)
        var frame = amqp_frame_t()
        let status = amqp_simple_wait_frame_noblock(state, &frame, &remaining)
        if status == AMQP_STATUS_OK.rawValue { return frame }
        if status == AMQP_STATUS_TIMEOUT.rawValue { return nil }
        throw connectionLost(status: status, operation: operation)
    }

    /// Turns one frame that is not an awaited reply into an event (nil: handled silently).
    ///
    /// Replies for the broker where the protocol requires one (channel.close-ok,
    /// connection.close-ok, basic.cancel-ok unless nowait, channel.flow-ok). Deliveries for a
    /// channel that is no longer open are dropped: they cannot be acked, the broker requeues them.
    func dispatch(_ frame: amqp_frame_t, operation: String) throws(AMQPError) -> AMQPEvent? {
        // Heartbeat frames queued by amqp_try_recv (inside basic.publish) and stray content frames.
        guard frame.frame_type == UInt8(AMQP_FRAME_METHOD), let state else { return nil }
        let channel = frame.channel
        let method = frame.payload.method
        guard let decoded = method.decoded else { return nil }

        switch method.id {
        case AMQP_BASIC_DELIVER_METHOD:
            let m = decoded.assumingMemoryBound(to: amqp_basic_deliver_t.self).pointee
            let consumerTag = String(amqpBytes: m.consumer_tag)
            let exchange = String(amqpBytes: m.exchange)
            let routingKey = String(amqpBytes: m.routing_key)
            switch try readContent(channel: channel, operation: operation) {
            case .interrupted(let event):
                return event
            case .message(let properties, let body):
                guard isChannelOpen(channel) else { return nil }
                return .delivery(
                    AMQPDelivery(
                        channel: channel, consumerTag: consumerTag, deliveryTag: m.delivery_tag,
                        redelivered: m.redelivered != 0, exchange: exchange, routingKey: routingKey,
                        properties: properties, body: body))
            }

        case AMQP_BASIC_RETURN_METHOD:
            let m = decoded.assumingMemoryBound(to: amqp_basic_return_t.self).pointee
            let replyText = String(amqpBytes: m.reply_text)
            let exchange = String(amqpBytes: m.exchange)
            let routingKey = String(amqpBytes: m.routing_key)
            switch try readContent(channel: channel, operation: operation) {
            case .interrupted(let event):
                return event
            case .message(let properties, let body):
                return .returned(
                    AMQPReturnedMessage(
                        channel: channel, replyCode: m.reply_code, replyText: replyText, exchange: exchange,
                        routingKey: routingKey, properties: properties, body: body))
            }

        case AMQP_BASIC_ACK_METHOD:
            let m = decoded.assumingMemoryBound(to: amqp_basic_ack_t.self).pointee
            return .confirm(AMQPConfirm(channel: channel, deliveryTag: m.delivery_tag, multiple: m.multiple != 0, isAck: true))

        case AMQP_BASIC_NACK_METHOD:
            let m = decoded.assumingMemoryBound(to: amqp_basic_nack_t.self).pointee
            return .confirm(AMQPConfirm(channel: channel, deliveryTag: m.delivery_tag, multiple: m.multiple != 0, isAck: false))

        case AMQP_BASIC_CANCEL_METHOD:
            let m = decoded.assumingMemoryBound(to: amqp_basic_cancel_t.self).pointee
            let consumerTag = String(amqpBytes: m.consumer_tag)
            if m.nowait == 0 {
                var ok = amqp_basic_cancel_ok_t(consumer_tag: m.consumer_tag)
                let status = amqp_send_method(state, channel, AMQP_BASIC_CANCEL_OK_METHOD, &ok)
                guard status == AMQP_STATUS_OK.rawValue else {
                    throw connectionLost(status: status, operation: operation)
                }
            }
            return .consumerCancelled(channel: channel, consumerTag: consumerTag)

        case AMQP_CHANNEL_CLOSE_METHOD:
            return try channelClosedByServer(channel: channel, method: method, operation: operation)

        case AMQP_CONNECTION_CLOSE_METHOD:
            return connectionClosedByServer(method: method, operation: operation)

        case AMQP_CONNECTION_BLOCKED_METHOD:
            let m = decoded.assumingMemoryBound(to: amqp_connection_blocked_t.self).pointee
            return .blocked(reason: String(amqpBytes: m.reason))

        case AMQP_CONNECTION_UNBLOCKED_METHOD:
            return .unblocked

        case AMQP_CHANNEL_FLOW_METHOD:
            let m = decoded.assumingMemoryBound(to: amqp_channel_flow_t.self).pointee
            var ok = amqp_channel_flow_ok_t(active: m.active)
            let status = amqp_send_method(state, channel, AMQP_CHANNEL_FLOW_OK_METHOD, &ok)
            guard status == AMQP_STATUS_OK.rawValue else {
                throw connectionLost(status: status, operation: operation)
            }
            return nil

        default:
            // Late replies (e.g. a close-ok after both sides closed a channel) and methods we do
            // not model.
            return nil
        }
    }

    /// Reads the content header and body frames that follow a basic.deliver, basic.return or
    /// basic.get-ok on `channel`, copying them (amqp_read_message + amqp_destroy_message).
    func readContent(channel: UInt16, operation: String) throws(AMQPError) -> Content {
        guard let state else { throw closedError(operation: operation) }
        var message = amqp_message_t()
        let reply = amqp_read_message(state, channel, &message, 0)
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            let properties = AMQPProperties(cProperties: message.properties)
            let body = [UInt8](amqpBytes: message.body)
            amqp_destroy_message(&message)
            return .message(properties, body)
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            // amqp_read_message has freed the partial message itself.
            if reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD {
                return .interrupted(connectionClosedByServer(method: reply.reply, operation: operation))
            }
            return .interrupted(try channelClosedByServer(channel: channel, method: reply.reply, operation: operation))
        default:
            throw connectionLost(status: reply.library_error, operation: operation)
        }
    }

    /// Answers a broker channel.close with close-ok and marks the channel closed.
    func channelClosedByServer(channel: UInt16, method: amqp_method_t, operation: String) throws(AMQPError) -> AMQPEvent {
        guard let state else { throw closedError(operation: operation) }
        let error = AMQPError.serverClose(method, operation: operation, channel: channel)
        var ok = amqp_channel_close_ok_t()
        let status = amqp_send_method(state, channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok)
        guard status == AMQP_STATUS_OK.rawValue else {
            throw connectionLost(status: status, operation: operation)
        }
        channels[channel] = ChannelState(isOpen: false, closeReason: error)
        return .channelClosed(channel: channel, error: error)
    }

    /// Answers a broker connection.close with close-ok and tears the connection down.
    func connectionClosedByServer(method: amqp_method_t, operation: String) -> AMQPEvent {
        var error = AMQPError.serverClose(method, operation: operation, channel: 0)
        error.isConnectionLevel = true
        if let state {
            var ok = amqp_connection_close_ok_t()
            _ = amqp_send_method(state, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok)
        }
        teardown(reason: error)
        return .connectionClosed(error)
    }
}
