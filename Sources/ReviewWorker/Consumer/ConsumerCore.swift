import AMQP
import PlanReview
import PlanReviewContract

/// The rules of one consumer session as a pure state machine: events in (deliveries, confirms,
/// returns, blocked/unblocked, ticks, stop), actions out (publish, ack, requeue, probe, cancel,
/// close), no I/O, no clock, no threads (postgres-nio's pool state machine practice).
///
/// One core lives for one channel: after confirm.select its publishes are numbered 1, 2, 3 …, which
/// the core counts itself. ``ReviewConsumer`` drives it over a ``ConsumerChannel``; tests drive it with
/// scripted events.
///
/// The rules (../shared/ARCHITECTURE.md, "Delivery semantics"):
/// - a job is acked only after every message published for it (the result, the `reply_to` copy) is
///   confirmed; the longest settled prefix is acked with one `multiple` ack (``ConfirmTracker``);
/// - a nacked result sends the job to retry queue n with `x-planreview-attempts: n`, after the last
///   to the dead-letter exchange with `x-planreview-error`; a nacked retry publish requeues the job;
/// - while the broker blocks publishing, deliveries are held and reviewed on unblock;
/// - a redelivered job is first reviewed in a probe process when probing is on;
/// - on stop: cancel, answer what is held, finish when nothing is in flight or at the deadline.
public struct ConsumerCore {
    /// The values the core works with.
    public struct Configuration: Sendable {
        public var topology: Topology
        /// How long a drain may take after the stop request.
        public var shutdownDeadline: Duration
        /// Ask for a ``ConsumerAction/probe(deliveryTag:body:envelope:)`` before reviewing a redelivered job.
        public var probesRedeliveries: Bool
        /// The results' `app_id`.
        public var appId: String

        public init(topology: Topology = Topology(), shutdownDeadline: Duration = .seconds(10), probesRedeliveries: Bool = false, appId: String = "planreview-worker") {
            self.topology = topology
            self.shutdownDeadline = shutdownDeadline
            self.probesRedeliveries = probesRedeliveries
            self.appId = appId
        }
    }

    /// What the core remembers about a job between publishing its result and acking it.
    struct InFlightJob {
        var jobId: String
        /// When the job was submitted, ms since 1970 (`timestamp_in_ms` header, else `timestamp`).
        var submittedAtMilliseconds: Int64?
        /// The job as delivered, kept to publish it to a retry queue if the broker nacks its result.
        var delivery: ConsumerDelivery
        /// Set once the job was sent to a retry queue or the dead letters.
        var redirected = false
    }

    public let configuration: Configuration
    private let reviewer: any JobReviewing
    private let observer: any ConsumerObserving

    private var tracker = ConfirmTracker<InFlightJob>()
    /// The sequence number the channel gives the next publish.
    private var nextSequenceNumber: UInt64 = 1
    private var blocked = false
    /// Deliveries waiting for unblock or for the probe of an earlier one, in delivery order.
    private var held: [ConsumerDelivery] = []
    /// The delivery whose probe outcome the core waits for.
    private var probing: ConsumerDelivery?
    /// Set by the stop request.
    private var drainDeadline: Duration?
    public private(set) var isFinished = false

    public init(configuration: Configuration, reviewer: any JobReviewing, observer: any ConsumerObserving = NoConsumerObserver()) {
        self.configuration = configuration
        self.reviewer = reviewer
        self.observer = observer
    }

    /// Jobs published and not yet settled.
    public var jobsInFlight: Int { tracker.inFlight }
    /// Deliveries held (blocked broker, or behind a probe).
    public var jobsHeld: Int { held.count + (probing == nil ? 0 : 1) }
    /// True after the stop request.
    public var isDraining: Bool { drainDeadline != nil }

    /// Applies one event and returns what the driver must do, in order.
    public mutating func handle(_ event: ConsumerEvent, now: ConsumerTime) -> [ConsumerAction] {
        guard !isFinished else { return [] }
        var actions: [ConsumerAction] = []
        switch event {
        case .delivery(let delivery):
            observer.observe(.received(deliveryTag: delivery.deliveryTag))
            if blocked || probing != nil {
                held.append(delivery)
            } else {
                take(delivery, now: now, into: &actions)
            }
        case .confirm(let sequenceNumber, let multiple, let isAck):
            settle(tracker.confirm(sequenceNumber: sequenceNumber, multiple: multiple, isAck: isAck), now: now, into: &actions)
        case .returned(let replyCode, _, let routingKey):
            observer.observe(.returned(replyCode: replyCode, routingKey: routingKey))
        case .blocked(let reason):
            observer.observe(.blocked(reason: reason))
            blocked = true
        case .unblocked:
            observer.observe(.unblocked(jobsHeld: jobsHeld))
            blocked = false
            takeHeld(now: now, into: &actions)
        case .probed(let deliveryTag, let outcome):
            guard let delivery = probing, delivery.deliveryTag == deliveryTag else { break }
            probing = nil
            switch outcome {
            case .survived:
                review(delivery, now: now, into: &actions)
            case .unavailable(let reason):
                observer.observe(.probeUnavailable(reason: reason))
                review(delivery, now: now, into: &actions)
            case .failed(let reason):
                observer.observe(.probeFailed(jobId: delivery.properties.messageId, deliveryTag: deliveryTag, reason: reason))
                actions.append(.requeue(deliveryTag: deliveryTag))
            }
            takeHeld(now: now, into: &actions)
        case .stopRequested:
            guard drainDeadline == nil else { break }
            // Stop taking jobs; deliveries already on their way are still answered.
            drainDeadline = now.monotonic + configuration.shutdownDeadline
            observer.observe(.draining(jobsInFlight: tracker.inFlight))
            actions.append(.cancelConsumer)
        case .tick:
            guard let drainDeadline else { break }
            if tracker.isEmpty, jobsHeld == 0 {
                observer.observe(.drained)
                actions += [.closeChannel, .finished]
                isFinished = true
            } else if now.monotonic >= drainDeadline {
                observer.observe(.deadlinePassed(jobsInFlight: tracker.inFlight, jobsHeld: jobsHeld))
                actions.append(.finished)
                isFinished = true
            }
        }
        return actions
    }

    /// The session ended without a drain (connection lost): forget every job; the broker returns the
    /// unacked deliveries to the queue.
    public mutating func abandon() {
        let lost = tracker.reset()
        held.removeAll()
        probing = nil
        isFinished = true
        observer.observe(.abandoned(jobsInFlight: lost.count))
    }

    // MARK: Deliveries

    private mutating func takeHeld(now: ConsumerTime, into actions: inout [ConsumerAction]) {
        while !blocked, probing == nil, !held.isEmpty {
            take(held.removeFirst(), now: now, into: &actions)
        }
    }

    /// A job delivered before may be the one that crashed or hung a worker: review it in a child
    /// process first, so that it cannot take this process and the jobs it holds down with it.
    private mutating func take(_ delivery: ConsumerDelivery, now: ConsumerTime, into actions: inout [ConsumerAction]) {
        if delivery.redelivered, configuration.probesRedeliveries {
            probing = delivery
            actions.append(.probe(deliveryTag: delivery.deliveryTag, body: delivery.body, envelope: Self.envelope(delivery.properties)))
        } else {
            review(delivery, now: now, into: &actions)
        }
    }

    /// Reviews one job and publishes its result (and the copy to `reply_to`) without waiting for the confirms.
    private mutating func review(_ delivery: ConsumerDelivery, now: ConsumerTime, into actions: inout [ConsumerAction]) {
        let incoming = delivery.properties
        let result = reviewer.review(
            IncomingJob(deliveryTag: delivery.deliveryTag, redelivered: delivery.redelivered, envelope: Self.envelope(incoming), body: delivery.body))
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
            timestamp: UInt64(clamping: now.unixMilliseconds / 1000),
            type: ContractTypes.result,
            appId: configuration.appId
        )
        var sequenceNumbers = [publish(exchange: configuration.topology.resultsExchange, routingKey: result.routingKey, body: result.body, properties: properties, into: &actions)]
        if let replyTo = incoming.replyTo, !replyTo.isEmpty {
            sequenceNumbers.append(publish(exchange: "", routingKey: replyTo, body: result.body, properties: properties, into: &actions))
        }
        observer.observe(
            .reviewed(
                ReviewedSummary(
                    jobId: result.jobId, deliveryTag: delivery.deliveryTag, status: result.status, kommunekode: result.kommunekode,
                    correlationId: incoming.correlationId, errorCount: result.errorCount, reviewDuration: result.reviewDuration)))
        tracker.published(
            deliveryTag: delivery.deliveryTag,
            job: InFlightJob(jobId: result.jobId, submittedAtMilliseconds: submittedAt, delivery: delivery),
            sequenceNumbers: sequenceNumbers
        )
    }

    private mutating func publish(exchange: String, routingKey: String, body: [UInt8], properties: AMQPProperties, into actions: inout [ConsumerAction]) -> UInt64 {
        let sequenceNumber = nextSequenceNumber
        nextSequenceNumber += 1
        actions.append(.publish(ConsumerPublish(sequenceNumber: sequenceNumber, exchange: exchange, routingKey: routingKey, body: body, properties: properties)))
        return sequenceNumber
    }

    // MARK: Confirms

    /// Acks (multiple) the jobs whose results are confirmed; sends a job whose result the broker nacked
    /// to its next retry queue (or, after the last, to the dead letters), and acks it once that is confirmed.
    private mutating func settle(_ settlements: [ConfirmTracker<InFlightJob>.Settlement], now: ConsumerTime, into actions: inout [ConsumerAction]) {
        var queue = settlements[...]
        while let settlement = queue.popFirst() {
            switch settlement {
            case .ack(let tag, let jobs):
                actions.append(.ack(upToDeliveryTag: tag))
                let latencies = jobs.compactMap { job in
                    job.submittedAtMilliseconds.flatMap { now.unixMilliseconds >= $0 ? now.unixMilliseconds - $0 : nil }
                }
                observer.observe(.acked(upToDeliveryTag: tag, jobs: jobs.count, latenciesMilliseconds: latencies))
            case .nacked(let tag, let job):
                queue.append(contentsOf: retry(job, deliveryTag: tag, into: &actions))
            }
        }
    }

    /// The broker refused a message published for this job (a confirm nack): a transient fault. The job
    /// goes to retry queue n (it comes back to the jobs exchange after that queue's TTL) with its attempt
    /// count in `x-planreview-attempts`; after the last attempt it is dead-lettered with the reason in
    /// `x-planreview-error`. If even that publish is refused, the job is requeued.
    private mutating func retry(_ job: InFlightJob, deliveryTag: UInt64, into actions: inout [ConsumerAction]) -> [ConfirmTracker<InFlightJob>.Settlement] {
        if job.redirected {
            actions.append(.requeue(deliveryTag: deliveryTag))
            observer.observe(.requeued(jobId: job.jobId, deliveryTag: deliveryTag))
            return tracker.release(deliveryTag: deliveryTag)
        }
        let topology = configuration.topology
        var properties = job.delivery.properties
        var headers = properties.headers ?? [:]
        let attempts = Int(headers[RetryHeaders.attempts]?.intValue ?? 0) + 1
        headers[RetryHeaders.attempts] = .int64(Int64(attempts))
        let exchange: String, routingKey: String
        if attempts <= topology.retryDelaysMilliseconds.count {
            (exchange, routingKey) = ("", topology.retryQueue(attempt: attempts))
            observer.observe(.retried(jobId: job.jobId, attempt: attempts, queue: routingKey))
        } else {
            headers[RetryHeaders.error] = .string("the broker refused the result \(attempts) times")
            (exchange, routingKey) = (topology.deadLetterExchange, "")
            observer.observe(.deadLettered(jobId: job.jobId, attempts: attempts))
        }
        properties.headers = headers
        let sequenceNumber = publish(exchange: exchange, routingKey: routingKey, body: job.delivery.body, properties: properties, into: &actions)
        var redirected = job
        redirected.redirected = true
        return tracker.rearm(deliveryTag: deliveryTag, job: redirected, sequenceNumbers: [sequenceNumber])
    }

    // MARK: Properties

    static func envelope(_ properties: AMQPProperties) -> JobEnvelope {
        JobEnvelope(
            messageId: properties.messageId, correlationId: properties.correlationId, contentType: properties.contentType,
            contentEncoding: properties.contentEncoding, type: properties.type)
    }

    /// The job's submission time in ms: the `timestamp_in_ms` header (as RabbitMQ's message timestamp
    /// plugin and `planreview submit` set it), else the AMQP `timestamp` property (seconds).
    static func submittedAt(_ properties: AMQPProperties) -> Int64? {
        if let header = properties.headers?[JobHeaders.timestampMilliseconds]?.intValue { return header }
        return properties.timestamp.map { Int64(clamping: $0) * 1000 }
    }
}
