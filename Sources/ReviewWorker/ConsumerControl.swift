import PlanReviewContract
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
    /// The number of the review in progress (1, 2, 3 … per consumer); 0 when none is.
    private let review = Atomic<UInt64>(0)
    private let reviewsStarted = Atomic<UInt64>(0)

    public init() {}

    /// Asks the consumer to stop taking jobs, finish what it holds, and close. Idempotent.
    public func requestStop() { stop.store(true, ordering: .releasing) }
    public var isStopRequested: Bool { stop.load(ordering: .acquiring) }

    /// Marks the start of one review, for the watchdog (``ReviewWatchdog``).
    func beginReview() {
        let number = reviewsStarted.wrappingAdd(1, ordering: .relaxed).newValue
        review.store(number == 0 ? 1 : number, ordering: .relaxed)
    }

    /// Marks the end of the review in progress.
    func endReview() { review.store(0, ordering: .relaxed) }

    /// The number of the review in progress, 0 when none is: the same number in two samples a second
    /// apart means one review ran that long.
    var reviewInProgress: UInt64 { review.load(ordering: .relaxed) }

    public var state: State {
        get { State(rawValue: rawState.load(ordering: .relaxed)) ?? .starting }
        set { rawState.store(newValue.rawValue, ordering: .relaxed) }
    }
}
