import PlanReviewContract

/// A reading of the driver's clocks, handed to ``ConsumerCore`` with every event: the core never
/// reads a clock itself, so tests pass any time they like.
public struct ConsumerTime: Sendable, Equatable {
    /// Monotonic time since the driver started (ContinuousClock): the shutdown deadline.
    public var monotonic: Duration
    /// Wall-clock time in ms since 1970: the results' `timestamp` property and job latency, which
    /// compare with the submitter's wall clock.
    public var unixMilliseconds: Int64

    public init(monotonic: Duration, unixMilliseconds: Int64) {
        self.monotonic = monotonic
        self.unixMilliseconds = unixMilliseconds
    }
}
