import AMQP
import CoreMetrics
import Foundation
import Logging
import PlanReview
import PlanReviewContract
import PlanReviewContract

/// One consumer: an OS thread that owns one AMQP connection and runs
/// consume -> review -> publish result -> (confirm) -> ack, pipelined over the prefetch window.
///
/// - Important: everything here runs on the consumer's own thread (librabbitmq is not thread safe).
///   The only shared state is `control` (stop flag, state) and the metrics.
final class ReviewConsumer {
    /// What the consumer remembers about a job between publishing its result and acking it.
    struct InFlightJob {
        var jobId: String
        /// When the job was submitted (AMQP `timestamp` property or the `timestamp_in_ms` header), in ms since 1970.
        var submittedAtMilliseconds: Int64?
        /// The job as delivered, kept to publish it to a retry queue if the broker nacks its result.
        var delivery: AMQPDelivery
        /// Set once the job was sent to a retry queue or the dead letters by this consumer.
        var redirected = false
    }

    private let index: Int
    private let configuration: WorkerConfiguration
    private let reviewer: Reviewer
    private let control: ConsumerControl
    private let metrics: WorkerMetrics
    private var logger: Logger
    private let workerInfo: WorkerInfo
    private let consumerTag: String

    private var tracker = ConfirmTracker<InFlightJob>()
    private var randomness = SystemRandomNumberGenerator()

    init(index: Int, configuration: WorkerConfiguration, reviewer: Reviewer, control: ConsumerControl, metrics: WorkerMetrics, logger: Logger, version: String) {
        self.index = index
        self.configuration = configuration
        self.reviewer = reviewer
        self.control = control
        self.metrics = metrics
        self.workerInfo = WorkerInfo(id: configuration.workerId, version: version)
        self.consumerTag = "\(configuration.workerId)#\(index)"
        var logger = logger
        logger[metadataKey: "consumer"] = "\(index)"
        self.logger = logger
    }

    /// Runs until a stop is requested and in-flight jobs are settled (or the shutdown deadline passes).
    /// Connection failures are retried with backoff and jitter across the configured brokers.
    func run() {
        metrics.consumers.increment()
        defer {
            metrics.consumers.decrement()
            control.state = .stopped
        }
        let backoff = Backoff(initialSeconds: configuration.reconnectInitialDelaySeconds, capSeconds: configuration.reconnectMaxDelaySeconds)
        var attempt = 0
        // Spread the consumers of one process over the cluster's nodes.
        var brokerIndex = index % configuration.brokers.count
        while !control.isStopRequested {
            let broker = configuration.brokers[brokerIndex]
            control.state = attempt == 0 ? .connecting : .reconnecting
            do {
                var amqp = broker
                amqp.connectionName = amqp.connectionName ?? "planreview-worker \(consumerTag)"
                let connection = try AMQPConnection(amqp)
                metrics.connectionsUp.increment()
                defer { metrics.connectionsUp.decrement() }
                logger.info("connected", metadata: ["amqp_broker": "\(broker.host):\(broker.port)"])
                try session(on: connection, resetBackoff: { attempt = 0 })
                connection.close()
                return
            } catch {
                let lost = tracker.reset()
                if !lost.isEmpty { metrics.inFlight.decrement(by: Double(lost.count)) }
                logger.warning(
                    "connection failed; in-flight jobs return to the queue",
                    metadata: ["amqp_broker": "\(broker.host):\(broker.port)", "error": "\(error)", "jobs_in_flight_lost": "\(lost.count)"]
                )
                metrics.reconnects.increment()
                brokerIndex = (brokerIndex + 1) % configuration.brokers.count
                sleepUnlessStopped(seconds: backoff.delay(attempt: attempt, using: &randomness))
                attempt += 1
            }
        }
    }

    /// One connection's life: declare, consume, pipeline; returns after a clean drain on stop.
    private func session(on connection: AMQPConnection, resetBackoff: () -> Void) throws {
        let channel = try connection.openChannel(1)
        connection.coalescesWrites = configuration.coalesceWrites
        if configuration.declareTopology {
            try configuration.topology.declare(on: channel)
        }
        try channel.qos(prefetchCount: UInt16(clamping: configuration.prefetch))
        try channel.confirmSelect()
        try channel.consume(queue: configuration.topology.jobsQueue, consumerTag: consumerTag)
        control.state = .consuming
        resetBackoff()

        let poll = Duration.milliseconds(configuration.pollIntervalMilliseconds)
        var blocked = false
        var backlog: [AMQPDelivery] = []
        var drainDeadline: ContinuousClock.Instant?

        while true {
            if drainDeadline == nil, control.isStopRequested {
                // Stop taking jobs; deliveries already on their way are still answered.
                control.state = .draining
                drainDeadline = .now + .seconds(configuration.shutdownDeadlineSeconds)
                try channel.cancel(consumerTag: consumerTag)
                logger.info("draining", metadata: ["jobs_in_flight": "\(tracker.inFlight)"])
            }
            let event = try connection.nextEvent(timeout: poll)
            switch event {
            case .delivery(let delivery):
                if blocked {
                    backlog.append(delivery)
                } else {
                    try handle(delivery, on: channel)
                }
            case .confirm(let confirm):
                try settle(tracker.confirm(sequenceNumber: confirm.deliveryTag, multiple: confirm.multiple, isAck: confirm.isAck), on: channel)
            case .returned(let returned):
                // Results are published without `mandatory`; a return means someone changed that.
                logger.warning("result returned by the broker", metadata: ["amqp_reply_code": "\(returned.replyCode)", "amqp_routing_key": "\(returned.routingKey)"])
            case .consumerCancelled(_, let tag):
                // The jobs queue was deleted or the node went away: reconnect and redeclare.
                throw ConsumerInterruption.consumerCancelled(tag: tag)
            case .channelClosed(_, let error):
                throw error
            case .connectionClosed(let error):
                throw error
            case .blocked(let reason):
                // The broker refuses publishes (memory or disk alarm): hold jobs until it unblocks.
                logger.warning("broker blocked publishing", metadata: ["reason": "\(reason)"])
                blocked = true
            case .unblocked:
                logger.info("broker unblocked publishing", metadata: ["jobs_held": "\(backlog.count)"])
                blocked = false
                for delivery in backlog { try handle(delivery, on: channel) }
                backlog.removeAll(keepingCapacity: true)
            case .timeout:
                if let drainDeadline {
                    if tracker.isEmpty, backlog.isEmpty {
                        logger.info("drained")
                        try? channel.close()
                        return
                    }
                    if ContinuousClock.now >= drainDeadline {
                        logger.warning(
                            "shutdown deadline passed; unanswered jobs stay unacked and will be redelivered",
                            metadata: ["jobs_in_flight": "\(tracker.inFlight)", "jobs_held": "\(backlog.count)"]
                        )
                        return
                    }
                }
            }
        }
    }

    /// Reviews one job and publishes its result (and the copy to `reply_to`) without waiting for the confirms.
    private func handle(_ delivery: AMQPDelivery, on channel: AMQPChannel) throws(AMQPError) {
        metrics.received.increment()
        let started = ContinuousClock.now
        let incoming = delivery.properties
        let envelope = JobEnvelope(
            messageId: incoming.messageId,
            correlationId: incoming.correlationId,
            contentType: incoming.contentType,
            contentEncoding: incoming.contentEncoding,
            type: incoming.type
        )
        // A job delivered before may be the one that crashed or hung a worker: review it in a child
        // process first, so that it cannot take this process and the jobs it holds down with it.
        if delivery.redelivered, let probe = configuration.reviewProbe {
            switch probe.run(body: delivery.body, envelope: envelope) {
            case .survived:
                break
            case .failed(let reason):
                metrics.probeFailures.increment()
                logger.error(
                    "job broke the review in a probe process; returned to the queue, which dead-letters it at its delivery limit",
                    metadata: ["job_id": "\(incoming.messageId ?? "")", "amqp_delivery_tag": "\(delivery.deliveryTag)", "reason": "\(reason)"]
                )
                try channel.nack(deliveryTag: delivery.deliveryTag, multiple: false, requeue: true)
                return
            case .unavailable(let reason):
                logger.warning("review probe unavailable; reviewing in the worker", metadata: ["reason": "\(reason)"])
            }
        }
        if let trap = configuration.testTrapJobId, incoming.messageId == trap {
            fatalError("test trap: job \(trap) crashes the worker (PLANREVIEW_TEST_TRAP_JOB_ID)")
        }
        control.reviewing(since: started)
        defer { control.reviewing(since: nil) }
        var result: ReviewResult
        let body: [UInt8]
        switch configuration.mode {
        case .review:
            result = reviewer.review(body: delivery.body, envelope: envelope)
            let reviewDuration = started.duration(to: .now)
            metrics.reviewDuration.recordNanoseconds(reviewDuration.nanoseconds)
            result.worker = workerInfo
            result.timings = ReviewTimings(reviewMicroseconds: Double(reviewDuration.nanoseconds) / 1_000)
            body = result.jsonBytes()
        case .echo(let reply):
            // Benchmark ceiling: no decode, review or encode; everything below is the same.
            (result, body) = (reply.result, reply.body)
        }

        let submittedAt = Self.submittedAt(incoming)
        var headers: AMQPTable = [
            ResultHeaders.status: .string(result.status.rawValue),
            ResultHeaders.contentHash: .string(result.contentHash ?? ""),
        ]
        // The job's submission time, so result consumers can measure end-to-end latency.
        if let submittedAt { headers[ResultHeaders.jobTimestampMilliseconds] = .int64(submittedAt) }
        let properties = AMQPProperties(
            contentType: "application/json",
            headers: headers,
            deliveryMode: AMQPProperties.persistentDeliveryMode,
            correlationId: incoming.correlationId,
            messageId: result.jobId.isEmpty ? incoming.messageId : result.jobId,
            timestamp: UInt64(Date().timeIntervalSince1970),
            type: ContractTypes.result,
            appId: "planreview-worker"
        )
        var sequenceNumbers = [
            try channel.publish(exchange: configuration.topology.resultsExchange, routingKey: result.routingKey, body: body, properties: properties)
        ]
        if let replyTo = incoming.replyTo, !replyTo.isEmpty {
            sequenceNumbers.append(try channel.publish(exchange: "", routingKey: replyTo, body: body, properties: properties))
        }
        metrics.inFlight.increment()
        metrics.completed[result.status.rawValue]?.increment()
        if result.status == .rejected {
            metrics.rejected.increment()
            logger.notice(
                "job rejected",
                metadata: ["job_id": "\(result.jobId)", "amqp_delivery_tag": "\(delivery.deliveryTag)", "errors": "\(result.errors?.count ?? 0)"]
            )
        } else if logger.logLevel <= .debug {
            logger.debug(
                "job reviewed",
                metadata: [
                    "job_id": "\(result.jobId)", "kommunekode": "\(result.municipality?.code ?? 0)",
                    "correlation_id": "\(incoming.correlationId ?? "")", "status": "\(result.status.rawValue)",
                    "amqp_delivery_tag": "\(delivery.deliveryTag)",
                ]
            )
        }
        tracker.published(
            deliveryTag: delivery.deliveryTag,
            job: InFlightJob(jobId: result.jobId, submittedAtMilliseconds: submittedAt, delivery: delivery),
            sequenceNumbers: sequenceNumbers
        )
    }

    /// Acks (multiple) the jobs whose results are confirmed; sends a job whose result the broker nacked
    /// to its next retry queue (or, after the last, to the dead letters), and acks it once that is confirmed.
    private func settle(_ settlements: [ConfirmTracker<InFlightJob>.Settlement], on channel: AMQPChannel) throws(AMQPError) {
        var queue = settlements[...]
        while let settlement = queue.popFirst() {
            switch settlement {
            case .ack(let tag, let jobs):
                try channel.ack(deliveryTag: tag, multiple: true)
                metrics.inFlight.decrement(by: Double(jobs.count))
                let nowMilliseconds = Int64(Date().timeIntervalSince1970 * 1000)
                for job in jobs {
                    if let submitted = job.submittedAtMilliseconds, nowMilliseconds >= submitted {
                        metrics.jobLatency.recordMilliseconds(nowMilliseconds - submitted)
                    }
                }
            case .nacked(let tag, let job):
                queue.append(contentsOf: try retry(job, deliveryTag: tag, on: channel))
            }
        }
    }

    /// The broker refused a message published for this job (a confirm nack): a transient fault. The job
    /// goes to retry queue n (it comes back to the jobs exchange after that queue's TTL) with its attempt
    /// count in `x-planreview-attempts`; after the last attempt it is dead-lettered with the reason in
    /// `x-planreview-error`. If even that publish is refused, the job is requeued.
    private func retry(_ job: InFlightJob, deliveryTag: UInt64, on channel: AMQPChannel) throws(AMQPError) -> [ConfirmTracker<InFlightJob>.Settlement] {
        let topology = configuration.topology
        var properties = job.delivery.properties
        var headers = properties.headers ?? [:]
        let attempts = Int(headers[RetryHeaders.attempts]?.intValue ?? 0) + 1
        if job.redirected {
            logger.warning("retry publish nacked as well; job requeued", metadata: ["job_id": "\(job.jobId)", "amqp_delivery_tag": "\(deliveryTag)"])
            try channel.nack(deliveryTag: deliveryTag, multiple: false, requeue: true)
            metrics.inFlight.decrement()
            return tracker.release(deliveryTag: deliveryTag)
        }
        headers[RetryHeaders.attempts] = .int64(Int64(attempts))
        let exchange: String, routingKey: String
        if attempts <= topology.retryDelaysMilliseconds.count {
            (exchange, routingKey) = ("", topology.retryQueue(attempt: attempts))
            metrics.retried.increment()
            logger.warning("result nacked by the broker; job retried", metadata: ["job_id": "\(job.jobId)", "attempt": "\(attempts)", "amqp_queue": "\(routingKey)"])
        } else {
            headers[RetryHeaders.error] = .string("the broker refused the result \(attempts) times")
            (exchange, routingKey) = (topology.deadLetterExchange, "")
            metrics.deadLettered.increment()
            logger.error("result refused after every retry; job dead-lettered", metadata: ["job_id": "\(job.jobId)", "attempts": "\(attempts)"])
        }
        properties.headers = headers
        let sequenceNumber = try channel.publish(exchange: exchange, routingKey: routingKey, body: job.delivery.body, properties: properties)
        var redirected = job
        redirected.redirected = true
        return tracker.rearm(deliveryTag: deliveryTag, job: redirected, sequenceNumbers: [sequenceNumber])
    }

    /// The job's submission time in ms: the `timestamp_in_ms` header (as RabbitMQ's message timestamp
    /// plugin and `planreview submit` set it), else the AMQP `timestamp` property (seconds).
    static func submittedAt(_ properties: AMQPProperties) -> Int64? {
        if let header = properties.headers?[JobHeaders.timestampMilliseconds]?.intValue { return header }
        return properties.timestamp.map { Int64(clamping: $0) * 1000 }
    }

    private func sleepUnlessStopped(seconds: Double) {
        let until = ContinuousClock.now + .seconds(seconds)
        while !control.isStopRequested, ContinuousClock.now < until {
            Thread.sleep(forTimeInterval: min(0.1, max(0, seconds)))
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// Why a consumer session ended without an AMQP error of its own.
enum ConsumerInterruption: Error, CustomStringConvertible {
    /// The broker cancelled our consumer (queue deleted, node going down): reconnect and redeclare.
    case consumerCancelled(tag: String)

    var description: String {
        switch self {
        case .consumerCancelled(let tag): "consumer \(tag) cancelled by the broker"
        }
    }
}
