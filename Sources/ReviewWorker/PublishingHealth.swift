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
    /// Publishes not yet confirmed, by ascending sequence number, each once (a later publish with the
    /// same number replaces it): was it a result (to the results exchange). Sorted, because a confirm
    /// settles a prefix: a dictionary was filtered whole (and copied twice) on every confirm.
    private var outstanding: [Outstanding] = []
    private var outstandingHead = 0

    private struct Outstanding: Sendable, Equatable {
        var sequenceNumber: UInt64
        var isResult: Bool
    }
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

    /// Equal when they say the same: the publishes still outstanding, not where they sit in the array.
    public static func == (a: PublishingHealth, b: PublishingHealth) -> Bool {
        a.blockedReason == b.blockedReason && a.resultsNacked == b.resultsNacked && a.resultsReturned == b.resultsReturned
            && a.outstanding[a.outstandingHead...].elementsEqual(b.outstanding[b.outstandingHead...]) && a.highestPublished == b.highestPublished
            && a.waitingSince == b.waitingSince && a.refusal == b.refusal
    }

    /// A new channel: nothing outstanding, not blocked, numbering restarts at 1 (counters and a refusal stay).
    public mutating func channelOpened() {
        outstanding.removeAll(keepingCapacity: true)
        outstandingHead = 0
        highestPublished = 0
        waitingSince = nil
        blockedReason = nil
        if let refusal { self.refusal = Refusal(at: refusal.at, publishedBefore: 0) }
    }

    public mutating func blocked(reason: String) { blockedReason = reason }
    public mutating func unblocked() { blockedReason = nil }

    /// A publish numbered `sequenceNumber` (after confirm.select); `isResult` when it went to the results exchange.
    public mutating func published(sequenceNumber: UInt64, isResult: Bool, now: Duration) {
        if unconfirmed == 0 { waitingSince = now }
        insert(sequenceNumber, isResult: isResult)
        highestPublished = max(highestPublished, sequenceNumber)
    }

    /// basic.ack / basic.nack from the broker.
    public mutating func confirmed(deliveryTag: UInt64, multiple: Bool, isAck: Bool, now: Duration) {
        // The results among the settled publishes: how many, and the highest.
        var results: UInt64 = 0
        var highestResult: UInt64 = 0
        func settle(_ index: Int) {
            if outstanding[index].isResult {
                results += 1
                highestResult = max(highestResult, outstanding[index].sequenceNumber)
            }
        }
        if multiple {
            while outstandingHead < outstanding.count, outstanding[outstandingHead].sequenceNumber <= deliveryTag {
                settle(outstandingHead)
                outstandingHead += 1
            }
        } else if let index = index(of: deliveryTag) {
            settle(index)
            if index == outstandingHead { outstandingHead += 1 } else { outstanding.remove(at: index) }
        }
        if outstandingHead == outstanding.count {
            outstanding.removeAll(keepingCapacity: true)
            outstandingHead = 0
        } else if outstandingHead > 1024, outstandingHead * 2 > outstanding.count {
            outstanding.removeFirst(outstandingHead)
            outstandingHead = 0
        }
        waitingSince = unconfirmed == 0 ? nil : now
        guard results > 0 else { return }
        if isAck {
            if let refusal, highestResult > refusal.publishedBefore { self.refusal = nil }
        } else {
            resultsNacked += results
            refusal = Refusal(at: now, publishedBefore: highestPublished)
        }
    }

    /// Adds a publish in order (at the end, but for a channel whose numbering restarted under the same
    /// health); one with a number already outstanding replaces it.
    private mutating func insert(_ sequenceNumber: UInt64, isResult: Bool) {
        guard let last = outstanding.last, outstandingHead < outstanding.count, last.sequenceNumber >= sequenceNumber else {
            outstanding.append(Outstanding(sequenceNumber: sequenceNumber, isResult: isResult))
            return
        }
        let low = outstanding.firstIndex(from: outstandingHead, notBelow: sequenceNumber) { $0.sequenceNumber }
        if outstanding[low].sequenceNumber == sequenceNumber {
            outstanding[low].isResult = isResult
        } else {
            outstanding.insert(Outstanding(sequenceNumber: sequenceNumber, isResult: isResult), at: low)
        }
    }

    /// The index of an outstanding publish.
    private func index(of sequenceNumber: UInt64) -> Int? {
        outstanding.index(from: outstandingHead, ofKey: sequenceNumber) { $0.sequenceNumber }
    }

    /// basic.return of a result (published mandatory to the results exchange, no queue took it).
    public mutating func resultReturned(now: Duration) {
        resultsReturned += 1
        refusal = Refusal(at: now, publishedBefore: highestPublished)
    }

    /// Publishes sent and not yet confirmed.
    public var unconfirmed: Int { outstanding.count - outstandingHead }

    /// What keeps the consumer from being ready at `now`; empty when publishing is healthy.
    public func problems(now: Duration, confirmTimeout: Duration) -> [Problem] {
        var problems: [Problem] = []
        if let blockedReason { problems.append(.blocked(reason: blockedReason)) }
        if let refusal, now - refusal.at < Self.refusalHold {
            problems.append(.resultsRefused(nacked: resultsNacked, returned: resultsReturned))
        }
        if let waitingSince, unconfirmed > 0, now - waitingSince > confirmTimeout {
            problems.append(.confirmsStalled(outstanding: unconfirmed, for: now - waitingSince))
        }
        return problems
    }
}
