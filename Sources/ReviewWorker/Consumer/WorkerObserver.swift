import CoreMetrics
import Logging
import PlanReview
import PlanReviewContract

/// The worker's ``ConsumerObserving``: swift-metrics handles and log lines for what a consumer did.
struct WorkerObserver: ConsumerObserving {
    let metrics: WorkerMetrics
    let logger: Logger

    func observe(_ observation: ConsumerObservation) {
        switch observation {
        case .received:
            metrics.received.increment()
        case .probeFailed(let jobId, let deliveryTag, let reason):
            metrics.probeFailures.increment()
            logger.error(
                "job broke the review in a probe process; returned to the queue, which dead-letters it at its delivery limit",
                metadata: ["job_id": "\(jobId ?? "")", "amqp_delivery_tag": "\(deliveryTag)", "reason": "\(reason)"]
            )
        case .probeUnavailable(let reason):
            logger.warning("review probe unavailable; reviewing in the worker", metadata: ["reason": "\(reason)"])
        case .reviewed(let job):
            if let duration = job.reviewDuration { metrics.reviewDuration.recordNanoseconds(duration.nanoseconds) }
            metrics.inFlight.increment()
            metrics.completed[job.status.rawValue]?.increment()
            if job.status == .rejected {
                metrics.rejected.increment()
                logger.notice("job rejected", metadata: ["job_id": "\(job.jobId)", "amqp_delivery_tag": "\(job.deliveryTag)", "errors": "\(job.errorCount)"])
            } else if logger.logLevel <= .debug {
                logger.debug(
                    "job reviewed",
                    metadata: [
                        "job_id": "\(job.jobId)", "kommunekode": "\(job.kommunekode ?? 0)", "correlation_id": "\(job.correlationId ?? "")",
                        "status": "\(job.status.rawValue)", "amqp_delivery_tag": "\(job.deliveryTag)",
                    ]
                )
            }
        case .acked(_, let jobs, let latencies):
            metrics.inFlight.decrement(by: Double(jobs))
            for latency in latencies { metrics.jobLatency.recordMilliseconds(latency) }
        case .retried(let jobId, let attempt, let queue):
            metrics.retried.increment()
            logger.warning("result nacked by the broker; job retried", metadata: ["job_id": "\(jobId)", "attempt": "\(attempt)", "amqp_queue": "\(queue)"])
        case .deadLettered(let jobId, let attempts):
            metrics.deadLettered.increment()
            logger.error("result refused after every retry; job dead-lettered", metadata: ["job_id": "\(jobId)", "attempts": "\(attempts)"])
        case .requeued(let jobId, let deliveryTag):
            metrics.inFlight.decrement()
            logger.warning("retry publish nacked as well; job requeued", metadata: ["job_id": "\(jobId)", "amqp_delivery_tag": "\(deliveryTag)"])
        case .returned(let replyCode, let routingKey):
            // Results are published without `mandatory`; a return means someone changed that.
            logger.warning("result returned by the broker", metadata: ["amqp_reply_code": "\(replyCode)", "amqp_routing_key": "\(routingKey)"])
        case .blocked(let reason):
            logger.warning("broker blocked publishing", metadata: ["reason": "\(reason)"])
        case .unblocked(let held):
            logger.info("broker unblocked publishing", metadata: ["jobs_held": "\(held)"])
        case .draining(let inFlight):
            logger.info("draining", metadata: ["jobs_in_flight": "\(inFlight)"])
        case .drained:
            logger.info("drained")
        case .deadlinePassed(let inFlight, let held):
            logger.warning(
                "shutdown deadline passed; unanswered jobs stay unacked and will be redelivered",
                metadata: ["jobs_in_flight": "\(inFlight)", "jobs_held": "\(held)"]
            )
        case .abandoned(let inFlight):
            if inFlight > 0 { metrics.inFlight.decrement(by: Double(inFlight)) }
        }
    }
}
