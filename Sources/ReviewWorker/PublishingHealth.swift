import PlanReviewContract

/// What one consumer's channel says about publishing, for `/readyz`: is the connection blocked, are
/// results being refused or returned, has a confirm been outstanding too long. A pure value (no clock:
/// `now` comes in, monotonic), kept by ``ConsumerControl`` and fed by ``ReportingChannel``.
///
/// Results "being refused" means: the last word the broker said about a result was a `basic.nack` or a
/// `basic.return`, and no result published after that has been confirmed since. A result confirmed
/// after the condition cleared ends it; so does ``refusalHold`` without a new refusal (an idle worker
/// whose last result was refused is not stuck forever as unready).
public struct PublishingHealth: Sendable, Equatable {
    /// Why a consumer is not ready to publish.
    public enum Problem: Sendable, Equatable, CustomStringConvertible {
        /// connection.blocked (a memory or disk alarm): publishes are not read.
        case blocked(reason: String)
        /// The broker nacked or returned a result and no later result was confirmed yet.
        case resultsRefused(nacked: UInt64, returned: UInt64)
        /// Publishes are outstanding and no confirm arrived for this long.
        case confirmsStalled(outstanding: Int, for: Duration)

        public var description: String {
            switch self {
            case .blocked(let reason): "connection blocked by the broker (\(reason))"
            case .resultsRefused(let nacked, let returned): "results refused by the broker (nacked \(nacked), returned \(returned))"
            case .confirmsStalled(let outstanding, let duration):
                "no publisher confirm for \(Int(duration.inSeconds)) s with \(outstanding) publishes outstanding"
            }
        }
    }

    /// How long a refusal keeps the consumer unready when nothing is published after it.
    public static let refusalHold: Duration = .seconds(30)

    public private(set) var blockedReason: String?
    /// Results nacked / returned since the consumer started (all sessions).
    public private(set) var resultsNacked: UInt64 = 0
    public private(set) var resultsReturned: UInt64 = 0
    /// Publishes not yet confirmed: sequence number -> was it a result (to the results exchange).
    private var outstanding: [UInt64: Bool] = [:]
    private var highestPublished: UInt64 = 0
    /// Since when publishes are outstanding without a confirm (the later of the first outstanding
    /// publish and the last confirm).
    private var waitingSince: Duration?
    /// The refusal in force: when, and the highest sequence number published before it.
    private var refusal: Refusal?

    private struct Refusal: Sendable, Equatable {
        var at: Duration
        var publishedBefore: UInt64
    }

    public init() {}

    /// A new channel: nothing outstanding, not blocked, numbering restarts at 1 (counters and a refusal stay).
    public mutating func channelOpened() {
        outstanding = [:]
        highestPublished = 0
        waitingSince = nil
        blockedReason = nil
        if let refusal { self.refusal = Refusal(at: refusal.at, publishedBefore: 0) }
    }

    public mutating func blocked(reason: String) { blockedReason = reason }
    public mutating func unblocked() { blockedReason = nil }

    /// A publish numbered `sequenceNumber` (after confirm.select); `isResult` when it went to the results exchange.
    public mutating func published(sequenceNumber: UInt64, isResult: Bool, now: Duration) {
        if outstanding.isEmpty { waitingSince = now }
        outstanding[sequenceNumber] = isResult
        highestPublished = max(highestPublished, sequenceNumber)
    }

    /// basic.ack / basic.nack from the broker.
    public mutating func confirmed(deliveryTag: UInt64, multiple: Bool, isAck: Bool, now: Duration) {
        let settled = multiple ? outstanding.filter { $0.key <= deliveryTag } : outstanding.filter { $0.key == deliveryTag }
        for key in settled.keys { outstanding[key] = nil }
        waitingSince = outstanding.isEmpty ? nil : now
        let results = settled.filter(\.value).keys
        guard !results.isEmpty else { return }
        if isAck {
            if let refusal, results.contains(where: { $0 > refusal.publishedBefore }) { self.refusal = nil }
        } else {
            resultsNacked += UInt64(results.count)
            refusal = Refusal(at: now, publishedBefore: highestPublished)
        }
    }

    /// basic.return of a result (published mandatory to the results exchange, no queue took it).
    public mutating func resultReturned(now: Duration) {
        resultsReturned += 1
        refusal = Refusal(at: now, publishedBefore: highestPublished)
    }

    /// Publishes sent and not yet confirmed.
    public var unconfirmed: Int { outstanding.count }

    /// What keeps the consumer from being ready at `now`; empty when publishing is healthy.
    public func problems(now: Duration, confirmTimeout: Duration) -> [Problem] {
        var problems: [Problem] = []
        if let blockedReason { problems.append(.blocked(reason: blockedReason)) }
        if let refusal, now - refusal.at < Self.refusalHold {
            problems.append(.resultsRefused(nacked: resultsNacked, returned: resultsReturned))
        }
        if let waitingSince, !outstanding.isEmpty, now - waitingSince > confirmTimeout {
            problems.append(.confirmsStalled(outstanding: outstanding.count, for: now - waitingSince))
        }
        return problems
    }
}
