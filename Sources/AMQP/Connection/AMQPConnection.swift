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
    var state: amqp_connection_state_t?
    var channels: [UInt16: ChannelState] = [:]
    /// Events read during synchronous requests, with the channel generation they arrived in.
    var pending: [(event: AMQPEvent, generation: UInt64)] = []
    var pendingHead = 0
    var closeReason: AMQPError?
    /// Counts channel opens, so a delivery from before a channel was closed and reopened with
    /// the same id is recognised.
    var openCount: UInt64 = 0
    /// Write coalescing (``coalescesWrites``): whether the socket is corked, and the writes it holds.
    var corked = false
    var heldWrites = 0
    var coalescing = false
    /// With ``coalescesWrites``: at most this many writes are held before they are flushed.
    public var maxHeldWrites = 32
    /// With ``coalescesWrites``: a write this long after the socket was corked flushes it, so a consumer
    /// that never runs out of frames to read (a steady stream of deliveries) holds a result back at most
    /// this long plus one job's work, not for ``maxHeldWrites`` jobs (or the kernel's 200 ms cork limit).
    public var maxHoldTime: Duration = .milliseconds(1)
    var corkedAt = ContinuousClock.now
    /// The C memory of a publish's arguments (properties, headers, names): made at the first publish,
    /// recycled after each (it keeps as many 4 KB pages as one publish needed), freed with the connection.
    var publishArenaStorage: CArena?
    var publishArena: CArena {
        if let arena = publishArenaStorage { return arena }
        let arena = CArena.make()
        publishArenaStorage = arena
        return arena
    }

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
            // Say where: host and port are not secrets, and "a socket error occurred" alone names nothing.
            var located = error
            let address = "\(configuration.host):\(configuration.port)"
            located.detail = located.detail.map { "\(address): \($0)" } ?? address
            throw located
        }
        self.state = state
        self.heartbeatSeconds = Int(amqp_get_heartbeat(state))
        self.frameMax = Int(amqp_get_frame_max(state))
        self.channelMax = Int(amqp_get_channel_max(state))
        self.serverProperties = amqp_get_server_properties(state).map { AMQPTable(cTable: $0.pointee) } ?? [:]
    }

    deinit {
        close()
        publishArenaStorage?.destroy()
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
