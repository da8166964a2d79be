import PlanReview
import PlanReviewContract

/// Something a consumer did that metrics and logs want to know, reported by ``ConsumerCore`` through
/// ``ConsumerObserving`` (postgres-nio's `ConnectionPoolObservabilityDelegate` practice): the core
/// neither logs nor meters, the worker's ``WorkerObserver`` does.
public enum ConsumerObservation: Sendable, Equatable {
    /// A job was delivered (redeliveries included).
    case received(deliveryTag: UInt64)
    /// A redelivered job broke the review in the probe process; it was requeued alone.
    case probeFailed(jobId: String?, deliveryTag: UInt64, reason: String)
    /// The probe could not run; the job is reviewed in the worker.
    case probeUnavailable(reason: String)
    /// A job was reviewed and its result published (not yet confirmed): one more job in flight.
    case reviewed(ReviewedSummary)
    /// Jobs whose results were confirmed were acked up to `deliveryTag`: that many fewer in flight.
    /// `latenciesMilliseconds` holds, per job with a submission time, submission to now.
    case acked(upToDeliveryTag: UInt64, jobs: Int, latenciesMilliseconds: [Int64])
    /// The broker nacked a result; the job went to retry queue `attempt`.
    case retried(jobId: String, attempt: Int, queue: String)
    /// The broker nacked a result after the last retry; the job went to the dead letters.
    case deadLettered(jobId: String, attempts: Int)
    /// The broker nacked the retry (or dead-letter) publish too; the job was requeued: one fewer in flight.
    case requeued(jobId: String, deliveryTag: UInt64)
    /// A basic.return (results are published without `mandatory`, so someone changed that).
    case returned(replyCode: UInt16, routingKey: String)
    /// The broker blocked publishing; deliveries are held from now on.
    case blocked(reason: String)
    /// The broker unblocked publishing; the held deliveries are reviewed now.
    case unblocked(jobsHeld: Int)
    /// Stop requested: the consumer was cancelled and drains.
    case draining(jobsInFlight: Int)
    /// Nothing left in flight after a stop: the channel closes.
    case drained
    /// The shutdown deadline passed with jobs unanswered; the broker redelivers them.
    case deadlinePassed(jobsInFlight: Int, jobsHeld: Int)
    /// The session ended abruptly (connection lost) with this many jobs in flight; the broker redelivers them.
    case abandoned(jobsInFlight: Int)
}

/// What the log line of a reviewed job says.
public struct ReviewedSummary: Sendable, Equatable {
    public var jobId: String
    public var deliveryTag: UInt64
    public var status: ReviewStatus
    public var kommunekode: Int?
    public var correlationId: String?
    /// Validation errors of a rejected job.
    public var errorCount: Int
    /// How long the review took, when the reviewer measured it (the echo reviewer does not).
    public var reviewDuration: Duration?
}

/// Receives what a consumer did (metrics, logs). Called on the consumer's thread, synchronously.
public protocol ConsumerObserving {
    func observe(_ observation: ConsumerObservation)
}

/// Observes nothing.
public struct NoConsumerObserver: ConsumerObserving {
    public init() {}
    public func observe(_ observation: ConsumerObservation) {}
}
