import CRabbitMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One AMQP 0-9-1 connection to a broker, over librabbitmq (TCP or TLS).
///
/// The connection is driven by its owner: ``nextEvent(timeout:)`` reads whatever the broker sends
/// on its own (deliveries, publisher confirms, returns, consumer cancels, channel and connection
/// closes, blocked/unblocked) and services heartbeats while it waits. Call it with a short timeout
/// (100–250 ms) in a loop; between calls, publish and ack freely.
///
/// Synchronous requests (declare, bind, qos, consume, cancel, confirm.select, get, channel
/// open/close) are safe at any time, also while consuming and with unconfirmed publishes: every
/// frame that arrives while such a request waits for its reply is decoded and kept, in order, for
/// the next ``nextEvent(timeout:)`` calls. Such a request blocks the calling thread until its
/// reply (at most ``AMQPConfiguration/rpcTimeoutSeconds``), so keep them out of a hot loop.
///
/// How a dead connection surfaces, consistently:
/// - the broker sends connection.close (e.g. 320 CONNECTION_FORCED): ``nextEvent(timeout:)``
///   returns ``AMQPEvent/connectionClosed(_:)`` once; a synchronous request throws
///   ``AMQPError/Code/connectionClosedByServer``;
/// - the socket fails or heartbeats stop: every call throws ``AMQPError/Code/connectionLost``;
/// - afterwards ``isOpen`` is `false` and every call throws ``AMQPError/Code/closed``; all of
///   these have ``AMQPError/isConnectionLevel`` set. Reconnect with a new `AMQPConnection`.
///
/// - Important: librabbitmq is not thread-safe. A connection and its channels belong to one
///   thread for their whole life: create, use and drop them on that thread (hence not `Sendable`).
///   Talk to async code through continuations or an `AsyncStream`, never by sharing the object.
public final class AMQPConnection {
    /// The configuration it was opened with.
    public let configuration: AMQPConfiguration
    /// Heartbeat interval agreed with the broker, in seconds (0 = off).
    public let heartbeatSeconds: Int
    /// Largest frame agreed with the broker, in bytes.
    public let frameMax: Int
    /// Highest channel id agreed with the broker.
    public let channelMax: Int
    /// The broker's `server-properties` (product, version, capabilities ...).
    public let serverProperties: AMQPTable

    /// `nil` once closed; the C connection is destroyed at the same moment.
    private var state: amqp_connection_state_t?
    private var channels: [UInt16: ChannelState] = [:]
    /// Events read during synchronous requests, with the channel generation they arrived in.
    private var pending: [(event: AMQPEvent, generation: UInt64)] = []
    private var pendingHead = 0
    private var closeReason: AMQPError?
    /// Counts channel opens, so a delivery from before a channel was closed and reopened with
    /// the same id is recognised.
    private var openCount: UInt64 = 0
    /// Write coalescing (``coalescesWrites``): whether the socket is corked, and the writes it holds.
    private var corked = false
    private var heldWrites = 0
    private var coalescing = false
    /// With ``coalescesWrites``: at most this many writes are held before they are flushed.
    public var maxHeldWrites = 32

    struct ChannelState {
        var isOpen = true
        /// Which open of this channel id this is (see `openCount`).
        var generation: UInt64 = 0
        /// Next publisher-confirm sequence number; 0 while not in confirm mode.
        var nextPublishSequence: UInt64 = 0
        var closeReason: AMQPError?
    }

    /// Connects, negotiates and logs in.
    ///
    /// TCP connect, TLS handshake and the AMQP handshake are each bounded by
    /// ``AMQPConfiguration/connectTimeoutSeconds``. Client properties advertise `product`,
    /// `version`, `platform`, `connection_name` and the capabilities `consumer_cancel_notify`,
    /// `connection.blocked`, `publisher_confirms`, `basic.nack`, `exchange_exchange_bindings` and
    /// `authentication_failure_close` (so a wrong password is a 403, not a dropped socket).
    ///
    /// - Throws: ``AMQPError/Code/connectionFailed``, ``AMQPError/Code/tlsFailed``,
    ///   ``AMQPError/Code/authenticationFailed`` (403 login refused, 530 vhost refused),
    ///   ``AMQPError/Code/connectionClosedByServer``, ``AMQPError/Code/invalidArgument``.
    public init(_ configuration: AMQPConfiguration) throws(AMQPError) {
        self.configuration = configuration
        guard (1...65_535).contains(configuration.port) else {
            throw AMQPError(code: .invalidArgument, operation: "connect", detail: "port out of range", isConnectionLevel: true)
        }
        guard let state = amqp_new_connection() else {
            throw AMQPError(code: .libraryError, operation: "connect", detail: "amqp_new_connection failed", isConnectionLevel: true)
        }
        do throws(AMQPError) {
            try Self.open(state, configuration)
        } catch {
            amqp_destroy_connection(state)
            throw error
        }
        self.state = state
        self.heartbeatSeconds = Int(amqp_get_heartbeat(state))
        self.frameMax = Int(amqp_get_frame_max(state))
        self.channelMax = Int(amqp_get_channel_max(state))
        self.serverProperties = amqp_get_server_properties(state).map { AMQPTable(cTable: $0.pointee) } ?? [:]
    }

    deinit {
        close()
    }

    /// `true` until the connection is closed by either side or lost.
    public var isOpen: Bool { state != nil }

    /// Opens channel `id` (1 ... ``channelMax``), or returns it if it is already open.
    ///
    /// A channel closed by the broker (after a channel exception) can be opened again with the
    /// same id; the old ``AMQPChannel`` values then refer to the new channel.
    public func openChannel(_ id: UInt16 = 1) throws(AMQPError) -> AMQPChannel {
        let operation = "channel.open"
        guard id != 0, channelMax == 0 || Int(id) <= channelMax else {
            throw AMQPError(
                code: .invalidArgument, operation: operation, channel: id,
                detail: "channel id must be 1...\(channelMax)", isConnectionLevel: false)
        }
        if channels[id]?.isOpen == true {
            return AMQPChannel(id: id, connection: self)
        }
        var request = amqp_channel_open_t(out_of_band: amqp_bytes_t(len: 0, bytes: nil))
        openCount += 1
        channels[id] = ChannelState(generation: openCount)
        do throws(AMQPError) {
            try rpc(
                channel: id, operation: operation, method: AMQP_CHANNEL_OPEN_METHOD, request: &request,
                replies: [AMQP_CHANNEL_OPEN_OK_METHOD], requireOpenChannel: false
            ) { _ in () }
        } catch {
            channels[id]?.isOpen = false
            channels[id]?.closeReason = error
            throw error
        }
        return AMQPChannel(id: id, connection: self)
    }

    /// Waits up to `timeout` for the next event on any channel.
    ///
    /// Never blocks much longer than `timeout` (reading the rest of a message whose first frame
    /// has arrived aside); heartbeats are sent and checked inside. Events that arrived during a
    /// synchronous request come first. Returns ``AMQPEvent/timeout`` when nothing arrived.
    ///
    /// - Throws: ``AMQPError/Code/connectionLost`` when the socket fails or heartbeats stop;
    ///   ``AMQPError/Code/closed`` after the connection is closed. A broker connection.close is
    ///   returned as ``AMQPEvent/connectionClosed(_:)``, not thrown.
    public func nextEvent(timeout: Duration) throws(AMQPError) -> AMQPEvent {
        let operation = "wait"
        if let event = popPending() { return event }
        let deadline = ContinuousClock.now.advanced(by: max(timeout, .zero))
        while true {
            guard let state else { throw closedError(operation: operation) }
            amqp_maybe_release_buffers(state)
            // About to wait for the broker: send what coalescing holds first.
            if corked, timeout > .zero, amqp_frames_enqueued(state) == 0, amqp_data_in_buffer(state) == 0 {
                flushWrites()
            }
            guard let frame = try waitFrame(until: deadline, operation: operation) else {
                return .timeout
            }
            if let event = try dispatch(frame, operation: operation) {
                return event
            }
        }
    }

    /// Closes the connection (connection.close, then close-ok awaited briefly) and releases the
    /// socket. Idempotent; also called by `deinit`. Never throws, also when the socket is dead.
    /// Events not yet read are dropped.
    public func close() {
        flushWrites()
        guard let state else { return }
        let reason = AMQPError(
            code: .closed, operation: "close", detail: "closed by the application", isConnectionLevel: true)
        let status = CArena.with { arena in
            var request = amqp_connection_close_t()
            request.reply_code = UInt16(AMQP_REPLY_SUCCESS)
            request.reply_text = arena.bytes("OK")
            return amqp_send_method(state, 0, AMQP_CONNECTION_CLOSE_METHOD, &request)
        }
        if status == AMQP_STATUS_OK.rawValue {
            // Wait briefly for close-ok; everything else in flight is discarded.
            let deadline = ContinuousClock.now.advanced(by: Duration(boundedSeconds: min(configuration.rpcTimeoutSeconds, 5)))
            while true {
                amqp_maybe_release_buffers(state)
                var remaining = timeval(deadline - ContinuousClock.now)
                var frame = amqp_frame_t()
                guard amqp_simple_wait_frame_noblock(state, &frame, &remaining) == AMQP_STATUS_OK.rawValue else { break }
                guard frame.frame_type == UInt8(AMQP_FRAME_METHOD), frame.channel == 0 else { continue }
                if frame.payload.method.id == AMQP_CONNECTION_CLOSE_OK_METHOD { break }
                if frame.payload.method.id == AMQP_CONNECTION_CLOSE_METHOD {
                    var ok = amqp_connection_close_ok_t()
                    _ = amqp_send_method(state, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok)
                    break
                }
            }
        }
        pending.removeAll()
        pendingHead = 0
        teardown(reason: reason)
    }
}

@available(*, unavailable)
extension AMQPConnection: Sendable {}

// MARK: - Write coalescing

extension AMQPConnection {
    /// Turns write coalescing on or off (off by default): publishes, acks, nacks and rejects then
    /// leave in full TCP segments instead of one push each (Linux `TCP_CORK`; elsewhere a no-op).
    ///
    /// librabbitmq ends every message with a TCP push (its last frame goes without MSG_MORE), and on
    /// loopback each push also runs the receiver's network stack inside the sender's system call.
    /// With coalescing on, the first asynchronous write after a flush corks the socket; the connection
    /// flushes whenever it is about to wait for the broker (``nextEvent(timeout:)`` with a timeout and
    /// nothing buffered, a synchronous request, ``close()``) and after ``maxHeldWrites`` writes, and
    /// the kernel sends each full segment at once. A consumer that answers a burst of deliveries so
    /// sends the burst's results and acks together (docs/BENCHMARKS.md). Turning it off flushes.
    public var coalescesWrites: Bool {
        get { coalescing }
        set {
            coalescing = newValue
            if !newValue { flushWrites() }
        }
    }

    /// Sends what write coalescing holds now (nothing to do when it holds nothing).
    public func flushWrites() {
        guard corked else { return }
        corked = false
        heldWrites = 0
        setCork(false)
    }

    /// Before an asynchronous write (publish, ack, nack, reject): cork the socket when coalescing.
    func willWrite() {
        guard coalescing, !corked, state != nil else { return }
        corked = true
        setCork(true)
    }

    /// After an asynchronous write: flush once ``maxHeldWrites`` are held.
    func didWrite() {
        guard corked else { return }
        heldWrites += 1
        if heldWrites >= maxHeldWrites { flushWrites() }
    }

    private func setCork(_ on: Bool) {
        #if os(Linux)
        guard let state else { return }
        let fd = amqp_get_sockfd(state)
        guard fd >= 0 else { return }
        var value: Int32 = on ? 1 : 0
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_CORK, &value, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }
}

// MARK: - Connecting

extension AMQPConnection {
    /// The CA bundle used for peer verification when no CA file is configured (Debian's path).
    static let systemCABundle = "/etc/ssl/certs/ca-certificates.crt"

    private static func open(_ state: amqp_connection_state_t, _ configuration: AMQPConfiguration) throws(AMQPError) {
        let operation = "connect"
        var connectTimeout = timeval(Duration(boundedSeconds: configuration.connectTimeoutSeconds))
        var rpcTimeout = timeval(Duration(boundedSeconds: configuration.rpcTimeoutSeconds))
        _ = amqp_set_handshake_timeout(state, &connectTimeout)
        _ = amqp_set_rpc_timeout(state, &rpcTimeout)

        let socket: OpaquePointer
        if let tls = configuration.tls {
            socket = try openTLSSocket(state, tls)
        } else {
            guard let tcp = amqp_tcp_socket_new(state) else {
                throw AMQPError(code: .libraryError, operation: operation, detail: "amqp_tcp_socket_new failed", isConnectionLevel: true)
            }
            socket = tcp
        }

        let status = amqp_socket_open_noblock(socket, configuration.host, Int32(configuration.port), &connectTimeout)
        if status != AMQP_STATUS_OK.rawValue {
            let isTLS = status <= AMQP_STATUS_SSL_ERROR.rawValue && status > AMQP_STATUS_SSL_ERROR.rawValue - 0x100
            throw .library(isTLS ? .tlsFailed : .connectionFailed, status: status, operation: operation, isConnectionLevel: true)
        }

        let reply = CArena.with { arena in
            var properties = arena.table(clientProperties(configuration))
            let channelMax = Int32(AMQP_DEFAULT_MAX_CHANNELS)
            let frameMax = Int32(clamping: configuration.frameMax)
            let heartbeat = Int32(min(max(configuration.heartbeatSeconds, 0), 65_535))
            switch configuration.authenticationMechanism {
            case .plain:
                return planreview_amqp_login_plain_with_properties(
                    state, configuration.virtualHost, channelMax, frameMax, heartbeat, &properties,
                    configuration.user, configuration.password)
            case .external:
                return planreview_amqp_login_external_with_properties(
                    state, configuration.virtualHost, channelMax, frameMax, heartbeat, &properties,
                    configuration.user)
            }
        }
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            var error = AMQPError.serverClose(reply.reply, operation: "login", channel: 0)
            if reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD {
                var ok = amqp_connection_close_ok_t()
                _ = amqp_send_method(state, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok)
                if error.replyCode == 403 || error.replyCode == 530 {
                    error.code = .authenticationFailed
                }
            }
            error.isConnectionLevel = true
            throw error
        default:
            var error = AMQPError.library(
                .connectionFailed, status: reply.library_error, operation: "login", isConnectionLevel: true)
            if reply.library_error == AMQP_STATUS_CONNECTION_CLOSED.rawValue
                || reply.library_error == AMQP_STATUS_SOCKET_CLOSED.rawValue
            {
                error.detail = "the broker closed the socket during the handshake"
            }
            throw error
        }
    }

    private static func openTLSSocket(_ state: amqp_connection_state_t, _ tls: AMQPConfiguration.TLS) throws(AMQPError) -> OpaquePointer {
        let operation = "connect"
        guard let socket = amqp_ssl_socket_new(state) else {
            throw AMQPError(code: .tlsFailed, operation: operation, detail: "amqp_ssl_socket_new failed", isConnectionLevel: true)
        }
        amqp_ssl_socket_set_verify_peer(socket, tls.verifyPeer ? 1 : 0)
        amqp_ssl_socket_set_verify_hostname(socket, tls.verifyHostname ? 1 : 0)
        var caFile = tls.caCertificatePath
        if caFile == nil, tls.verifyPeer, access(systemCABundle, R_OK) == 0 {
            caFile = systemCABundle
        }
        if let caFile {
            let status = amqp_ssl_socket_set_cacert(socket, caFile)
            guard status == AMQP_STATUS_OK.rawValue else {
                var error = AMQPError.library(.tlsFailed, status: status, operation: operation, isConnectionLevel: true)
                error.detail = "cannot load the CA certificate file"
                throw error
            }
        }
        switch (tls.clientCertificatePath, tls.clientKeyPath) {
        case (let certificate?, let key?):
            let status = amqp_ssl_socket_set_key(socket, certificate, key)
            guard status == AMQP_STATUS_OK.rawValue else {
                var error = AMQPError.library(.tlsFailed, status: status, operation: operation, isConnectionLevel: true)
                error.detail = "cannot load the client certificate or key"
                throw error
            }
        case (nil, nil):
            break
        default:
            throw AMQPError(
                code: .invalidArgument, operation: operation,
                detail: "a client certificate needs both clientCertificatePath and clientKeyPath", isConnectionLevel: true)
        }
        return socket
    }

    /// The client properties sent in connection.start-ok.
    static func clientProperties(_ configuration: AMQPConfiguration) -> AMQPTable {
        var properties = configuration.clientProperties
        properties["product"] = "planreview"
        properties["version"] = .string(AMQPLibrary.clientVersion)
        properties["platform"] = "Swift"
        properties["information"] = .string("AMQP module over librabbitmq \(AMQPLibrary.version)")
        if let name = configuration.connectionName {
            properties["connection_name"] = .string(name)
        }
        properties["capabilities"] = [
            "consumer_cancel_notify": true,
            "connection.blocked": true,
            "publisher_confirms": true,
            "basic.nack": true,
            "exchange_exchange_bindings": true,
            "authentication_failure_close": true,
        ]
        return properties
    }
}

// MARK: - Frames and events

extension AMQPConnection {
    /// Content (header and body frames) of a message, or the close that interrupted it.
    enum Content {
        case message(AMQPProperties, [UInt8])
        case interrupted(AMQPEvent)
    }

    /// Waits for one frame until `deadline`; `nil` on timeout. librabbitmq returns frames it
    /// queued earlier (during its own waits) first, and sends/checks heartbeats while waiting.
    private func waitFrame(until deadline: ContinuousClock.Instant, operation: String) throws(AMQPError) -> amqp_frame_t? {
        guard let state else { throw closedError(operation: operation) }
        var remaining = timeval(deadline - ContinuousClock.now)
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
    private func dispatch(_ frame: amqp_frame_t, operation: String) throws(AMQPError) -> AMQPEvent? {
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
    private func channelClosedByServer(channel: UInt16, method: amqp_method_t, operation: String) throws(AMQPError) -> AMQPEvent {
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
    private func connectionClosedByServer(method: amqp_method_t, operation: String) -> AMQPEvent {
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

    private func teardown(reason: AMQPError) {
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
    private func popPending() -> AMQPEvent? {
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
}
