import Foundation
import Logging
import Metrics

/// Takes result bodies into a store: reads each (``ResultMessage``), records it, logs and counts
/// what was skipped. Bad input never throws; only a store failure does.
public struct Ingestor: Sendable {
    public let store: any OverviewStore
    public let knownCodes: Set<Int>
    let logger: Logger

    public init(store: any OverviewStore, knownCodes: Set<Int>, logger: Logger) {
        self.store = store
        self.knownCodes = knownCodes
        self.logger = logger
    }

    /// Reads and records one message body.
    @discardableResult
    public func ingest(body: [UInt8], publishedAt: Date? = nil, position: StreamPosition? = nil, routingKey: String? = nil) async throws -> IngestOutcome {
        let message = ResultMessage.read(body: body, knownCodes: knownCodes, publishedAt: publishedAt)
        let outcome = try await store.record(message, at: position)
        Counter(label: "planreview_overview_messages_total", dimensions: [("outcome", Self.label(outcome))]).increment()
        if case .skipped(let reason) = outcome {
            var metadata: Logger.Metadata = ["overview_skip_reason": "\(reason.rawValue)", "overview_body_bytes": "\(body.count)"]
            if let routingKey { metadata["amqp_routing_key"] = "\(routingKey)" }
            if let position { metadata["amqp_stream_offset"] = "\(position.offset)" }
            logger.warning("skipped a message on the results stream", metadata: metadata)
        }
        return outcome
    }

    /// Records every non-empty line of a JSON-lines text (`planreview results --json` output).
    public func ingest(lines text: String) async throws -> [IngestOutcome] {
        var outcomes: [IngestOutcome] = []
        for line in text.split(whereSeparator: \.isNewline) where !line.allSatisfy(\.isWhitespace) {
            outcomes.append(try await ingest(body: Array(line.utf8)))
        }
        return outcomes
    }

    static func label(_ outcome: IngestOutcome) -> String {
        switch outcome {
        case .stored: "stored"
        case .duplicate: "duplicate"
        case .skipped: "skipped"
        case .alreadyConsumed: "already_consumed"
        }
    }
}
