import AMQP
import PlanReviewContract
@testable import ReviewWorker
import Testing

/// No trap is reachable from a job's envelope: seeded random properties and headers, of every
/// ``AMQPFieldValue`` case at every place the worker reads, through ``IncomingEnvelope`` and a whole
/// ``ConsumerCore`` round (review, publish, nack, retry, return, dead letter).
@Suite struct EnvelopePropertyTests {
    /// SplitMix64: small, seeded, the same sequence on every machine.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Edge values first, then random ones.
    static func integer(_ rng: inout Seeded) -> Int64 {
        let edges: [Int64] = [.min, .max, -1, 0, 1, -7, 3, 4, 946_684_800, 4_102_444_800, 1_700_000_000, 1_700_000_000_000, 1_700_000_000_000_000_000]
        return Bool.random(using: &rng) ? edges.randomElement(using: &rng)! : Int64(bitPattern: rng.next())
    }

    static func string(_ rng: inout Seeded) -> String {
        let pieces = [
            "", "1700000000000", "-9223372036854775808", "9223372036854775807", "99999999999999999999999", "1e400", "NaN", "amq.rabbitmq.reply-to",
            "amq.rabbitmq.reply-to.g1h2AA5yZXBseUA2ODc4MTMzNAAAcEoAAAAAaS8eQg==", "amq.rabbitmq.reply-to.fake", "planreview.jobs", "planreview.dead",
            "amq.gen-x", "planreview.reply.ok", "æøå", String(repeating: "x", count: 300),
        ]
        return pieces.randomElement(using: &rng)!
    }

    static func value(_ rng: inout Seeded, depth: Int = 0) -> AMQPFieldValue {
        let i = integer(&rng)
        switch Int.random(in: 0...15, using: &rng) {
        case 0: return .bool(Bool.random(using: &rng))
        case 1: return .int8(Int8(truncatingIfNeeded: i))
        case 2: return .uint8(UInt8(truncatingIfNeeded: i))
        case 3: return .int16(Int16(truncatingIfNeeded: i))
        case 4: return .uint16(UInt16(truncatingIfNeeded: i))
        case 5: return .int32(Int32(truncatingIfNeeded: i))
        case 6: return .uint32(UInt32(truncatingIfNeeded: i))
        case 7: return .int64(i)
        case 8: return .float([Float.nan, .infinity, -.infinity, 1.7e12, Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))].randomElement(using: &rng)!)
        case 9: return .double([Double.nan, .infinity, 9.3e18, -9.3e18, 1.7e12, 1e300, Double(bitPattern: rng.next())].randomElement(using: &rng)!)
        case 10: return .string(string(&rng))
        case 11: return .bytes((0..<Int.random(in: 0...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
        case 12: return depth > 3 ? .void : .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(&rng, depth: depth + 1) })
        case 13: return depth > 3 ? .void : .table(table(&rng, depth: depth + 1))
        case 14: return .timestamp(rng.next())
        default: return .void
        }
    }

    static func table(_ rng: inout Seeded, depth: Int = 0) -> AMQPTable {
        let keys = [JobHeaders.timestampMilliseconds, RetryHeaders.attempts, IncomingEnvelope.deliveryCountHeader, RetryHeaders.error, "x-death", "custom"]
        var table: AMQPTable = [:]
        for key in keys where Bool.random(using: &rng) { table[key] = value(&rng, depth: depth) }
        return table
    }

    /// Properties as AMQP can deliver them: short strings of at most 255 bytes (headers may hold longer ones).
    static func properties(_ rng: inout Seeded) -> AMQPProperties {
        func maybe(_ s: String) -> String? { Bool.random(using: &rng) ? String(decoding: s.utf8.prefix(255), as: UTF8.self) : nil }
        return AMQPProperties(
            contentType: maybe("application/json"), contentEncoding: maybe(string(&rng)), headers: Bool.random(using: &rng) ? table(&rng) : nil,
            deliveryMode: UInt8.random(in: 0...255, using: &rng), priority: UInt8.random(in: 0...255, using: &rng), correlationId: maybe(string(&rng)),
            replyTo: maybe(string(&rng)), expiration: maybe("0"), messageId: maybe(string(&rng)),
            timestamp: Bool.random(using: &rng) ? UInt64(bitPattern: integer(&rng)) : nil, type: maybe(ContractTypes.job), userId: maybe("someone-else"),
            appId: maybe(string(&rng)))
    }

    @Test(arguments: [1, 2, 3, 42, 2026])
    func everyRandomEnvelopeIsReadWithinItsBounds(_ seed: UInt64) {
        var rng = Seeded(state: seed)
        let limits = IncomingEnvelope.Limits(retryCount: 3)
        for _ in 0..<2_000 {
            let envelope = IncomingEnvelope(Self.properties(&rng), limits: limits)
            #expect((0...3).contains(envelope.attempts))
            if let seconds = envelope.timestampSeconds { #expect(limits.plausibleSeconds.contains(seconds)) }
            if let ms = envelope.submittedAtMilliseconds { #expect(limits.plausibleMilliseconds.contains(ms)) }
            if let queue = envelope.replyTo.queue { #expect(queue.hasPrefix("amq.rabbitmq.reply-to.") || queue.hasPrefix("amq.gen-") || queue.hasPrefix("planreview.reply.")) }
            #expect(envelope.notes.allSatisfy { $0.detail.count < 400 }, "notes stay bounded")
        }
    }

    /// Whole rounds through the core: every job is published and settled (acked, retried, dead-lettered
    /// or requeued), every publish passes AMQP's own checks, none carries a foreign user_id.
    @Test(arguments: [7, 8, 9])
    func everyRandomEnvelopeGoesThroughTheCoreAndEveryJobSettles(_ seed: UInt64) {
        var rng = Seeded(state: seed)
        var harness = CoreHarness()
        var tag: UInt64 = 0
        for _ in 0..<300 {
            tag += 1
            harness.send(.delivery(ConsumerDelivery(deliveryTag: tag, redelivered: Bool.random(using: &rng), properties: Self.properties(&rng), body: [1])))
            // Confirm what is out there, at random: ack, nack, return.
            while let next = harness.published.first(where: { $0.sequenceNumber > harness.confirmedUpTo }) {
                switch Int.random(in: 0...5, using: &rng) {
                case 0: harness.confirm(next.sequenceNumber, ack: false)
                case 1:
                    harness.send(.returned(replyCode: 312, exchange: next.exchange, routingKey: next.routingKey, messageId: next.properties.messageId))
                    harness.confirm(next.sequenceNumber)
                default: harness.confirm(next.sequenceNumber)
                }
            }
        }
        for publish in harness.published {
            #expect(publish.properties.oversizedShortString == nil && publish.routingKey.utf8.count <= 255)
            #expect(publish.mandatory)
            if publish.exchange != "t.results" { #expect(publish.properties.userId == nil && publish.properties.expiration == nil, "\(publish.routingKey)") }
        }
        #expect(harness.core.jobsInFlight == 0, "every job settled")
        let settled = Set(harness.requeued).union(Set(1...tag).filter { t in harness.acks.contains { $0 >= t } })
        #expect(settled.count == Int(tag))
    }
}
