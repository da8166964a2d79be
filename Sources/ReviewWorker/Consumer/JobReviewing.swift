import PlanReview
import PlanReviewContract

/// The review a consumer applies to each job, injected into ``ConsumerCore``: the worker's
/// ``PlanJobReviewer``, a fake in tests, an echo in benchmarks.
///
/// - Important: called on the consumer's thread for every job, inline: it must be quick and must not block.
public protocol JobReviewing: Sendable {
    func review(_ job: IncomingJob) -> ReviewedJob
    /// A `rejected` result for a job whose reviewed result cannot be published as it is (its job id
    /// is too long for AMQP's `message_id`): one error naming the problem, in the job's language.
    func rejection(of job: IncomingJob, reviewed: ReviewedJob, problem: OutgoingProblem) -> ReviewedJob
}

extension JobReviewing {
    public func rejection(of job: IncomingJob, reviewed: ReviewedJob, problem: OutgoingProblem) -> ReviewedJob {
        let result = ReviewResult(
            jobId: reviewed.jobId, correlationId: job.envelope.correlationId, status: .rejected, municipality: nil,
            ruleset: RulesetRef(id: ContractDefaults.rulesetId, version: nil), language: reviewed.language, scores: nil, rules: [], pathway: nil,
            errors: [problem.issue(reviewed.language)], contentHash: reviewed.contentHash)
        return ReviewedJob(result)
    }
}

/// A job as the consumer received it.
public struct IncomingJob: Sendable, Equatable {
    public var deliveryTag: UInt64
    public var redelivered: Bool
    public var envelope: JobEnvelope
    public var body: [UInt8]
    /// Why the job's `reply_to` gets no copy (``ReplyToPolicy``), for a note in the result.
    public var replyRefusal: ReplyRefusal?
    /// The job's `reply_to`, as delivered.
    public var replyTo: String?

    public init(
        deliveryTag: UInt64, redelivered: Bool, envelope: JobEnvelope, body: [UInt8], replyRefusal: ReplyRefusal? = nil, replyTo: String? = nil
    ) {
        self.replyTo = replyTo
        self.deliveryTag = deliveryTag
        self.redelivered = redelivered
        self.envelope = envelope
        self.body = body
        self.replyRefusal = replyRefusal
    }
}

/// A review's outcome as the consumer publishes it.
public struct ReviewedJob: Sendable, Equatable {
    /// The result's job id; empty to use the job's `message_id`.
    public var jobId: String
    /// The plan-review status; for a progress result the one closest in meaning (on_track →
    /// compliant, off_track → non_compliant, insufficient_data → incomplete), for metrics that know
    /// only those. `resultStatus` is the result's own word.
    public var status: ReviewStatus
    /// The result's `status` as published (`x-planreview-status`): a plan or a progress status.
    public var resultStatus: String
    /// The AMQP `type` of the result: `planreview.result.v1` or `planreview.progress-result.v1`.
    public var resultType: String
    /// On the results exchange: `result.<kommunekode>.<status>` or `progress.<kommunekode>.<status>`.
    public var routingKey: String
    /// `x-planreview-content-hash`; nil is published as "".
    public var contentHash: String?
    /// The encoded result.
    public var body: [UInt8]
    /// For the log line of the job.
    public var kommunekode: Int?
    public var errorCount: Int
    /// How long the review took (planreview_review_duration_seconds); nil records nothing.
    public var reviewDuration: Duration?
    /// The language of the result's texts.
    public var language: Language

    public init(
        jobId: String, status: ReviewStatus, routingKey: String, contentHash: String?, body: [UInt8],
        kommunekode: Int? = nil, errorCount: Int = 0, reviewDuration: Duration? = nil, language: Language = .da,
        resultStatus: String? = nil, resultType: String = ContractTypes.result
    ) {
        self.language = language
        self.jobId = jobId
        self.status = status
        self.resultStatus = resultStatus ?? status.rawValue
        self.resultType = resultType
        self.routingKey = routingKey
        self.contentHash = contentHash
        self.body = body
        self.kommunekode = kommunekode
        self.errorCount = errorCount
        self.reviewDuration = reviewDuration
    }

    /// A result as the consumer publishes it; `body` is encoded from `result` unless given.
    public init(_ result: ReviewResult, body: [UInt8]? = nil, reviewDuration: Duration? = nil) {
        self.init(
            jobId: result.jobId, status: result.status, routingKey: result.routingKey, contentHash: result.contentHash,
            body: body ?? result.jsonBytes(), kommunekode: result.municipality?.code, errorCount: result.errors?.count ?? 0,
            reviewDuration: reviewDuration, language: result.language)
    }

    /// A progress result as the consumer publishes it.
    public init(_ result: ProgressResult, body: [UInt8]? = nil, reviewDuration: Duration? = nil) {
        let status: ReviewStatus =
            switch result.status {
            case .onTrack: .compliant
            case .offTrack: .nonCompliant
            case .insufficientData: .incomplete
            case .rejected: .rejected
            }
        self.init(
            jobId: result.jobId, status: status, routingKey: result.routingKey, contentHash: result.contentHash,
            body: body ?? result.jsonBytes(), kommunekode: result.municipality?.code, errorCount: result.errors?.count ?? 0,
            reviewDuration: reviewDuration, language: result.language, resultStatus: result.status.rawValue,
            resultType: ContractTypes.progressResult)
    }
}

/// The worker's review: decode, validate, review, encode, with the worker's id and the review's
/// duration in the result.
public struct PlanJobReviewer: JobReviewing {
    public var reviewer: Reviewer
    public var worker: WorkerInfo

    public init(reviewer: Reviewer, worker: WorkerInfo) {
        self.reviewer = reviewer
        self.worker = worker
    }

    public func review(_ job: IncomingJob) -> ReviewedJob {
        let started = ContinuousClock.now
        let parsed = reviewer.parse(body: job.body)
        // Progress jobs share the queue; the body's `schema` (else the AMQP `type`) decides.
        if JobKind.of(parsed, envelope: job.envelope) == .progress {
            var result = ProgressReviewer(configuration: reviewer.configuration).review(parsed: parsed, envelope: job.envelope)
            let duration = started.duration(to: .now)
            result.worker = worker
            result.timings = ReviewTimings(reviewMicroseconds: Double(duration.nanoseconds) / 1_000)
            return ReviewedJob(result, reviewDuration: duration)
        }
        var result = reviewer.review(parsed: parsed, envelope: job.envelope)
        let duration = started.duration(to: .now)
        // Say why the copy to reply_to was not sent (rejected results carry their errors only).
        if let refusal = job.replyRefusal, result.status != .rejected {
            result.notes.append(
                ResultNote(pointer: "", code: "reply_to_refused", message: "reply_to '\(IncomingEnvelope.clipped(job.replyTo ?? ""))' \(refusal.text(result.language))"))
        }
        result.worker = worker
        result.timings = ReviewTimings(reviewMicroseconds: Double(duration.nanoseconds) / 1_000)
        return ReviewedJob(result, reviewDuration: duration)
    }

    public func rejection(of job: IncomingJob, reviewed: ReviewedJob, problem: OutgoingProblem) -> ReviewedJob {
        let defaultRuleset = reviewer.configuration.rulesets[ContractDefaults.rulesetId]
        // The job's own problems stay listed beside the one that keeps its result from being
        // published as reviewed (rare: a job id over 255 bytes), so its submitter fixes all at once.
        let reviewedAgain = reviewer.review(body: job.body, envelope: job.envelope)
        var result = ReviewResult(
            jobId: reviewed.jobId, correlationId: job.envelope.correlationId, status: .rejected, municipality: reviewedAgain.municipality,
            ruleset: RulesetRef(id: ContractDefaults.rulesetId, version: defaultRuleset?.version), language: reviewed.language, scores: nil,
            rules: [], pathway: nil, errors: Array((reviewedAgain.errors ?? []).prefix(problem.ownErrorsListed)) + [problem.issue(reviewed.language)],
            contentHash: reviewed.contentHash)
        result.worker = worker
        return ReviewedJob(result)
    }
}
