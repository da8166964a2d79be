import PlanReviewContract
import AMQP
import Foundation

/// One message in the dead-letter queue, with why it got there.
///
/// Jobs reach `<prefix>.dead` in two ways: the worker publishes a job whose result the broker kept
/// refusing after every retry (headers `x-planreview-error`, `x-planreview-attempts`), or the broker
/// dead-letters a job that exceeded the jobs queue's `x-delivery-limit` (it crashed or hung workers),
/// which adds an `x-death` entry with reason `delivery_limit`. The broker's `x-death` header lists each
/// dead-lettering, newest first: reason, queue, count, time (https://www.rabbitmq.com/docs/dlx).
public struct DeadLetter: Sendable, Codable, Equatable {
    public var jobId: String?
    public var correlationId: String?
    /// `x-planreview-error`: why the worker gave the job up.
    public var error: String?
    /// `x-planreview-attempts`: how often it went through a retry queue.
    public var attempts: Int?
    /// The newest `x-death` entry: `delivery_limit`, `expired`, `rejected`, `maxlen`.
    public var reason: String?
    public var queue: String?
    public var deathCount: Int?
    /// When it was dead-lettered (`x-death` time), else when it was published (`timestamp`).
    public var time: Date?
    public var bodyBytes: Int
    /// Every header, rendered as text (for `dlq show`).
    public var headers: [String: String]
    public var body: String?

    public init(_ delivery: AMQPDelivery, includeBody: Bool = false) {
        let properties = delivery.properties
        let headers = properties.headers ?? [:]
        jobId = properties.messageId
        correlationId = properties.correlationId
        error = headers[RetryHeaders.error]?.stringValue
        attempts = headers[RetryHeaders.attempts]?.intValue.map(Int.init)
        let death = headers["x-death"]?.arrayValue?.first?.tableValue
        reason = death?["reason"]?.stringValue ?? headers["x-first-death-reason"]?.stringValue ?? (error != nil ? "worker" : nil)
        queue = death?["queue"]?.stringValue ?? headers["x-first-death-queue"]?.stringValue
        deathCount = death?["count"]?.intValue.map(Int.init)
        if case .timestamp(let seconds)? = death?["time"] {
            time = Date(timeIntervalSince1970: Double(seconds))
        } else if let timestamp = properties.timestamp {
            time = Date(timeIntervalSince1970: Double(timestamp))
        }
        bodyBytes = delivery.body.count
        self.headers = headers.mapValues(Self.render)
        if includeBody { body = String(decoding: delivery.body, as: UTF8.self) }
    }

    static func render(_ value: AMQPFieldValue) -> String {
        switch value {
        case .string(let string): string
        case .bool(let bool): "\(bool)"
        case .float(let value): "\(value)"
        case .double(let value): "\(value)"
        case .bytes(let bytes): "<\(bytes.count) bytes>"
        case .timestamp(let seconds): ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(seconds)))
        case .void: "null"
        case .array(let values): "[" + values.map(render).joined(separator: ", ") + "]"
        case .table(let table): "{" + table.sorted { $0.key < $1.key }.map { "\($0.key): \(render($0.value))" }.joined(separator: ", ") + "}"
        default: value.intValue.map(String.init) ?? "\(value)"
        }
    }
}

/// The dead-letter queue's tools: list, show, replay to the jobs exchange, purge.
///
/// Reading is non-destructive: messages are taken with `basic.get` without auto-ack and held, and what
/// was not replayed goes back with `basic.nack requeue=true`. A replayed job is acked (removed from the
/// dead queue) only after the broker confirmed its copy on the jobs exchange.
public struct DeadLetterQueue {
    public let connection: AMQPConnection
    public let topology: Topology
    /// Messages read in one pass at most; a dead queue that holds more is read in part (say so).
    public var limit: Int

    public init(connection: AMQPConnection, topology: Topology, limit: Int = 10_000) {
        self.connection = connection
        self.topology = topology
        self.limit = limit
    }

    /// Messages waiting in the dead queue (passive declare).
    public func count() throws(AMQPError) -> Int {
        let channel = try connection.openChannel(1)
        defer { try? channel.close() }
        return Int(try channel.queueDeclare(topology.deadQueue, passive: true).messageCount)
    }

    /// Every dead letter, oldest first, left in the queue.
    public func list(includeBodies: Bool = false) throws(AMQPError) -> [DeadLetter] {
        try withHeldMessages { _, deliveries, _ throws(AMQPError) in
            deliveries.map { DeadLetter($0, includeBody: includeBodies) }
        }
    }

    /// The outcome of a replay.
    public struct Replay: Sendable, Codable, Equatable {
        /// Job ids re-published (confirmed) and removed from the dead queue.
        public var replayed: [String] = []
        /// Messages the broker refused or could not route; they stay in the dead queue.
        public var failed: [String] = []
        /// Messages left in the dead queue because they were not selected.
        public var kept: Int = 0
    }

    /// Re-publishes the selected dead letters to the jobs exchange (routing key `job`) with confirms and
    /// removes each from the dead queue once its copy is confirmed. The copy loses the headers of its
    /// previous life (`x-death`, `x-first-death-*`, `x-last-death-*`, `x-delivery-count`,
    /// `x-planreview-*`) and gets a new timestamp: a replay is a new submission, and its latency starts now.
    public func replay(where select: (DeadLetter) -> Bool) throws(AMQPError) -> Replay {
        try withHeldMessages { channel, deliveries, acked throws(AMQPError) in
            var outcome = Replay()
            try channel.confirmSelect()
            var pending: [UInt64: AMQPDelivery] = [:]  // publish sequence number -> held delivery
            for delivery in deliveries {
                let letter = DeadLetter(delivery)
                guard select(letter) else {
                    outcome.kept += 1
                    continue
                }
                let sequence = try channel.publish(
                    exchange: topology.jobsExchange, routingKey: Topology.jobRoutingKey, body: delivery.body,
                    properties: Self.replayProperties(delivery.properties), mandatory: true
                )
                pending[sequence] = delivery
            }
            // Confirms (and returns of unroutable copies, which arrive before their confirm).
            var unroutable: Set<UInt64> = []
            var settled: [UInt64: Bool] = [:]
            let deadline = ContinuousClock.now + .seconds(30)
            var returnedIds: [String] = []
            while settled.count < pending.count {
                guard ContinuousClock.now < deadline else { break }
                switch try connection.nextEvent(timeout: .milliseconds(200)) {
                case .confirm(let confirm):
                    for sequence in pending.keys where settled[sequence] == nil && (sequence == confirm.deliveryTag || (confirm.multiple && sequence < confirm.deliveryTag)) {
                        settled[sequence] = confirm.isAck
                    }
                case .returned(let returned):
                    returnedIds.append(returned.properties.messageId ?? "")
                case .channelClosed(_, let error), .connectionClosed(let error):
                    throw error
                default:
                    continue
                }
            }
            // A returned message is matched to its publish by message id (returns carry no sequence number).
            for id in returnedIds {
                if let sequence = pending.first(where: { $0.value.properties.messageId == id && !unroutable.contains($0.key) })?.key { unroutable.insert(sequence) }
            }
            for (sequence, delivery) in pending.sorted(by: { $0.key < $1.key }) {
                let id = delivery.properties.messageId ?? "(no id)"
                if settled[sequence] == true, !unroutable.contains(sequence) {
                    try channel.ack(deliveryTag: delivery.deliveryTag)
                    acked.insert(delivery.deliveryTag)
                    outcome.replayed.append(id)
                } else {
                    outcome.failed.append(id)
                }
            }
            return outcome
        }
    }

    /// Deletes every message in the dead queue; returns how many there were.
    public func purge() throws(AMQPError) -> Int {
        let channel = try connection.openChannel(1)
        defer { try? channel.close() }
        return Int(try channel.queuePurge(topology.deadQueue))
    }

    /// Takes up to `limit` messages without acking them, runs `body` (which records the tags it acks),
    /// then returns every other message to the queue with one `basic.nack multiple requeue`. On an error
    /// the channel closes, which returns them as well.
    private func withHeldMessages<T>(_ body: (AMQPChannel, [AMQPDelivery], inout Set<UInt64>) throws(AMQPError) -> T) throws(AMQPError) -> T {
        let channel = try connection.openChannel(1)
        defer { try? channel.close() }
        var deliveries: [AMQPDelivery] = []
        while deliveries.count < limit, let delivery = try channel.get(queue: topology.deadQueue, noAck: false) {
            deliveries.append(delivery)
        }
        var acked: Set<UInt64> = []
        let result = try body(channel, deliveries, &acked)
        // `multiple` settles every outstanding tag up to this one, which must itself be outstanding
        // (the broker closes the channel for an unknown tag, multiple or not).
        if let highest = deliveries.map(\.deliveryTag).filter({ !acked.contains($0) }).max() {
            try channel.nack(deliveryTag: highest, multiple: true, requeue: true)
        }
        return result
    }

    /// The properties of a replayed job: the original's, without the headers of its previous life.
    static func replayProperties(_ original: AMQPProperties) -> AMQPProperties {
        var properties = original
        var headers = original.headers ?? [:]
        for key in headers.keys where key == "x-death" || key.hasPrefix("x-first-death-") || key.hasPrefix("x-last-death-") || key == "x-delivery-count" || key.hasPrefix("x-planreview-") {
            headers.removeValue(forKey: key)
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        if headers[JobHeaders.timestampMilliseconds] != nil { headers[JobHeaders.timestampMilliseconds] = .int64(now) }
        properties.headers = headers.isEmpty ? nil : headers
        properties.timestamp = UInt64(now / 1000)
        properties.deliveryMode = AMQPProperties.persistentDeliveryMode
        return properties
    }
}
