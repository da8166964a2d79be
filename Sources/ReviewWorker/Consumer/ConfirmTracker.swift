import PlanReviewContract

/// Turns publisher confirms into job acknowledgements: a job is acked only after every message
/// published for it (its result, and the copy to `reply_to`) is confirmed by the broker.
///
/// Pure bookkeeping, no I/O, so the pipelining rules are unit-tested without a broker:
/// - jobs are tracked in delivery order; results are published in that order, so publish sequence
///   numbers grow with delivery tags;
/// - confirms may cover many publishes at once (`multiple`) and may arrive out of order;
/// - the tracker answers with the highest delivery tag whose whole prefix is settled, which the
///   caller acks with `multiple: true` — one ack frame for many jobs.
public struct ConfirmTracker<Job> {
    /// A job waiting for its confirms.
    public struct Entry {
        public var deliveryTag: UInt64
        /// nil once settled: the entry stays in the array until the next compaction, its job (the whole
        /// delivery, body included) must not.
        public var job: Job?
        /// Publishes of this job not yet confirmed.
        var outstanding: Int
        /// Set when the broker nacked one of its publishes.
        var nacked: Bool
        /// Reported as `.nacked`; waits for `rearm` or `release`.
        var awaitingDecision = false
        /// Its publishes were lost with their channel (``suspendUnconfirmed()``); waits for `resume` or `drop`.
        var suspended = false
        /// Settled by the caller itself (basic.reject): skipped, never covered by an ack's tag.
        var dropped = false
    }

    /// What the caller must do with a job whose confirms are all in.
    public enum Settlement {
        /// Ack every unacked delivery up to and including this tag (`multiple: true`).
        case ack(upToDeliveryTag: UInt64, jobs: [Job])
        /// A publish for this job was nacked by the broker. Settling stops here until the caller
        /// decides: `rearm` after publishing the job elsewhere (a retry queue), or `release` after
        /// settling the delivery itself (nack/reject).
        case nacked(deliveryTag: UInt64, job: Job)
    }

    private var entries: [Entry] = []
    private var head = 0
    /// Unconfirmed publish sequence numbers in ascending order with the delivery tag they belong to.
    private var unconfirmed: [(seq: UInt64, deliveryTag: UInt64)] = []
    private var unconfirmedHead = 0

    public init() {}

    /// Jobs published but not yet settled.
    public var inFlight: Int { entries.count - head }
    public var isEmpty: Bool { inFlight == 0 }

    /// Records a job whose messages were published with these sequence numbers (ascending, each
    /// greater than any earlier one). With no sequence numbers the job is settled at once.
    public mutating func published(deliveryTag: UInt64, job: Job, sequenceNumbers: [UInt64]) {
        precondition(entries.last.map { $0.deliveryTag < deliveryTag } ?? true, "delivery tags must grow")
        entries.append(Entry(deliveryTag: deliveryTag, job: job, outstanding: sequenceNumbers.count, nacked: false))
        awaitConfirms(sequenceNumbers, of: deliveryTag)
    }

    /// The publishes of a job, by sequence number, in the order their confirms will settle.
    private mutating func awaitConfirms(_ sequenceNumbers: [UInt64], of deliveryTag: UInt64) {
        for seq in sequenceNumbers {
            precondition(unconfirmed.last.map { $0.seq < seq } ?? true, "sequence numbers must grow")
            unconfirmed.append((seq, deliveryTag))
        }
    }

    /// A job published again at `index` (rearmed or resumed): its new publishes, nothing nacked yet.
    private mutating func republished(at index: Int, job: Job, sequenceNumbers: [UInt64]) -> [Settlement] {
        entries[index].job = job
        entries[index].nacked = false
        entries[index].outstanding = sequenceNumbers.count
        awaitConfirms(sequenceNumbers, of: entries[index].deliveryTag)
        return settle()
    }

    /// Applies a publisher confirm and returns the settlements it makes possible, in delivery order.
    public mutating func confirm(sequenceNumber: UInt64, multiple: Bool, isAck: Bool) -> [Settlement] {
        // Each confirmed publish counts against its job at once (no list of tags in between).
        if multiple {
            while unconfirmedHead < unconfirmed.count, unconfirmed[unconfirmedHead].seq <= sequenceNumber {
                confirmed(deliveryTag: unconfirmed[unconfirmedHead].deliveryTag, isAck: isAck)
                unconfirmedHead += 1
            }
        } else if let index = indexOfUnconfirmed(sequenceNumber) {
            confirmed(deliveryTag: unconfirmed[index].deliveryTag, isAck: isAck)
            unconfirmed.remove(at: index)
        }
        compact()
        return settle()
    }

    private mutating func confirmed(deliveryTag: UInt64, isAck: Bool) {
        guard let index = indexOfEntry(deliveryTag) else { return }
        entries[index].outstanding -= 1
        if !isAck { entries[index].nacked = true }
    }

    /// The nacked job at the head was published again (e.g. to a retry queue): wait for these confirms.
    public mutating func rearm(deliveryTag: UInt64, job: Job, sequenceNumbers: [UInt64]) -> [Settlement] {
        precondition(head < entries.count && entries[head].deliveryTag == deliveryTag && entries[head].awaitingDecision, "rearm only the job reported as nacked")
        entries[head].awaitingDecision = false
        return republished(at: head, job: job, sequenceNumbers: sequenceNumbers)
    }

    /// The caller settled the nacked job at the head itself (nack or reject): move on.
    public mutating func release(deliveryTag: UInt64) -> [Settlement] {
        precondition(head < entries.count && entries[head].deliveryTag == deliveryTag && entries[head].awaitingDecision, "release only the job reported as nacked")
        entries[head].job = nil
        head += 1
        return settle()
    }

    /// Changes the job of an unsettled delivery (e.g. to note why one of its publishes failed).
    public mutating func update(deliveryTag: UInt64, _ change: (inout Job) -> Void) {
        guard let index = indexOfEntry(deliveryTag), entries[index].job != nil else { return }
        change(&entries[index].job!)
    }

    /// The channel the publishes went out on was closed by the broker: no confirm will come for any
    /// unconfirmed publish. Every job still waiting for one is suspended (settling stops at it) until
    /// the caller publishes it again (`resume`) or settles it itself (`drop`). Returns their delivery
    /// tags in delivery order. The next sequence numbers may start again at 1 (a new channel).
    public mutating func suspendUnconfirmed() -> [UInt64] {
        var tags: [UInt64] = []
        for index in head..<entries.count where entries[index].outstanding > 0 {
            entries[index].outstanding = 0
            entries[index].suspended = true
            tags.append(entries[index].deliveryTag)
        }
        unconfirmed.removeAll(keepingCapacity: true)
        unconfirmedHead = 0
        return tags
    }

    /// The job of a delivery, while it is unsettled.
    public func job(deliveryTag: UInt64) -> Job? {
        indexOfEntry(deliveryTag).flatMap { entries[$0].job }
    }

    /// A suspended job was published again (on the new channel): wait for these confirms.
    public mutating func resume(deliveryTag: UInt64, job: Job, sequenceNumbers: [UInt64]) -> [Settlement] {
        guard let index = indexOfEntry(deliveryTag), entries[index].suspended else { preconditionFailure("resume only a suspended job") }
        entries[index].suspended = false
        return republished(at: index, job: job, sequenceNumbers: sequenceNumbers)
    }

    /// The caller settled a suspended job itself (basic.reject): settling passes it without acking it.
    public mutating func drop(deliveryTag: UInt64) -> [Settlement] {
        guard let index = indexOfEntry(deliveryTag), entries[index].suspended else { preconditionFailure("drop only a suspended job") }
        entries[index].suspended = false
        entries[index].dropped = true
        return settle()
    }

    /// Forgets everything, e.g. after the connection is lost: unacked deliveries return to the
    /// queue on the broker's side and will be redelivered. Returns the jobs that were in flight.
    public mutating func reset() -> [Job] {
        let jobs = entries[head...].compactMap(\.job)
        entries.removeAll(keepingCapacity: true)
        unconfirmed.removeAll(keepingCapacity: true)
        head = 0
        unconfirmedHead = 0
        return jobs
    }

    private func indexOfUnconfirmed(_ seq: UInt64) -> Int? {
        unconfirmed.index(from: unconfirmedHead, ofKey: seq) { $0.seq }
    }

    private func indexOfEntry(_ deliveryTag: UInt64) -> Int? {
        entries.index(from: head, ofKey: deliveryTag) { $0.deliveryTag }
    }

    /// Settles the longest prefix of finished jobs with one multiple-ack, and stops at a nacked job
    /// until the caller decides about it, so no multiple-ack ever covers an unsettled delivery.
    private mutating func settle() -> [Settlement] {
        var settlements: [Settlement] = []
        var acked: [Job] = []
        var lastAcked: UInt64?
        while head < entries.count, entries[head].outstanding == 0, !entries[head].awaitingDecision, !entries[head].suspended {
            if entries[head].dropped {
                // Rejected by the caller: an ack naming its tag would be refused (406 unknown delivery tag).
                entries[head].job = nil
                head += 1
                continue
            }
            if entries[head].nacked {
                entries[head].awaitingDecision = true
                if let lastAcked { settlements.append(.ack(upToDeliveryTag: lastAcked, jobs: acked)) }
                settlements.append(.nacked(deliveryTag: entries[head].deliveryTag, job: entries[head].job!))
                return settlements
            }
            // Moved out, not copied and released.
            acked.append(entries[head].job.take()!)
            lastAcked = entries[head].deliveryTag
            head += 1
        }
        if let lastAcked { settlements.append(.ack(upToDeliveryTag: lastAcked, jobs: acked)) }
        compact()
        return settlements
    }

    /// Drops settled prefixes once they dominate the arrays, keeping memory flat over millions of jobs.
    private mutating func compact() {
        if head > 1024, head * 2 > entries.count {
            entries.removeFirst(head)
            head = 0
        }
        if unconfirmedHead > 1024, unconfirmedHead * 2 > unconfirmed.count {
            unconfirmed.removeFirst(unconfirmedHead)
            unconfirmedHead = 0
        }
    }
}
