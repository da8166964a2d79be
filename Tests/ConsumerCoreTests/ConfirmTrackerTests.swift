import PlanReviewContract
import PlanReviewOps
@testable import ReviewWorker
import Testing


@Suite struct ConfirmTrackerTests {
    typealias Tracker = ConfirmTracker<String>

    /// The delivery tags an `.ack` settlement covers and the nacked tags, in order.
    private func describe(_ settlements: [Tracker.Settlement]) -> [String] {
        settlements.map {
            switch $0 {
            case .ack(let tag, let jobs): "ack<=\(tag) \(jobs.joined(separator: ","))"
            case .nacked(let tag, let job): "nack \(tag) \(job)"
            }
        }
    }

    @Test func aMultipleConfirmAcksEveryJobUpToItInOneAck() {
        var tracker = Tracker()
        for tag in 1...5 { tracker.published(deliveryTag: UInt64(tag), job: "j\(tag)", sequenceNumbers: [UInt64(tag)]) }
        #expect(describe(tracker.confirm(sequenceNumber: 3, multiple: true, isAck: true)) == ["ack<=3 j1,j2,j3"])
        #expect(tracker.inFlight == 2)
        #expect(describe(tracker.confirm(sequenceNumber: 5, multiple: true, isAck: true)) == ["ack<=5 j4,j5"])
        #expect(tracker.isEmpty)
    }

    @Test func aJobWaitsForBothItsResultAndItsReplyCopy() {
        var tracker = Tracker()
        tracker.published(deliveryTag: 1, job: "a", sequenceNumbers: [1, 2])
        tracker.published(deliveryTag: 2, job: "b", sequenceNumbers: [3])
        #expect(tracker.confirm(sequenceNumber: 1, multiple: false, isAck: true).isEmpty)
        #expect(describe(tracker.confirm(sequenceNumber: 2, multiple: false, isAck: true)) == ["ack<=1 a"])
        #expect(describe(tracker.confirm(sequenceNumber: 3, multiple: false, isAck: true)) == ["ack<=2 b"])
    }

    @Test func outOfOrderConfirmsNeverAckPastAnUnconfirmedJob() {
        var tracker = Tracker()
        for tag in 1...3 { tracker.published(deliveryTag: UInt64(tag * 10), job: "j\(tag)", sequenceNumbers: [UInt64(tag)]) }
        #expect(tracker.confirm(sequenceNumber: 3, multiple: false, isAck: true).isEmpty)
        #expect(tracker.confirm(sequenceNumber: 2, multiple: false, isAck: true).isEmpty)
        #expect(describe(tracker.confirm(sequenceNumber: 1, multiple: false, isAck: true)) == ["ack<=30 j1,j2,j3"])
    }

    @Test func settlingStopsAtANackedJobUntilTheCallerReleasesIt() {
        var tracker = Tracker()
        for tag in 1...3 { tracker.published(deliveryTag: UInt64(tag), job: "j\(tag)", sequenceNumbers: [UInt64(tag)]) }
        #expect(tracker.confirm(sequenceNumber: 2, multiple: false, isAck: false).isEmpty)
        #expect(describe(tracker.confirm(sequenceNumber: 3, multiple: true, isAck: true)) == ["ack<=1 j1", "nack 2 j2"])
        #expect(tracker.inFlight == 2)
        #expect(describe(tracker.release(deliveryTag: 2)) == ["ack<=3 j3"])
        #expect(tracker.isEmpty)
    }

    @Test func aRearmedJobIsAckedOnlyWhenItsNewPublishIsConfirmed() {
        var tracker = Tracker()
        tracker.published(deliveryTag: 1, job: "a", sequenceNumbers: [1])
        tracker.published(deliveryTag: 2, job: "b", sequenceNumbers: [2])
        #expect(describe(tracker.confirm(sequenceNumber: 1, multiple: false, isAck: false)) == ["nack 1 a"])
        // Confirms for later jobs do not ack past the undecided one.
        #expect(tracker.confirm(sequenceNumber: 2, multiple: false, isAck: true).isEmpty)
        #expect(tracker.rearm(deliveryTag: 1, job: "a", sequenceNumbers: [3]).isEmpty)
        #expect(describe(tracker.confirm(sequenceNumber: 3, multiple: false, isAck: true)) == ["ack<=2 a,b"])
    }

    @Test func aConfirmForAnUnknownSequenceNumberChangesNothing() {
        var tracker = Tracker()
        tracker.published(deliveryTag: 1, job: "a", sequenceNumbers: [5])
        #expect(tracker.confirm(sequenceNumber: 4, multiple: false, isAck: true).isEmpty)
        #expect(tracker.inFlight == 1)
    }

    @Test func resetReturnsTheJobsInFlightAndStartsOver() {
        var tracker = Tracker()
        tracker.published(deliveryTag: 1, job: "a", sequenceNumbers: [1])
        tracker.published(deliveryTag: 2, job: "b", sequenceNumbers: [2])
        _ = tracker.confirm(sequenceNumber: 1, multiple: false, isAck: true)
        #expect(tracker.reset() == ["b"])
        #expect(tracker.isEmpty)
        // A new connection starts its delivery tags and sequence numbers at 1 again.
        tracker.published(deliveryTag: 1, job: "c", sequenceNumbers: [1])
        #expect(describe(tracker.confirm(sequenceNumber: 1, multiple: true, isAck: true)) == ["ack<=1 c"])
    }

    @Test func memoryStaysFlatOverManyJobs() {
        var tracker = Tracker()
        var acked = 0
        for tag in 1...100_000 {
            tracker.published(deliveryTag: UInt64(tag), job: "", sequenceNumbers: [UInt64(tag)])
            if tag % 64 == 0 {
                for case .ack(_, let jobs) in tracker.confirm(sequenceNumber: UInt64(tag), multiple: true, isAck: true) { acked += jobs.count }
            }
        }
        #expect(acked == 100_000 - 100_000 % 64)
        #expect(tracker.inFlight == 100_000 % 64)
    }
}

@Suite struct BackoffTests {
    @Test(arguments: [(0, 0.5), (1, 1.0), (3, 4.0), (6, 30.0), (40, 30.0)])
    func ceilingDoublesUpToTheCap(attempt: Int, ceiling: Double) {
        #expect(Backoff(initialSeconds: 0.5, capSeconds: 30).ceiling(attempt: attempt) == ceiling)
    }

    @Test func delaysStayWithinTheirBounds() {
        var generator = SystemRandomNumberGenerator()
        let backoff = Backoff(initialSeconds: 0.5, capSeconds: 30)
        for attempt in 0..<20 {
            let delay = backoff.delay(attempt: attempt, using: &generator)
            #expect(delay >= 0.25 && delay <= backoff.ceiling(attempt: attempt))
        }
    }
}
