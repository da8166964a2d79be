/// The core's record of every publish not yet confirmed: what it was for, and whether the broker
/// returned it (basic.return). A return arrives before the confirm of the same publish (RabbitMQ,
/// "Publisher Confirms": basic.return, then basic.ack), so when the confirm comes the ledger knows
/// whether that message reached a queue.
///
/// basic.return carries no sequence number: a return is matched to the earliest unconfirmed,
/// not yet returned publish with the same exchange, routing key and message id (the broker returns
/// in publish order).
struct PublishLedger {
    struct Record: Equatable {
        var sequenceNumber: UInt64
        var deliveryTag: UInt64
        var role: PublishRole
        var exchange: String
        var routingKey: String
        var messageId: String?
        /// Set by basic.return: its reply code and text.
        var returned: (code: UInt16, text: String)?

        static func == (a: Record, b: Record) -> Bool {
            a.sequenceNumber == b.sequenceNumber && a.deliveryTag == b.deliveryTag && a.role == b.role && a.returned?.code == b.returned?.code
        }
    }

    private var records: [Record] = []
    private var head = 0
    /// Unconfirmed records marked returned: while there are none, an ack confirms without a look at them.
    private(set) var returnedCount = 0

    var count: Int { records.count - head }

    mutating func append(_ record: Record) {
        records.append(record)
    }

    /// Marks the publish a basic.return refers to; returns it, or nil when no unconfirmed publish matches.
    mutating func markReturned(exchange: String, routingKey: String, messageId: String?, code: UInt16, text: String) -> Record? {
        for index in head..<records.count where records[index].returned == nil {
            let record = records[index]
            if record.exchange == exchange, record.routingKey == routingKey, record.messageId == messageId {
                records[index].returned = (code, text)
                returnedCount += 1
                return records[index]
            }
        }
        return nil
    }

    /// Removes and returns the records a confirm covers (all up to `sequenceNumber` with `multiple`).
    mutating func confirm(_ sequenceNumber: UInt64, multiple: Bool) -> [Record] {
        var covered: [Record] = []
        remove(upTo: sequenceNumber, multiple: multiple) { covered.append($0) }
        return covered
    }

    /// Removes the records a confirm covers without returning them: the common case (an ack while no
    /// record is returned, ``returnedCount`` 0), where what they were for does not matter. Copying
    /// them out (their strings retained and released) was a few per cent of the worker's CPU.
    mutating func drop(_ sequenceNumber: UInt64, multiple: Bool) {
        remove(upTo: sequenceNumber, multiple: multiple) { _ in }
    }

    private mutating func remove(upTo sequenceNumber: UInt64, multiple: Bool, _ covered: (Record) -> Void) {
        if multiple {
            while head < records.count, records[head].sequenceNumber <= sequenceNumber {
                if records[head].returned != nil { returnedCount -= 1 }
                covered(records[head])
                head += 1
            }
        } else if let index = records[head...].firstIndex(where: { $0.sequenceNumber == sequenceNumber }) {
            if records[index].returned != nil { returnedCount -= 1 }
            covered(records[index])
            if index == head { head += 1 } else { records.remove(at: index) }
        }
        if head > 1024, head * 2 > records.count {
            records.removeFirst(head)
            head = 0
        }
    }

    mutating func reset() {
        records.removeAll(keepingCapacity: true)
        head = 0
        returnedCount = 0
    }
}

/// What a publish was for.
public enum PublishRole: String, Sendable, Equatable {
    /// The result on the results exchange: what counts for the job.
    case result
    /// The optional copy to `reply_to`: its failure never fails the job.
    case replyCopy = "reply_copy"
    /// The job to a retry queue.
    case retry
    /// The job to the dead letters.
    case deadLetter = "dead_letter"
    /// A redelivered job to the quarantine queue.
    case quarantine
}
