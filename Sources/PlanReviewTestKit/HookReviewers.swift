// Reviews for the benchmarks (echo) and the fault tests (trap) only, out of the service: the worker
// takes its review as an injected `any JobReviewing`, and `planreview-bench worker` / `echo-worker`
// plug these in. Nothing in ReviewWorker or planreview-worker knows them.

import PlanReview
import PlanReviewContract
import ReviewWorker

/// Benchmark only (`planreview-bench echo-worker`): answers every job with the same precomputed result,
/// without decode, review or encode; consume, publish, confirms and acks are unchanged. This is the
/// ceiling the worker can approach on a given broker (docs/BENCHMARKS.md).
package struct EchoReviewer: JobReviewing {
    package var reply: EchoReply

    package init(reply: EchoReply) {
        self.reply = reply
    }

    package func review(_ job: IncomingJob) -> ReviewedJob {
        ReviewedJob(reply.result, body: reply.body)
    }
}

/// The fixed answer of ``EchoReviewer``: a typical job's result and its encoded bytes (a real result's size).
package struct EchoReply: Sendable {
    /// Its `jobId` is empty, so each result's message id is the job's own.
    package var result: ReviewResult
    package var body: [UInt8]

    /// `result` with worker and timings filled in as a consumer fills them, so `body` has a real result's size.
    package init(result: ReviewResult, worker: WorkerInfo) {
        var result = result
        result.worker = worker
        result.timings = ReviewTimings(reviewMicroseconds: 42.5)
        self.body = result.jsonBytes()
        result.jobId = ""
        self.result = result
    }
}

/// Fault tests only: a job with the message id `jobId` crashes the process, as a review bug would;
/// every other job goes to `base`.
package struct TrapReviewer: JobReviewing {
    package var base: any JobReviewing
    package var jobId: String

    package init(base: any JobReviewing, jobId: String) {
        self.base = base
        self.jobId = jobId
    }

    package func review(_ job: IncomingJob) -> ReviewedJob {
        if job.envelope.messageId == jobId {
            fatalError("test trap: job \(jobId) crashes the worker (planreview-bench worker --trap-job-id)")
        }
        return base.review(job)
    }
}
