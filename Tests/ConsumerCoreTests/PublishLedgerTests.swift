import PlanReviewContract
@testable import ReviewWorker
import Testing

/// The ledger counts its returned records, so the core can confirm an ack without copying the
/// records out while none is returned (issue 15, "AMQP path").
@Suite struct PublishLedgerTests {
    private func record(_ sequenceNumber: UInt64, messageId: String) -> PublishLedger.Record {
        PublishLedger.Record(
            sequenceNumber: sequenceNumber, deliveryTag: sequenceNumber, role: .result, exchange: "t.results", routingKey: "result.101.compliant",
            messageId: messageId)
    }

    @Test func theReturnedCountFollowsReturnsAndConfirms() {
        var ledger = PublishLedger()
        for n in 1...4 { ledger.append(record(UInt64(n), messageId: "job-\(n)")) }
        #expect(ledger.returnedCount == 0)
        let returned = ledger.markReturned(exchange: "t.results", routingKey: "result.101.compliant", messageId: "job-2", code: 312, text: "NO_ROUTE")
        #expect(returned?.sequenceNumber == 2 && ledger.returnedCount == 1)
        // Dropping what precedes the returned record leaves it counted.
        ledger.drop(1, multiple: true)
        #expect(ledger.count == 3 && ledger.returnedCount == 1)
        // Confirming it (here singly, out of order) returns it marked and clears the count.
        ledger.append(record(5, messageId: "job-5"))
        let covered = ledger.confirm(2, multiple: false)
        #expect(covered.map(\.sequenceNumber) == [2] && covered[0].returned?.code == 312)
        #expect(ledger.returnedCount == 0 && ledger.count == 3)
        _ = ledger.markReturned(exchange: "t.results", routingKey: "result.101.compliant", messageId: "job-4", code: 312, text: "NO_ROUTE")
        #expect(ledger.confirm(5, multiple: true).map(\.sequenceNumber) == [3, 4, 5])
        #expect(ledger.returnedCount == 0 && ledger.count == 0)
        _ = ledger.markReturned(exchange: "t.results", routingKey: "result.101.compliant", messageId: "job-9", code: 312, text: "NO_ROUTE")
        #expect(ledger.returnedCount == 0, "a return that matches no unconfirmed publish counts nothing")
        ledger.append(record(6, messageId: "job-6"))
        _ = ledger.markReturned(exchange: "t.results", routingKey: "result.101.compliant", messageId: "job-6", code: 312, text: "NO_ROUTE")
        ledger.reset()
        #expect(ledger.returnedCount == 0 && ledger.count == 0)
    }
}
