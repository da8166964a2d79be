import CRabbitMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Requests (used by AMQPChannel)

extension AMQPConnection {
    /// Sends a synchronous method and waits for one of `replies` on `channel`.
    ///
    /// Unlike `amqp_simple_rpc`, every other frame that arrives meanwhile is dispatched and its
    /// event queued for ``nextEvent(timeout:)`` (nothing is lost, nothing is left in librabbitmq's
    /// frame queue), and a channel.close for the target channel that was already queued is seen.
    /// `decode` reads the reply before librabbitmq's buffers are recycled.
    @discardableResult
    func rpc<R>(
        channel: UInt16,
        operation: String,
        method: amqp_method_number_t,
        request: UnsafeMutableRawPointer,
        replies: [amqp_method_number_t],
        requireOpenChannel: Bool = true,
        decode: (amqp_method_t) -> R
    ) throws(AMQPError) -> R {
        let state: amqp_connection_state_t
        if requireOpenChannel {
            state = try requireOpen(channel: channel, operation: operation)
        } else {
            guard let open = self.state else { throw closedError(operation: operation) }
            state = open
        }
        flushWrites()
        let status = amqp_send_method(state, channel, method, request)
        guard status == AMQP_STATUS_OK.rawValue else {
            throw sendFailed(status: status, operation: operation, channel: channel)
        }
        let deadline = ContinuousClock.now.advanced(by: Duration(boundedSeconds: configuration.rpcTimeoutSeconds))
        while true {
            guard let frame = try waitFrame(until: deadline, operation: operation) else {
                let error = AMQPError(
                    code: .timeout, operation: operation, channel: channel,
                    detail: "no reply within \(configuration.rpcTimeoutSeconds)s; connection closed",
                    isConnectionLevel: true)
                teardown(reason: error)
                throw error
            }
            if frame.frame_type == UInt8(AMQP_FRAME_METHOD), frame.channel == channel,
                replies.contains(frame.payload.method.id)
            {
                let result = decode(frame.payload.method)
                if let state = self.state { amqp_maybe_release_buffers(state) }
                return result
            }
            switch try dispatch(frame, operation: operation) {
            case .connectionClosed(let error)?:
                throw error
            case .channelClosed(let closed, let error)? where closed == channel:
                throw error
            case let event?:
                pushPending(event)
            case nil:
                guard isOpen else { throw closedError(operation: operation) }
                if requireOpenChannel, !isChannelOpen(channel) {
                    throw channelClosedError(channel: channel, operation: operation)
                }
            }
            if let state = self.state { amqp_maybe_release_buffers(state) }
        }
    }

    /// The open C connection, after checking that `channel` is open.
    func requireOpen(channel: UInt16, operation: String) throws(AMQPError) -> amqp_connection_state_t {
        guard let state else { throw closedError(operation: operation) }
        guard isChannelOpen(channel) else { throw channelClosedError(channel: channel, operation: operation) }
        return state
    }

    func isChannelOpen(_ channel: UInt16) -> Bool {
        channels[channel]?.isOpen == true
    }

    /// Marks `channel` closed by the application (before channel.close is sent).
    func markChannelClosedByClient(_ channel: UInt16) {
        channels[channel] = ChannelState(
            isOpen: false,
            closeReason: AMQPError(
                code: .closed, operation: "channel.close", channel: channel,
                detail: "closed by the application", isConnectionLevel: false))
    }

    /// Turns confirm mode on for `channel`'s sequence numbers (idempotent).
    func enableConfirms(on channel: UInt16) {
        if channels[channel]?.nextPublishSequence == 0 {
            channels[channel]?.nextPublishSequence = 1
        }
    }

    /// The sequence number for the next publish on `channel` (0 outside confirm mode), advancing it.
    func takePublishSequence(on channel: UInt16) -> UInt64 {
        guard let next = channels[channel]?.nextPublishSequence, next > 0 else { return 0 }
        channels[channel]?.nextPublishSequence = next + 1
        return next
    }

    /// The error for a failed write of a method: encoding failures happen before anything is
    /// written and leave the connection usable; anything else is a lost connection.
    func sendFailed(status: Int32, operation: String, channel: UInt16) -> AMQPError {
        switch status {
        case AMQP_STATUS_BAD_AMQP_DATA.rawValue, AMQP_STATUS_TABLE_TOO_BIG.rawValue,
            AMQP_STATUS_INVALID_PARAMETER.rawValue, AMQP_STATUS_UNKNOWN_METHOD.rawValue,
            AMQP_STATUS_UNKNOWN_CLASS.rawValue, AMQP_STATUS_NO_MEMORY.rawValue:
            return .library(.libraryError, status: status, operation: operation, channel: channel, isConnectionLevel: false)
        default:
            return connectionLost(status: status, operation: operation)
        }
    }

    /// Tears the connection down after a transport failure and returns the error to throw.
    func connectionLost(status: Int32, operation: String) -> AMQPError {
        let error = AMQPError.library(.connectionLost, status: status, operation: operation, isConnectionLevel: true)
        teardown(reason: error)
        return error
    }

    /// Tears the connection down after a failure that leaves the stream unusable.
    func abort(_ error: AMQPError) -> AMQPError {
        teardown(reason: error)
        return error
    }

    func closedError(operation: String) -> AMQPError {
        AMQPError(
            code: .closed, replyCode: closeReason?.replyCode, replyText: closeReason?.replyText,
            operation: operation, detail: closeReason.map { "connection closed: \($0.code)" } ?? "connection closed",
            isConnectionLevel: true)
    }

    func channelClosedError(channel: UInt16, operation: String) -> AMQPError {
        let reason = channels[channel]?.closeReason
        return AMQPError(
            code: .closed, replyCode: reason?.replyCode, replyText: reason?.replyText, operation: operation,
            channel: channel, detail: reason.map { "channel closed: \($0.code)" } ?? "channel not open",
            isConnectionLevel: false)
    }

    func teardown(reason: AMQPError) {
        guard let state else { return }
        self.state = nil
        corked = false
        closeReason = reason
        for id in channels.keys where channels[id]?.isOpen == true {
            channels[id]?.isOpen = false
            channels[id]?.closeReason = reason
        }
        amqp_destroy_connection(state)
    }

    func pushPending(_ event: AMQPEvent) {
        let generation = event.deliveryChannel.flatMap { channels[$0]?.generation } ?? 0
        pending.append((event, generation))
    }

    /// The oldest queued event, skipping deliveries whose channel has closed (or closed and
    /// reopened) since they arrived: their tags are void and the broker requeues them.
    func popPending() -> AMQPEvent? {
        while pendingHead < pending.count {
            let (event, generation) = pending[pendingHead]
            pendingHead += 1
            if pendingHead == pending.count {
                pending.removeAll(keepingCapacity: pending.count <= 1024)
                pendingHead = 0
            }
            if let channel = event.deliveryChannel,
                channels[channel]?.isOpen != true || channels[channel]?.generation != generation
            {
                continue
            }
            return event
        }
        return nil
    }
}

extension AMQPEvent {
    /// The channel of a `.delivery`, nil for other events.
    fileprivate var deliveryChannel: UInt16? {
        if case .delivery(let delivery) = self { return delivery.channel }
        return nil
    }
}

extension Duration {
    /// `seconds` as a duration, clamped to 0 ... one year (NaN and infinity become one year), so
    /// a configuration value can never trap.
    init(boundedSeconds seconds: Double) {
        let year = 365.0 * 86_400
        self = .seconds(seconds.isNaN ? year : min(max(seconds, 0), year))
    }
}

extension timeval {
    /// A non-negative `timeval` for `duration` (negative durations become zero).
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        if seconds < 0 || (seconds == 0 && attoseconds < 0) {
            self.init(tv_sec: 0, tv_usec: 0)
        } else {
            self.init(tv_sec: time_t(seconds), tv_usec: suseconds_t(attoseconds / 1_000_000_000_000))
        }
    }

    /// `duration` rounded up to a whole millisecond (zero and negative durations become zero).
    init(roundingUpToMilliseconds duration: Duration) {
        let (seconds, attoseconds) = duration.components
        guard seconds > 0 || (seconds == 0 && attoseconds > 0) else {
            self.init(tv_sec: 0, tv_usec: 0)
            return
        }
        let milliseconds = (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        if milliseconds >= 1_000 {
            self.init(tv_sec: time_t(seconds + 1), tv_usec: 0)
        } else {
            self.init(tv_sec: time_t(seconds), tv_usec: suseconds_t(milliseconds * 1_000))
        }
    }
}
