import CRabbitMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Write coalescing

extension AMQPConnection {
    /// Turns write coalescing on or off (off by default): publishes, acks, nacks and rejects then
    /// leave in full TCP segments instead of one push each (Linux `TCP_CORK`; elsewhere a no-op).
    ///
    /// librabbitmq ends every message with a TCP push (its last frame goes without MSG_MORE), and on
    /// loopback each push also runs the receiver's network stack inside the sender's system call.
    /// With coalescing on, the first asynchronous write after a flush corks the socket; the connection
    /// flushes whenever it is about to wait for the broker (``nextEvent(timeout:)`` with a timeout and
    /// nothing buffered, a synchronous request, ``close()``), after ``maxHeldWrites`` writes and at the
    /// first write ``maxHoldTime`` after the cork, and
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
        corkedAt = .now
        setCork(true)
    }

    /// After an asynchronous write: flush once ``maxHeldWrites`` are held or the first of them has
    /// waited ``maxHoldTime``.
    func didWrite() {
        guard corked else { return }
        heldWrites += 1
        if heldWrites >= maxHeldWrites || corkedAt.duration(to: .now) >= maxHoldTime { flushWrites() }
    }

    func setCork(_ on: Bool) {
        #if os(Linux)
        guard let state else { return }
        let fd = amqp_get_sockfd(state)
        guard fd >= 0 else { return }
        var value: Int32 = on ? 1 : 0
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_CORK, &value, socklen_t(MemoryLayout<Int32>.size))
        #endif
    }
}
