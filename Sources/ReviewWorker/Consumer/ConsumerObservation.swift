import PlanReview
import PlanReviewContract

/// Something a consumer did that metrics and logs want to know, reported by ``ConsumerCore`` through
/// ``ConsumerObserving`` (postgres-nio's `ConnectionPoolObservabilityDelegate` practice): the core
/// neither logs nor meters, the worker's ``WorkerObserver`` does.
public enum ConsumerObservation: Sendable, Equatable {
    /// A job was delivered (redeliveries included).
    case received(deliveryTag: UInt64)
    /// A redelivered job was republished to the quarantine queue (not yet confirmed): one more job in
    /// flight, acked from the jobs queue after the confirm.
    case quarantined(jobId: String?, deliveryTag: UInt64, reason: String)
    /// A job was reviewed and its result published (not yet confirmed): one more job in flight.
    case reviewed(ReviewedSummary)
    /// Jobs whose results were confirmed were acked up to `deliveryTag`: that many fewer in flight.
    /// `latenciesMilliseconds` holds, per job with a submission time, submission to now.
    case acked(upToDeliveryTag: UInt64, jobs: Int, latenciesMilliseconds: [Int64])
    /// The broker nacked a result; the job went to retry queue `attempt`.
    case retried(jobId: String, attempt: Int, queue: String)
    /// A message for this job failed after the last retry (or its retry queue is unroutable); the job
    /// went to the dead letters with `reason` in `x-planreview-error`.
    case deadLettered(jobId: String, attempts: Int, reason: String)
    /// The broker nacked the retry (or dead-letter) publish too; the job was requeued: one fewer in flight.
    case requeued(jobId: String, deliveryTag: UInt64)
    /// A basic.return of a mandatory publish: no queue took it (or one refused it).
    case returned(PublishReturn)
    /// The envelope carried values the worker ignored (an implausible timestamp, an attempt count
    /// out of range, a refused reply_to).
    case envelopeNoted(jobId: String?, deliveryTag: UInt64, notes: [IncomingEnvelope.Note])
    /// The job's `reply_to` is not an allowed reply queue: no copy, a note in the result.
    case replyCopySkipped(jobId: String, replyTo: String, reason: ReplyRefusal)
    /// The copy to `reply_to` was returned or nacked; the job is settled by its result alone.
    case replyCopyFailed(jobId: String?, replyTo: String, reason: String)
    /// The result's properties could not be published as they were (a job id over 255 bytes): the job
    /// is answered with a `rejected` result that says so.
    case outgoingRefused(jobId: String?, deliveryTag: UInt64, problem: OutgoingProblem)
    /// The broker closed the publishing channel (406) with these jobs' publishes unconfirmed; they are
    /// published again one at a time to find the one that caused it.
    case publishChannelClosed(replyCode: UInt16, replyText: String, jobsSuspended: Int)
    /// The job whose publish made the broker close the channel was settled alone: `outcome` is
    /// `rejected_result`, `dead_letter` (published with the reason) or `rejected_to_dlx` (basic.reject).
    case settledAlone(jobId: String, deliveryTag: UInt64, outcome: String, reason: String)
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

/// A basic.return as the core matched it to one of its publishes.
public struct PublishReturn: Sendable, Equatable {
    /// What the returned publish was for; nil when no unconfirmed publish matched.
    public var role: PublishRole?
    public var replyCode: UInt16
    public var replyText: String
    public var exchange: String
    public var routingKey: String
    public var jobId: String?
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
