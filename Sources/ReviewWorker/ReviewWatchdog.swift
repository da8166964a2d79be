import PlanReviewContract

/// Decides, from samples the worker takes about once a second, whether a consumer's review hangs.
///
/// A review runs inline on its consumer's thread and cannot be interrupted; while it hangs, its job
/// and its connection's heartbeats wait. Hung means: the *same* review (by number, see
/// ``ConsumerControl``) was in progress at every sample across more than `deadline` of observed time.
/// Observed time is the sum of the gaps between samples, each counted as at most `2 × interval`: a
/// process paused by SIGSTOP (or a frozen VM) sees one long gap after it resumes, which must not count
/// as a hung review, because the review was paused with it. A real hang keeps failing to progress over
/// many samples after the pause and is caught a few samples later than without it.
///
/// Pure: the caller passes the time (any monotonic `Duration`) and the consumers' review numbers.
public struct ReviewWatchdog: Sendable {
    /// A review in progress longer than this is hung.
    public var deadline: Duration
    /// How often the caller samples.
    public var interval: Duration

    /// A review that overran the deadline.
    public struct Overrun: Sendable, Equatable {
        public var consumer: Int
        /// The observed time the review has been running.
        public var running: Duration
    }

    private var watched: [Int: (review: UInt64, running: Duration)] = [:]
    private var lastSample: Duration?

    public init(deadline: Duration, interval: Duration = .seconds(1)) {
        self.deadline = deadline
        self.interval = interval
    }

    /// One sample: `reviews[i]` is consumer i's review in progress (0 for none). Returns the consumers
    /// whose review overran the deadline.
    public mutating func sample(now: Duration, reviews: [UInt64]) -> [Overrun] {
        let gap = lastSample.map { min(max(.zero, now - $0), interval * 2) } ?? .zero
        lastSample = now
        var overruns: [Overrun] = []
        for (consumer, review) in reviews.enumerated() {
            guard review != 0 else {
                watched[consumer] = nil
                continue
            }
            if let previous = watched[consumer], previous.review == review {
                let running = previous.running + gap
                watched[consumer] = (review, running)
                if running > deadline { overruns.append(Overrun(consumer: consumer, running: running)) }
            } else {
                watched[consumer] = (review, .zero)
            }
        }
        return overruns
    }
}
