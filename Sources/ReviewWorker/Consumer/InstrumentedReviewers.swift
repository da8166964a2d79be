// MARK: - Test and benchmark hooks, not production
//
// The reviews below exist for the benchmarks (echo) and the fault tests (trap) only. The consumers see
// them as any other `JobReviewing`; nothing on the production path branches on them. They move to the
// `planreview-bench` executable and the test kit later; until then `WorkerConfiguration.mode` and
// `testTrapJobId` (PLANREVIEW_TEST_TRAP_JOB_ID) select them.

import PlanReview
import PlanReviewContract

/// Benchmark only (`planreview load echo-worker`): answers every job with the same precomputed result,
/// without decode, review or encode; consume, publish, confirms and acks are unchanged. This is the
/// ceiling the worker can approach on a given broker (docs/BENCHMARKS.md).
public struct EchoReviewer: JobReviewing {
    public var reply: WorkerConfiguration.EchoReply

    public init(reply: WorkerConfiguration.EchoReply) {
        self.reply = reply
    }

    public func review(_ job: IncomingJob) -> ReviewedJob {
        ReviewedJob(reply.result, body: reply.body)
    }
}

/// Fault tests only: a job with the message id `jobId` crashes the process, as a review bug would;
/// every other job goes to `base`.
public struct TrapReviewer: JobReviewing {
    public var base: any JobReviewing
    public var jobId: String

    public init(base: any JobReviewing, jobId: String) {
        self.base = base
        self.jobId = jobId
    }

    public func review(_ job: IncomingJob) -> ReviewedJob {
        if job.envelope.messageId == jobId {
            fatalError("test trap: job \(jobId) crashes the worker (PLANREVIEW_TEST_TRAP_JOB_ID)")
        }
        return base.review(job)
    }
}

extension WorkerConfiguration {
    /// What a consumer does with a job.
    public enum Mode: Sendable {
        /// Decode, review, encode, publish the result: the worker.
        case review
        /// Benchmark only: ``EchoReviewer`` with this reply.
        case echo(EchoReply)
    }

    /// The fixed answer of `.echo`: a typical job's result and its encoded bytes (a real result's size).
    public struct EchoReply: Sendable {
        /// Its `jobId` is empty, so each result's message id is the job's own.
        public var result: ReviewResult
        public var body: [UInt8]

        /// `result` with worker and timings filled in as a consumer fills them, so `body` has a real result's size.
        public init(result: ReviewResult, worker: WorkerInfo) {
            var result = result
            result.worker = worker
            result.timings = ReviewTimings(reviewMicroseconds: 42.5)
            self.body = result.jsonBytes()
            result.jobId = ""
            self.result = result
        }
    }

    /// The review `mode` and `testTrapJobId` select around the worker's own review.
    func instrumentedReview(_ review: any JobReviewing) -> any JobReviewing {
        var selected: any JobReviewing
        switch mode {
        case .review: selected = review
        case .echo(let reply): selected = EchoReviewer(reply: reply)
        }
        if let testTrapJobId { selected = TrapReviewer(base: selected, jobId: testTrapJobId) }
        return selected
    }
}
