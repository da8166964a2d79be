import PlanReviewContract

/// Exponential backoff with full jitter for reconnects: attempt n waits a random time in
/// [0, min(cap, initial·2^n)] ("Exponential Backoff And Jitter", AWS Architecture Blog, 2015),
/// so many workers that lost the same broker do not come back in lockstep.
public struct Backoff: Sendable {
    public var initialSeconds: Double
    public var capSeconds: Double

    public init(initialSeconds: Double, capSeconds: Double) {
        self.initialSeconds = initialSeconds
        self.capSeconds = capSeconds
    }

    /// The ceiling of the delay before attempt `attempt` (0-based).
    public func ceiling(attempt: Int) -> Double {
        min(capSeconds, initialSeconds * Double(1 << min(attempt, 30)))
    }

    /// A jittered delay for attempt `attempt` (0-based). The first retry is never 0 s, so a broker that
    /// refuses connections is not hammered.
    public func delay(attempt: Int, using generator: inout some RandomNumberGenerator) -> Double {
        let ceiling = ceiling(attempt: attempt)
        return max(initialSeconds / 2, Double.random(in: 0...ceiling, using: &generator))
    }
}
