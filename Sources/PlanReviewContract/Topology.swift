/// The RabbitMQ topology of planreview: one place that names every exchange and queue and their
/// arguments, as plain values (ReviewWorker's `Topology.declare(on:)` turns them into AMQP calls).
/// The worker declares it idempotently at start; `planreview topology` prints it as
/// RabbitMQ definitions (Deploy/rabbitmq/definitions.json is generated from it and tested against it).
///
/// Every name derives from `prefix` ("planreview" in production, see ../shared/ARCHITECTURE.md);
/// tests use a unique prefix so they can share one broker.
public struct Topology: Sendable, Equatable {
    public var prefix: String
    /// Quorum queue `x-delivery-limit`: a job redelivered more often than this (it crashed or hung
    /// workers) is dead-lettered instead of being delivered again.
    public var deliveryLimit: Int
    /// Delays of the retry queues, in milliseconds: attempt n waits `retryDelaysMilliseconds[n-1]`.
    public var retryDelaysMilliseconds: [Int]

    /// Retention of the results stream: `x-max-age` (RabbitMQ's units `Y`, `M`, `D`, `h`, `m`, `s`,
    /// e.g. `7D`) and `x-max-length-bytes`. Whichever is reached first truncates the stream, a segment
    /// at a time (RabbitMQ's streams documentation, "Data Retention").
    public var resultsMaxAge: String
    public var resultsMaxLengthBytes: Int64

    public static let defaultResultsMaxAge = "7D"
    public static let defaultResultsMaxLengthBytes: Int64 = 20_000_000_000

    public init(
        prefix: String = "planreview", deliveryLimit: Int = 5, retryDelaysMilliseconds: [Int] = [1_000, 10_000, 60_000],
        resultsMaxAge: String = Topology.defaultResultsMaxAge, resultsMaxLengthBytes: Int64 = Topology.defaultResultsMaxLengthBytes
    ) {
        self.prefix = prefix
        self.deliveryLimit = deliveryLimit
        self.retryDelaysMilliseconds = retryDelaysMilliseconds
        self.resultsMaxAge = resultsMaxAge
        self.resultsMaxLengthBytes = resultsMaxLengthBytes
    }

    /// True when `text` is a stream `x-max-age`: a positive whole number and one of `Y M D h m s`.
    public static func isValidMaxAge(_ text: String) -> Bool {
        guard let unit = text.last, "YMDhms".contains(unit) else { return false }
        let number = text.dropLast()
        return !number.isEmpty && number.allSatisfy(\.isASCII) && number.allSatisfy(\.isNumber) && (Int(number) ?? 0) > 0
    }

    /// Direct exchange for jobs; routing key `job`.
    public var jobsExchange: String { "\(prefix).jobs" }
    /// Quorum queue of jobs (also reachable through the default exchange under this name).
    public var jobsQueue: String { "\(prefix).jobs" }
    public static let jobRoutingKey = "job"
    /// Quorum queue of redelivered jobs suspected of crashing a worker: consumed with prefetch 1, so a
    /// crash there takes only that job along, and its `x-delivery-limit` dead-letters it alone.
    /// Reached through the jobs exchange with routing key ``quarantineRoutingKey`` (no write to the
    /// default exchange needed).
    public var quarantineQueue: String { "\(prefix).quarantine" }
    public static let quarantineRoutingKey = "quarantine"
    /// Topic exchange for results; routing key `result.<kommunekode>.<status>`.
    public var resultsExchange: String { "\(prefix).results" }
    /// The results stream (`x-queue-type: stream`), bound with `result.#` and `progress.#`: keeps every
    /// result for the retention below, readable by any number of systems from an offset (`first`, a
    /// timestamp, `next`, a number) without removing anything.
    public var resultsQueue: String { "\(prefix).results" }
    public static let resultsBindingKey = "result.#"
    public static let progressBindingKey = "progress.#"
    /// Dead-letter exchange (fanout) and the queue of dead jobs.
    public var deadLetterExchange: String { "\(prefix).dlx" }
    public var deadQueue: String { "\(prefix).dead" }
    /// Retry queue for attempt `n` (1-based): messages wait there for their TTL, then dead-letter back to the jobs exchange.
    public func retryQueue(attempt n: Int) -> String { "\(prefix).retry.\(n)" }
    public var retryQueues: [String] { retryDelaysMilliseconds.indices.map { retryQueue(attempt: $0 + 1) } }

    /// True when the topology declares `queue` a stream (read with `x-stream-offset`, nothing removed).
    public func isStream(_ queue: String) -> Bool {
        queues.first { $0.name == queue }?.arguments["x-queue-type"] == .string("stream")
    }

    /// One exchange of the topology.
    public struct Exchange: Sendable, Equatable {
        public var name: String
        public var type: String
    }

    /// One queue of the topology, with the arguments it is declared with.
    public struct Queue: Sendable, Equatable {
        public var name: String
        public var arguments: [String: Argument]
    }

    /// A queue argument's value: the few kinds RabbitMQ's `x-` arguments take.
    public enum Argument: Sendable, Equatable, ExpressibleByStringLiteral {
        case string(String)
        case int64(Int64)
        case bool(Bool)

        public init(stringLiteral value: String) { self = .string(value) }
    }

    /// One binding of the topology.
    public struct Binding: Sendable, Equatable {
        public var exchange: String
        public var queue: String
        public var routingKey: String
    }

    public var exchanges: [Exchange] {
        [
            Exchange(name: jobsExchange, type: "direct"),
            Exchange(name: resultsExchange, type: "topic"),
            Exchange(name: deadLetterExchange, type: "fanout"),
        ]
    }

    public var queues: [Queue] {
        var queues = [
            Queue(
                name: jobsQueue,
                arguments: [
                    "x-queue-type": "quorum",
                    "x-delivery-limit": .int64(Int64(deliveryLimit)),
                    "x-dead-letter-exchange": .string(deadLetterExchange),
                    // At-least-once dead-lettering (RabbitMQ >= 3.10, quorum queues) needs reject-publish overflow.
                    "x-dead-letter-strategy": "at-least-once",
                    "x-overflow": "reject-publish",
                ]
            ),
            Queue(
                name: quarantineQueue,
                arguments: [
                    "x-queue-type": "quorum",
                    "x-delivery-limit": .int64(Int64(deliveryLimit)),
                    "x-dead-letter-exchange": .string(deadLetterExchange),
                    "x-dead-letter-strategy": "at-least-once",
                    "x-overflow": "reject-publish",
                ]
            ),
            Queue(
                name: resultsQueue,
                arguments: [
                    "x-queue-type": "stream",
                    "x-max-age": .string(resultsMaxAge),
                    "x-max-length-bytes": .int64(resultsMaxLengthBytes),
                ]
            ),
            Queue(name: deadQueue, arguments: ["x-queue-type": "quorum"]),
        ]
        for (index, delay) in retryDelaysMilliseconds.enumerated() {
            queues.append(
                Queue(
                    name: retryQueue(attempt: index + 1),
                    arguments: [
                        // Quorum like every queue here, so a cluster that lost a node still has it (a classic
                        // queue lives on one node and cannot even be declared while that node is down).
                        // Quorum queues support message TTL since RabbitMQ 3.10.
                        "x-queue-type": "quorum",
                        "x-message-ttl": .int64(Int64(delay)),
                        "x-dead-letter-exchange": .string(jobsExchange),
                        "x-dead-letter-routing-key": .string(Self.jobRoutingKey),
                        "x-dead-letter-strategy": "at-least-once",
                        "x-overflow": "reject-publish",
                    ]
                )
            )
        }
        return queues
    }

    public var bindings: [Binding] {
        [
            Binding(exchange: jobsExchange, queue: jobsQueue, routingKey: Self.jobRoutingKey),
            Binding(exchange: jobsExchange, queue: quarantineQueue, routingKey: Self.quarantineRoutingKey),
            Binding(exchange: resultsExchange, queue: resultsQueue, routingKey: Self.resultsBindingKey),
            Binding(exchange: resultsExchange, queue: resultsQueue, routingKey: Self.progressBindingKey),
            Binding(exchange: deadLetterExchange, queue: deadQueue, routingKey: ""),
        ]
    }
}
