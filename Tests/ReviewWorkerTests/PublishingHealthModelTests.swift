import PlanReviewContract
@testable import ReviewWorker
import Testing

/// ``PublishingHealth`` keeps its outstanding publishes in a sorted array (issue 15, "AMQP path"); it
/// must say exactly what the dictionary it replaced said. Seeded random publish/confirm/reopen
/// sequences, with repeated and out-of-order sequence numbers (two channels report to one control),
/// against that dictionary as the model.
@Suite struct PublishingHealthModelTests {
    /// The former implementation, as the reference.
    struct Model {
        var outstanding: [UInt64: Bool] = [:]
        var highestPublished: UInt64 = 0
        var waitingSince: Duration?
        var resultsNacked: UInt64 = 0
        var refusal: (at: Duration, publishedBefore: UInt64)?

        mutating func channelOpened() {
            outstanding = [:]
            highestPublished = 0
            waitingSince = nil
            if let refusal { self.refusal = (refusal.at, 0) }
        }

        mutating func published(_ sequenceNumber: UInt64, isResult: Bool, now: Duration) {
            if outstanding.isEmpty { waitingSince = now }
            outstanding[sequenceNumber] = isResult
            highestPublished = max(highestPublished, sequenceNumber)
        }

        mutating func confirmed(_ tag: UInt64, multiple: Bool, isAck: Bool, now: Duration) {
            let settled = multiple ? outstanding.filter { $0.key <= tag } : outstanding.filter { $0.key == tag }
            for key in settled.keys { outstanding[key] = nil }
            waitingSince = outstanding.isEmpty ? nil : now
            let results = settled.filter(\.value).keys
            guard !results.isEmpty else { return }
            if isAck {
                if let refusal, results.contains(where: { $0 > refusal.publishedBefore }) { self.refusal = nil }
            } else {
                resultsNacked += UInt64(results.count)
                refusal = (now, highestPublished)
            }
        }

        func problems(now: Duration, confirmTimeout: Duration) -> [PublishingHealth.Problem] {
            var problems: [PublishingHealth.Problem] = []
            if let refusal, now - refusal.at < PublishingHealth.refusalHold { problems.append(.resultsRefused(nacked: resultsNacked, returned: 0)) }
            if let waitingSince, !outstanding.isEmpty, now - waitingSince > confirmTimeout {
                problems.append(.confirmsStalled(outstanding: outstanding.count, for: now - waitingSince))
            }
            return problems
        }
    }

    /// SplitMix64: seeded, the same sequence on every machine.
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

    @Test(arguments: 0..<40)
    func saysWhatTheDictionarySaid(seed: Int) {
        var random = Seeded(state: UInt64(seed))
        var health = PublishingHealth()
        var model = Model()
        var next: UInt64 = 1
        var now = Duration.zero
        let timeout = Duration.seconds(15)
        for step in 0..<600 {
            now += .milliseconds(Int64.random(in: 0...3_000, using: &random))
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<2:
                health.channelOpened()
                model.channelOpened()
                next = 1
            case 2..<55:
                // Mostly the next number; sometimes one already used (the second channel's numbering).
                let number = Int.random(in: 0..<10, using: &random) == 0 ? UInt64.random(in: 1...max(1, next), using: &random) : next
                if number == next { next += 1 }
                let isResult = Int.random(in: 0..<5, using: &random) != 0
                health.published(sequenceNumber: number, isResult: isResult, now: now)
                model.published(number, isResult: isResult, now: now)
            default:
                let tag = UInt64.random(in: 0...next + 1, using: &random)
                let multiple = Bool.random(using: &random)
                let isAck = Int.random(in: 0..<8, using: &random) != 0
                health.confirmed(deliveryTag: tag, multiple: multiple, isAck: isAck, now: now)
                model.confirmed(tag, multiple: multiple, isAck: isAck, now: now)
            }
            #expect(health.unconfirmed == model.outstanding.count, "seed \(seed), step \(step)")
            #expect(health.resultsNacked == model.resultsNacked, "seed \(seed), step \(step)")
            #expect(health.problems(now: now, confirmTimeout: timeout) == model.problems(now: now, confirmTimeout: timeout), "seed \(seed), step \(step)")
        }
    }

    /// Equal when the same publishes are outstanding, wherever they sit in the array.
    @Test func equalityIgnoresTheSettledPrefix() {
        var a = PublishingHealth()
        var b = PublishingHealth()
        a.published(sequenceNumber: 1, isResult: true, now: .zero)
        a.published(sequenceNumber: 2, isResult: true, now: .zero)
        a.confirmed(deliveryTag: 1, multiple: false, isAck: true, now: .zero)
        b.published(sequenceNumber: 2, isResult: true, now: .zero)
        b.confirmed(deliveryTag: 1, multiple: false, isAck: true, now: .zero)
        #expect(a.unconfirmed == 1 && b.unconfirmed == 1)
        #expect(a == b)
        b.published(sequenceNumber: 3, isResult: false, now: .zero)
        #expect(a != b)
    }
}
