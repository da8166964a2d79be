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

    /// What the channel says about publishing (blocked, results refused, confirms outstanding).
    private let publishing = Mutex(PublishingHealth())
    /// Monotonic time for ``publishing``.
    private let clock: @Sendable () -> Duration

    /// `clock` is monotonic time (tests inject one); by default the time since the process started.
    public init(clock: @escaping @Sendable () -> Duration = ConsumerControl.processClock) {
        self.clock = clock
    }

    private static let processStart = ContinuousClock.now
    public static let processClock: @Sendable () -> Duration = { processStart.duration(to: .now) }

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

    // MARK: Publishing health, for /readyz
    //
    // The consumer thread reports what its channel says; ``ReportingChannel`` (which ReviewConsumer
    // wraps around the AMQP channel) does it for every publish and event, so a session needs no calls
    // of its own. Cheap: one uncontended lock per call.

    /// A new channel (after connect or reconnect): nothing outstanding, not blocked.
    public func reportChannelOpened() { publishing.withLock { $0.channelOpened() } }
    /// connection.blocked / connection.unblocked.
    public func reportBlocked(reason: String) { publishing.withLock { $0.blocked(reason: reason) } }
    public func reportUnblocked() { publishing.withLock { $0.unblocked() } }
    /// A basic.publish numbered `sequenceNumber`; `isResult` when it went to the results exchange.
    public func reportPublished(sequenceNumber: UInt64, isResult: Bool) {
        let now = clock()
        publishing.withLock { $0.published(sequenceNumber: sequenceNumber, isResult: isResult, now: now) }
    }
    /// A publisher confirm (basic.ack, or basic.nack when `isAck` is false).
    public func reportConfirm(deliveryTag: UInt64, multiple: Bool, isAck: Bool) {
        let now = clock()
        publishing.withLock { $0.confirmed(deliveryTag: deliveryTag, multiple: multiple, isAck: isAck, now: now) }
    }
    /// A basic.return of a result (mandatory publish to the results exchange that no queue took).
    public func reportResultReturned() {
        let now = clock()
        publishing.withLock { $0.resultReturned(now: now) }
    }

    /// A snapshot of the publishing health.
    public var publishingHealth: PublishingHealth { publishing.withLock { $0 } }

    /// Why this consumer cannot publish now: empty when it can (see ``PublishingHealth/problems(now:confirmTimeout:)``).
    public func publishingProblems(confirmTimeout: Duration) -> [PublishingHealth.Problem] {
        let now = clock()
        return publishing.withLock { $0.problems(now: now, confirmTimeout: confirmTimeout) }
    }
}
