import PlanReviewContract

/// Where the overview reads results from.
///
/// The contract's `planreview.results` is a RabbitMQ stream (read from an offset, nothing removed);
/// until a deployment has it, the overview reads a durable queue of its own bound to the results
/// exchange with `result.#` and `progress.#` (consumed and acked, deduplicated on jobId + contentHash).
public struct ResultsSource: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// `basic.consume` with `x-stream-offset`: the stored offset + 1, or `first`.
        case stream
        /// A quorum queue of the overview's own, bound to the results exchange.
        case queue
    }

    public var kind: Kind
    public var queue: String
    public var exchange: String

    public init(kind: Kind, queue: String, exchange: String) {
        self.kind = kind
        self.queue = queue
        self.exchange = exchange
    }

    /// The binding keys of results and progress results (CONTRACT.md, "Addressing").
    public static let bindingKeys = ["result.#", "progress.#"]

    /// The results stream when the topology declares `<prefix>.results` as a stream, else the
    /// overview's own queue `<prefix>.overview`.
    public static func fromTopology(_ topology: Topology) -> ResultsSource {
        let declared = topology.queues.first { $0.name == topology.resultsQueue }
        if declared?.arguments["x-queue-type"] == .string("stream") {
            return ResultsSource(kind: .stream, queue: topology.resultsQueue, exchange: topology.resultsExchange)
        }
        return ResultsSource(kind: .queue, queue: "\(topology.prefix).overview", exchange: topology.resultsExchange)
    }
}
