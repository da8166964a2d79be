import PlanReviewContract
@testable import ReviewWorker
import Testing


/// The watchdog's decision: the same review in progress across more than the deadline of observed time.
@Suite struct ReviewWatchdogTests {
    /// Samples as (seconds, review in progress of consumer 0), and the first sample index that reports an overrun.
    @Test(arguments: [
        // One review stuck from t=0: the 21st second passes the 20 s deadline.
        ((0...21).map { (Double($0), UInt64(7)) }, Int?.some(21)),
        // Progress: a new review at every sample is never hung.
        ((0...40).map { (Double($0), UInt64($0 + 1)) }, nil),
        // Idle.
        ((0...40).map { (Double($0), UInt64(0)) }, nil),
        // Paused by SIGSTOP for 20 s mid-review, then the review finishes: not hung.
        ([(0, 7), (1, 7), (21, 7), (22, 0)], nil),
        // Paused for 20 s and still stuck afterwards: caught, later than without the pause.
        ([(0, 7), (1, 7), (21, 7)] + (22...40).map { (Double($0), UInt64(7)) }, 20),
        // Stuck, then the number changes (that review ended, another started): starts over.
        ((0...15).map { (Double($0), UInt64(7)) } + (16...30).map { (Double($0), UInt64(8)) }, nil),
    ] as [([(Double, UInt64)], Int?)])
    func aReviewIsHungOnlyWhenNoProgressIsSeenAcrossTheDeadline(_ samples: [(Double, UInt64)], _ firstOverrun: Int?) {
        var watchdog = ReviewWatchdog(deadline: .seconds(20), interval: .seconds(1))
        var overrunAt: Int?
        for (index, (seconds, review)) in samples.enumerated() {
            let overruns = watchdog.sample(now: .seconds(seconds), reviews: [review])
            if overrunAt == nil, !overruns.isEmpty { overrunAt = index }
        }
        #expect(overrunAt == firstOverrun)
    }

    @Test func eachConsumerIsWatchedOnItsOwn() {
        var watchdog = ReviewWatchdog(deadline: .seconds(3), interval: .seconds(1))
        var last: [ReviewWatchdog.Overrun] = []
        for second in 0...4 {
            last = watchdog.sample(now: .seconds(second), reviews: [UInt64(second + 1), 9, 0])
        }
        #expect(last == [ReviewWatchdog.Overrun(consumer: 1, running: .seconds(4))])
    }
}
