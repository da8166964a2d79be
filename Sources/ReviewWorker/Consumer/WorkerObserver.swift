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
        case .quarantined(let jobId, let deliveryTag, let reason):
            metrics.quarantined.increment()
            // Acked like a reviewed job: in flight until its publish is confirmed.
            metrics.inFlight.increment()
            logger.warning(
                "redelivered job moved to the quarantine queue, reviewed there alone",
                metadata: ["job_id": "\(jobId ?? "")", "amqp_delivery_tag": "\(deliveryTag)", "reason": "\(reason)"]
            )
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
        case .deadLettered(let jobId, let attempts, let reason):
            metrics.deadLettered.increment()
            logger.error("job dead-lettered", metadata: ["job_id": "\(jobId)", "attempts": "\(attempts)", "reason": "\(reason)"])
        case .requeued(let jobId, let deliveryTag):
            metrics.inFlight.decrement()
            logger.warning("retry publish nacked as well; job requeued", metadata: ["job_id": "\(jobId)", "amqp_delivery_tag": "\(deliveryTag)"])
        case .returned(let returned):
            metrics.returned(returned.role).increment()
            logger.warning(
                "publish returned by the broker: no queue took it",
                metadata: [
                    "job_id": "\(returned.jobId ?? "")", "publish": "\(returned.role?.rawValue ?? "unknown")", "amqp_reply_code": "\(returned.replyCode)",
                    "amqp_reply_text": "\(returned.replyText)", "amqp_exchange": "\(returned.exchange)", "amqp_routing_key": "\(returned.routingKey)",
                ])
        case .envelopeNoted(let jobId, let deliveryTag, let notes):
            for note in notes { metrics.envelopeNotes(note.code).increment() }
            logger.notice(
                "job envelope values ignored",
                metadata: ["job_id": "\(IncomingEnvelope.clipped(jobId ?? ""))", "amqp_delivery_tag": "\(deliveryTag)", "notes": "\(notes.map(\.description))"])
        case .replyCopySkipped(let jobId, let replyTo, let reason):
            metrics.replyCopiesSkipped(reason.rawValue).increment()
            logger.info(
                "reply_to refused; result on the results exchange only",
                metadata: ["job_id": "\(IncomingEnvelope.clipped(jobId))", "reply_to": "\(IncomingEnvelope.clipped(replyTo))", "reason": "\(reason.rawValue)"])
        case .replyCopyFailed(let jobId, let replyTo, let reason):
            metrics.replyCopiesSkipped("failed").increment()
            logger.warning(
                "copy of the result to reply_to failed; the job is settled by its result",
                metadata: ["job_id": "\(IncomingEnvelope.clipped(jobId ?? ""))", "reply_to": "\(replyTo)", "reason": "\(reason)"])
        case .outgoingRefused(let jobId, let deliveryTag, let problem):
            metrics.outgoingRefused.increment()
            logger.notice(
                "result could not be published as reviewed; answered rejected",
                metadata: ["job_id": "\(IncomingEnvelope.clipped(jobId ?? ""))", "amqp_delivery_tag": "\(deliveryTag)", "problem": "\(problem)"])
        case .publishChannelClosed(let replyCode, let replyText, let suspended):
            metrics.publishChannelsReopened.increment()
            logger.warning(
                "broker closed the publishing channel; reopened, the unconfirmed jobs are published again one at a time",
                metadata: ["reply_code": "\(replyCode)", "reply_text": "\(replyText)", "jobs_suspended": "\(suspended)"])
        case .settledAlone(let jobId, let deliveryTag, let outcome, let reason):
            metrics.settledAlone.increment()
            // basic.reject settles it without an ack: no acked observation follows for it.
            if outcome == ConsumerCore.Isolation.rejectedOutcome { metrics.inFlight.decrement() }
            logger.error(
                "job whose publish the broker refused was settled alone",
                metadata: [
                    "job_id": "\(IncomingEnvelope.clipped(jobId))", "amqp_delivery_tag": "\(deliveryTag)", "outcome": "\(outcome)", "reason": "\(reason)",
                ])
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
