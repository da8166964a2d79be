import Synchronization

/// The one piece of state shared between a consumer's OS thread and the async world: a stop flag
/// and the consumer's connection state (read by /readyz and metrics).
public final class ConsumerControl: Sendable {
    /// Where a consumer is in its life.
    public enum State: UInt8, Sendable, CustomStringConvertible {
        case starting, connecting, consuming, reconnecting, draining, stopped

        public var description: String {
            switch self {
            case .starting: "starting"
            case .connecting: "connecting"
            case .consuming: "consuming"
            case .reconnecting: "reconnecting"
            case .draining: "draining"
            case .stopped: "stopped"
            }
        }
    }

    private let stop = Atomic<Bool>(false)
    private let rawState = Atomic<UInt8>(State.starting.rawValue)
    /// When the review in progress started, in ns after `epoch`; 0 when none is.
    private let reviewStarted = Atomic<Int64>(0)

    public init() {}

    /// Asks the consumer to stop taking jobs, finish what it holds, and close. Idempotent.
    public func requestStop() { stop.store(true, ordering: .releasing) }
    public var isStopRequested: Bool { stop.load(ordering: .acquiring) }

    /// The reference instant review start times are stored relative to (atomics hold integers, not instants).
    private let epoch = ContinuousClock.now

    /// Marks the start (or, with nil, the end) of one review, for the watchdog.
    func reviewing(since instant: ContinuousClock.Instant?) {
        reviewStarted.store(instant.map { max(1, epoch.duration(to: $0).nanoseconds) } ?? 0, ordering: .relaxed)
    }

    /// How long the review in progress has been running, if one is.
    func currentReviewDuration(now: ContinuousClock.Instant = .now) -> Duration? {
        let started = reviewStarted.load(ordering: .relaxed)
        guard started != 0 else { return nil }
        return epoch.duration(to: now) - .nanoseconds(started)
    }

    public var state: State {
        get { State(rawValue: rawState.load(ordering: .relaxed)) ?? .starting }
        set { rawState.store(newValue.rawValue, ordering: .relaxed) }
    }
}
