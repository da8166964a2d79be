import AMQP
import Foundation

/// Reads results from a queue or stream (by default the results stream `<prefix>.results`) on its own
/// connection, acking what it has recorded, and counts them by job id.
///
/// A stream is read from its first offset and, after a lost connection (a broker restart), from the
/// offset after the last one recorded, so nothing is counted twice by the collector itself: every
/// duplicate it reports is one the workers published. A queue (one that refuses `x-stream-offset`) is
/// consumed and acked; after a lost connection its unacked results come again and count as duplicates.
package final class ResultCollector {
    package let queue: String
    private var connection: AMQPConnection?
    private var channel: AMQPChannel?
    /// Results per job id (more than 1: a duplicate, which at-least-once allows).
    package private(set) var countsByJobId: [String: Int] = [:]
    package private(set) var statuses: [String: String] = [:]
    package private(set) var total = 0
    package private(set) var reconnects = 0
    /// The stream offset of the last result recorded; nil before the first, or on a queue.
    package private(set) var lastOffset: Int64?
    /// False once the queue refused `x-stream-offset` (it is not a stream).
    private var isStream = true
    /// Bodies by correlation id, kept only when `keepBodies` is set.
    package private(set) var bodiesByCorrelationId: [String: [UInt8]] = [:]
    package var keepBodies = false
    /// When each result was read, by correlation id (with `keepBodies`): the collector reads while it
    /// polls, so a result is timed within one read of its arrival.
    package private(set) var arrivalsByCorrelationId: [String: ContinuousClock.Instant] = [:]

    package init(queue: String) { self.queue = queue }

    deinit { connection?.close() }

    package var distinct: Int { countsByJobId.count }
    package var duplicates: Int { total - distinct }

    /// Reads for up to `seconds`, or until `until` returns true (checked between events).
    package func poll(seconds: Double, until: () -> Bool = { false }) {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var unacked: UInt64?
        while ContinuousClock.now < deadline, !until() {
            do {
                let connection = try connected()
                let event = try connection.nextEvent(timeout: .milliseconds(100))
                switch event {
                case .delivery(let delivery):
                    record(delivery)
                    unacked = delivery.deliveryTag
                    if total % 200 == 0 { try ack(&unacked) }
                case .timeout:
                    try ack(&unacked)
                case .channelClosed, .connectionClosed, .consumerCancelled:
                    drop()
                    unacked = nil
                default:
                    continue
                }
            } catch {
                drop()
                unacked = nil
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        if unacked != nil { try? ack(&unacked) }
    }

    private func record(_ delivery: AMQPDelivery) {
        if isStream, let offset = delivery.properties.headers?["x-stream-offset"]?.intValue {
            if let lastOffset, offset <= lastOffset { return }
            lastOffset = offset
        }
        total += 1
        let result = BrokerHarness.json(delivery.body)
        let jobId = (result["jobId"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? delivery.properties.messageId ?? "(none)"
        countsByJobId[jobId, default: 0] += 1
        statuses[jobId] = result["status"] as? String ?? "unreadable"
        if keepBodies, let correlationId = delivery.properties.correlationId {
            bodiesByCorrelationId[correlationId] = delivery.body
            arrivalsByCorrelationId[correlationId] = arrivalsByCorrelationId[correlationId] ?? .now
        }
    }

    private func ack(_ tag: inout UInt64?) throws {
        guard let value = tag, let channel else { return }
        try channel.ack(deliveryTag: value, multiple: true)
        tag = nil
    }

    private func connected() throws -> AMQPConnection {
        if let connection, connection.isOpen { return connection }
        drop()
        var configuration = try AMQPConfiguration(url: BrokerHarness.url)
        configuration.connectionName = "test result collector \(queue)"
        let connection = try AMQPConnection(configuration)
        var channel = try connection.openChannel(1)
        try channel.qos(prefetchCount: 500)
        if isStream {
            do {
                try channel.consume(queue: queue, arguments: ["x-stream-offset": lastOffset.map { .int64($0 + 1) } ?? "first"])
            } catch {
                // "invalid arg 'x-stream-offset' ... of queue type rabbit_quorum_queue": a queue, not a stream.
                guard error.replyCode == 406 else { throw error }
                isStream = false
                channel = try connection.openChannel(2)
                try channel.qos(prefetchCount: 500)
                try channel.consume(queue: queue)
            }
        } else {
            try channel.consume(queue: queue)
        }
        self.connection = connection
        self.channel = channel
        return connection
    }

    private func drop() {
        if connection != nil { reconnects += 1 }
        connection?.close()
        connection = nil
        channel = nil
    }
}
