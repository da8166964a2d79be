import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
import Testing

/// Memory stays flat over many messages: set `AMQP_SOAK=1` (and optionally `AMQP_SOAK_MESSAGES`).
@Suite struct AMQPSoakTests {
    static var enabled: Bool { ProcessInfo.processInfo.environment["AMQP_SOAK"] == "1" }

    @Test(.enabled(if: AMQPSoakTests.enabled, "set AMQP_SOAK=1 to run"))
    func memoryDoesNotGrowOverManyMessages() throws {
        let total = Int(ProcessInfo.processInfo.environment["AMQP_SOAK_MESSAGES"] ?? "") ?? 200_000
        try withBroker(name: "planreview-amqp-soak") { connection, publisher, resources in
            let queue = resources.queue("soak")
            try publisher.queueDeclare(queue, durable: false)
            try publisher.confirmSelect()
            let consumer = try connection.openChannel(2)
            try consumer.qos(prefetchCount: 500)
            try consumer.consume(queue: queue)

            let body = [UInt8](repeating: 0x2A, count: 1_024)
            let properties = AMQPProperties(
                contentType: "application/json", headers: ["attempt": 1, "trace": ["id": "abc"]],
                deliveryMode: 1, messageId: "soak")
            var published = 0
            var confirmed: UInt64 = 0
            var consumed = 0
            var unacked: UInt64 = 0
            var rssAtHalf = 0
            let rssAtStart = residentBytes()
            let end = ContinuousClock.now.advanced(by: .seconds(600))
            while consumed < total, ContinuousClock.now < end {
                // Keep up to 1,000 unconfirmed publishes in flight.
                while published < total, UInt64(published) - confirmed < 1_000 {
                    try publisher.publish(exchange: "", routingKey: queue, body: body, properties: properties)
                    published += 1
                }
                switch try connection.nextEvent(timeout: .milliseconds(100)) {
                case .confirm(let confirm):
                    #expect(confirm.isAck)
                    confirmed = max(confirmed, confirm.deliveryTag)
                case .delivery(let delivery):
                    consumed += 1
                    unacked = delivery.deliveryTag
                    if consumed % 100 == 0 {
                        try consumer.ack(deliveryTag: unacked, multiple: true)
                    }
                    if consumed == total / 2 { rssAtHalf = residentBytes() }
                case .timeout:
                    continue
                case let other:
                    Issue.record("unexpected event \(other)")
                    return
                }
            }
            try consumer.ack(deliveryTag: unacked, multiple: true)
            let rssAtEnd = residentBytes()
            print("AMQP soak: \(consumed) messages; RSS start \(rssAtStart / 1024) KiB, at 50% \(rssAtHalf / 1024) KiB, at 100% \(rssAtEnd / 1024) KiB")
            #expect(consumed == total)
            #expect(rssAtEnd - rssAtHalf < 16 << 20, "RSS grew by \((rssAtEnd - rssAtHalf) / 1024) KiB in the second half")
        }
    }

    /// Resident set size from /proc/self/statm (pages * page size).
    private func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
