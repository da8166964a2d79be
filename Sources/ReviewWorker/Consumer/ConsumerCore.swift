import AMQP
import PlanReview
import PlanReviewContract

/// The rules of one consumer session as a pure state machine: events in (deliveries, confirms,
/// returns, blocked/unblocked, ticks, stop), actions out (publish, ack, requeue, cancel, close), no I/O, no clock, no threads (postgres-nio's pool state machine practice).
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
/// - on the jobs queue (``Configuration/quarantinesRedeliveries``) a redelivered job (`x-delivery-count`
///   ≥ 1, or the `redelivered` flag without that header) is not reviewed: it may be the job that
///   crashed a worker. It is republished to the quarantine queue (consumed with prefetch 1) and acked
///   once that publish is confirmed; a nacked or returned quarantine publish requeues it;
/// - on stop: cancel, answer what is held, finish when nothing is in flight or at the deadline.
public struct ConsumerCore {
    /// The values the core works with.
    public struct Configuration: Sendable {
        public var topology: Topology
        /// How long a drain may take after the stop request.
        public var shutdownDeadline: Duration
        /// Send redelivered jobs to the quarantine queue instead of reviewing them (the jobs queue's
        /// core); false reviews every delivery (the quarantine consumer's core).
        public var quarantinesRedeliveries: Bool
        /// The results' `app_id`.
        public var appId: String
        /// Which `reply_to` queues get a copy of the result.
        public var replyPolicy: ReplyToPolicy

        public init(
            topology: Topology = Topology(), shutdownDeadline: Duration = .seconds(10), quarantinesRedeliveries: Bool = false, appId: String = "planreview-worker",
            replyPolicy: ReplyToPolicy = ReplyToPolicy()
        ) {
            self.topology = topology
            self.shutdownDeadline = shutdownDeadline
            self.quarantinesRedeliveries = quarantinesRedeliveries
            self.appId = appId
            self.replyPolicy = replyPolicy
        }

        /// The bounds a job's envelope is read with.
        var envelopeLimits: IncomingEnvelope.Limits {
            IncomingEnvelope.Limits(retryCount: topology.retryDelaysMilliseconds.count, replyPolicy: replyPolicy)
        }
    }

    /// What the core remembers about a job between publishing its result and acking it.
    struct InFlightJob {
        var jobId: String
        /// The job's envelope as read (submission time, attempts so far).
        var envelope: IncomingEnvelope
        /// When the job was submitted, ms since 1970 (`timestamp_in_ms` header, else `timestamp`).
        var submittedAtMilliseconds: Int64? { envelope.submittedAtMilliseconds }
        /// The job as delivered, kept to publish it to a retry queue if the broker nacks its result.
        var delivery: ConsumerDelivery
        /// What the job's last publish was.
        var stage: PublishRole = .result
        /// Why that publish failed (a nack, or a return with its reply code), once it did.
        var failure: String?
        /// That failure was a basic.return: the destination does not exist (a retry queue missing).
        var failureIsReturn = false
        /// The publishes of its current stage, to publish again if their channel is closed.
        var publishes: [ConsumerPublish] = []
        /// The job and its review, for a `rejected` result if the broker refuses the reviewed one.
        var reviewing: (job: IncomingJob, reviewed: ReviewedJob)?
    }

    public let configuration: Configuration
    /// `configuration.envelopeLimits`, made once rather than per delivery.
    private let envelopeLimits: IncomingEnvelope.Limits
    let reviewer: any JobReviewing
    let observer: any ConsumerObserving

    var tracker = ConfirmTracker<InFlightJob>()
    /// Every unconfirmed publish: its role and whether the broker returned it.
    var ledger = PublishLedger()
    /// The sequence number the channel gives the next publish.
    var nextSequenceNumber: UInt64 = 1
    private var blocked = false
    /// Set while the jobs of a closed publishing channel are published again one at a time.
    var isolation: Isolation?
    /// Deliveries waiting for unblock (or the end of an isolation), in delivery order.
    var held: [ConsumerDelivery] = []
    /// Set by the stop request.
    private var drainDeadline: Duration?
    public private(set) var isFinished = false

    public init(configuration: Configuration, reviewer: any JobReviewing, observer: any ConsumerObserving = NoConsumerObserver()) {
        self.configuration = configuration
        self.envelopeLimits = configuration.envelopeLimits
        self.reviewer = reviewer
        self.observer = observer
    }

    /// Jobs published and not yet settled.
    public var jobsInFlight: Int { tracker.inFlight }
    /// Deliveries held (blocked broker).
    public var jobsHeld: Int { held.count }
    /// True after the stop request.
    public var isDraining: Bool { drainDeadline != nil }

    /// Applies one event and returns what the driver must do, in order.
    public mutating func handle(_ event: ConsumerEvent, now: ConsumerTime) -> [ConsumerAction] {
        guard !isFinished else { return [] }
        var actions: [ConsumerAction] = []
        // A delivery's result and reply copy, or a confirm's ack (and a retry): no regrowth per event.
        actions.reserveCapacity(4)
        switch event {
        case .delivery(let delivery):
            observer.observe(.received(deliveryTag: delivery.deliveryTag))
            if blocked || isolation != nil {
                held.append(delivery)
            } else {
                take(delivery, now: now, into: &actions)
            }
        case .confirm(let sequenceNumber, let multiple, let isAck):
            confirm(sequenceNumber, multiple: multiple, isAck: isAck, now: now, into: &actions)
            continueIsolation(now: now, into: &actions)
        case .publishChannelClosed(let replyCode, let replyText):
            publishChannelClosed(replyCode: replyCode, replyText: replyText, now: now, into: &actions)
        case .returned(let replyCode, let replyText, let exchange, let routingKey, let messageId):
            let record = ledger.markReturned(exchange: exchange, routingKey: routingKey, messageId: messageId, code: replyCode, text: replyText)
            observer.observe(
                .returned(PublishReturn(role: record?.role, replyCode: replyCode, replyText: replyText, exchange: exchange, routingKey: routingKey, jobId: messageId)))
        case .blocked(let reason):
            observer.observe(.blocked(reason: reason))
            blocked = true
        case .unblocked:
            observer.observe(.unblocked(jobsHeld: jobsHeld))
            blocked = false
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
        ledger.reset()
        held.removeAll()
        isFinished = true
        observer.observe(.abandoned(jobsInFlight: lost.count))
    }

    // MARK: Deliveries

    mutating func takeHeld(now: ConsumerTime, into actions: inout [ConsumerAction]) {
        while !blocked, isolation == nil, !held.isEmpty {
            take(held.removeFirst(), now: now, into: &actions)
        }
    }

    /// A job delivered before may be the one that crashed or hung a worker: on the jobs queue it is
    /// not reviewed next to its prefetch neighbours but moved to the quarantine, where it is reviewed
    /// alone, so that it cannot take this process and the jobs it holds down with it again.
    private mutating func take(_ delivery: ConsumerDelivery, now: ConsumerTime, into actions: inout [ConsumerAction]) {
        let envelope = IncomingEnvelope(delivery.properties, limits: envelopeLimits)
        if configuration.quarantinesRedeliveries, let reason = Self.quarantineReason(delivery, envelope: envelope) {
            quarantine(delivery, envelope: envelope, reason: reason, into: &actions)
        } else {
            review(delivery, envelope: envelope, now: now, into: &actions)
        }
    }

    /// Why a delivery counts as a redelivery: the quorum queue's `x-delivery-count` ≥ 1, or, without a
    /// readable header (a classic queue, an older broker), the `redelivered` flag. Nil for a first delivery.
    static func quarantineReason(_ delivery: ConsumerDelivery, envelope: IncomingEnvelope) -> String? {
        if let count = envelope.deliveryCount { return count >= 1 ? "redelivered (\(IncomingEnvelope.deliveryCountHeader) \(count))" : nil }
        return delivery.redelivered ? "redelivered (redelivered flag)" : nil
    }

    /// Republishes the job to the quarantine queue (jobs exchange, routing key `quarantine`) with only
    /// its own properties (no `user_id`, no `expiration`, no stale `x-delivery-count`) and the reason in
    /// ``QuarantineHeaders/reason``; the job is acked from the jobs queue once that publish is
    /// confirmed, and requeued if it is nacked or returned (``retry(_:deliveryTag:into:)``).
    private mutating func quarantine(_ delivery: ConsumerDelivery, envelope: IncomingEnvelope, reason: String, into actions: inout [ConsumerAction]) {
        var properties = delivery.properties
        properties.userId = nil
        properties.expiration = nil
        var headers = properties.headers ?? [:]
        headers[IncomingEnvelope.deliveryCountHeader] = nil
        headers[QuarantineHeaders.reason] = .string(reason)
        properties.headers = headers
        let jobId = delivery.properties.messageId ?? "", start = actions.count
        observer.observe(.quarantined(jobId: delivery.properties.messageId, deliveryTag: delivery.deliveryTag, reason: reason))
        // The job's own properties were delivered by AMQP, so they fit; the routing key is a constant.
        let sequenceNumber = publish(
            .quarantine, deliveryTag: delivery.deliveryTag, exchange: configuration.topology.jobsExchange, routingKey: Topology.quarantineRoutingKey,
            body: delivery.body, properties: properties, into: &actions)
        tracker.published(
            deliveryTag: delivery.deliveryTag,
            job: InFlightJob(jobId: jobId, envelope: envelope, delivery: delivery, stage: .quarantine, publishes: Self.publishes(in: actions, from: start)),
            sequenceNumbers: [sequenceNumber])
    }

    /// Reviews one job and publishes its result (and the copy to `reply_to`, when the policy allows
    /// it) without waiting for the confirms. The envelope is read with bounds first; a result whose
    /// properties AMQP cannot carry (a `jobId` over 255 bytes as `message_id`) becomes a `rejected`
    /// result that says so, so no publish of this job can fail on its arguments.
    private mutating func review(_ delivery: ConsumerDelivery, envelope: IncomingEnvelope, now: ConsumerTime, into actions: inout [ConsumerAction]) {
        let incoming = delivery.properties
        if !envelope.notes.isEmpty {
            observer.observe(.envelopeNoted(jobId: incoming.messageId, deliveryTag: delivery.deliveryTag, notes: envelope.notes))
        }
        var refusal: ReplyRefusal?
        if case .refused(_, let reason) = envelope.replyTo { refusal = reason }
        let job = IncomingJob(
            deliveryTag: delivery.deliveryTag, redelivered: delivery.redelivered, envelope: envelope.job, body: delivery.body,
            replyRefusal: refusal, replyTo: incoming.replyTo)
        var result = reviewer.review(job)
        var properties = resultProperties(result, incoming: incoming, envelope: envelope, now: now)
        if let problem = OutgoingCheck.problem(of: properties, routingKey: result.routingKey) {
            observer.observe(.outgoingRefused(jobId: result.jobId.isEmpty ? incoming.messageId : result.jobId, deliveryTag: delivery.deliveryTag, problem: problem))
            result = reviewer.rejection(of: job, reviewed: result, problem: problem)
            properties = resultProperties(result, incoming: incoming, envelope: envelope, now: now)
            // A result must always be publishable: without a message_id if even the rejection's is too long.
            if OutgoingCheck.problem(of: properties, routingKey: result.routingKey) != nil { properties.messageId = nil }
        }
        let tag = delivery.deliveryTag, start = actions.count
        var sequenceNumbers: [UInt64] = []
        sequenceNumbers.reserveCapacity(2)
        sequenceNumbers.append(
            publish(.result, deliveryTag: tag, exchange: configuration.topology.resultsExchange, routingKey: result.routingKey, body: result.body, properties: properties, into: &actions))
        switch envelope.replyTo {
        case .allowed(let queue):
            sequenceNumbers.append(publish(.replyCopy, deliveryTag: tag, exchange: "", routingKey: queue, body: result.body, properties: properties, into: &actions))
        case .refused(let queue, let reason):
            observer.observe(.replyCopySkipped(jobId: result.jobId, replyTo: queue, reason: reason))
        case .none:
            break
        }
        observer.observe(
            .reviewed(
                ReviewedSummary(
                    jobId: result.jobId, deliveryTag: tag, status: result.status, kommunekode: result.kommunekode,
                    correlationId: incoming.correlationId, errorCount: result.errorCount, reviewDuration: result.reviewDuration)))
        tracker.published(
            deliveryTag: tag,
            job: InFlightJob(
                jobId: result.jobId, envelope: envelope, delivery: delivery, publishes: Self.publishes(in: actions, from: start), reviewing: (job, result)),
            sequenceNumbers: sequenceNumbers)
    }

    // MARK: Confirms

    /// A confirm, read with what the ledger knows: a returned publish failed even though the broker
    /// acks it; the optional reply copy never fails its job (nacked or returned, it counts as done).
    private mutating func confirm(_ sequenceNumber: UInt64, multiple: Bool, isAck: Bool, now: ConsumerTime, into actions: inout [ConsumerAction]) {
        // The common case without a look at the records: an ack while no unconfirmed publish was returned.
        if isAck, ledger.returnedCount == 0 {
            ledger.drop(sequenceNumber, multiple: multiple)
            settle(tracker.confirm(sequenceNumber: sequenceNumber, multiple: multiple, isAck: isAck), now: now, into: &actions)
            return
        }
        let covered = ledger.confirm(sequenceNumber, multiple: multiple)
        func succeeded(_ record: PublishLedger.Record) -> Bool { record.role == .replyCopy || (isAck && record.returned == nil) }
        // The common case, one multiple-ack for all; a nack, a return or an unknown number one at a time.
        if covered.isEmpty || (isAck && covered.allSatisfy { $0.returned == nil }) {
            settle(tracker.confirm(sequenceNumber: sequenceNumber, multiple: multiple, isAck: isAck), now: now, into: &actions)
            return
        }
        // Mixed: one publish at a time, in order.
        for record in covered {
            let ok = succeeded(record)
            if record.role == .replyCopy, record.returned != nil || !isAck {
                replyCopyFailed(record, nacked: !isAck)
            } else if !ok {
                tracker.update(deliveryTag: record.deliveryTag) { job in
                    job.failure = Self.failure(record, isAck: isAck)
                    job.failureIsReturn = record.returned != nil
                }
            }
            settle(tracker.confirm(sequenceNumber: record.sequenceNumber, multiple: false, isAck: ok), now: now, into: &actions)
        }
    }

    private func replyCopyFailed(_ record: PublishLedger.Record, nacked: Bool) {
        let reason = record.returned.map { "returned \($0.code) \($0.text)" } ?? (nacked ? "nacked by the broker" : "")
        observer.observe(.replyCopyFailed(jobId: record.messageId, replyTo: record.routingKey, reason: reason))
    }

    static func failure(_ record: PublishLedger.Record, isAck: Bool) -> String {
        let what =
            switch record.role {
            case .result: "the result"
            case .replyCopy: "the reply copy"
            case .retry: "the retry publish"
            case .deadLetter: "the dead-letter publish"
            case .quarantine: "the quarantine publish"
            }
        if let returned = record.returned { return "\(what) was returned unroutable (\(returned.code) \(returned.text)) by \(record.exchange.isEmpty ? "the default exchange" : record.exchange) for '\(record.routingKey)'" }
        return "\(what) was refused by the broker (publisher confirm nack)"
    }

    /// Acks (multiple) the jobs whose results are confirmed; sends a job whose result the broker nacked
    /// or returned to its next retry queue (or, after the last, to the dead letters), and acks it once that is confirmed.
    mutating func settle(_ settlements: [ConfirmTracker<InFlightJob>.Settlement], now: ConsumerTime, into actions: inout [ConsumerAction]) {
        var queue = settlements[...]
        while let settlement = queue.popFirst() {
            switch settlement {
            case .ack(let tag, let jobs):
                actions.append(.ack(upToDeliveryTag: tag))
                // A quarantined job is answered later, from the quarantine: no latency yet.
                var latencies: [Int64] = []
                latencies.reserveCapacity(jobs.count)
                for job in jobs where job.stage != .quarantine {
                    if let submitted = job.submittedAtMilliseconds, now.unixMilliseconds >= submitted { latencies.append(now.unixMilliseconds - submitted) }
                }
                observer.observe(.acked(upToDeliveryTag: tag, jobs: jobs.count, latenciesMilliseconds: latencies))
            case .nacked(let tag, let job):
                queue.append(contentsOf: retry(job, deliveryTag: tag, into: &actions))
            }
        }
    }

    /// A message published for this job failed (a confirm nack, or a return): the job goes to retry
    /// queue n (it comes back to the jobs exchange after that queue's TTL) with its attempt count in
    /// `x-planreview-attempts`; after the last attempt, or when the retry queue itself is unroutable,
    /// it is dead-lettered with the reason in `x-planreview-error`. If that publish fails too, the job
    /// is requeued.
    private mutating func retry(_ job: InFlightJob, deliveryTag: UInt64, into actions: inout [ConsumerAction]) -> [ConfirmTracker<InFlightJob>.Settlement] {
        let topology = configuration.topology
        let failure = job.failure ?? "the broker refused the result"
        let attempts = job.envelope.attempts + 1
        let deadLetter: Bool
        switch job.stage {
        case .result, .replyCopy:
            deadLetter = attempts > topology.retryDelaysMilliseconds.count
        case .retry where job.failureIsReturn:
            deadLetter = true
        case .retry, .deadLetter, .quarantine:
            actions.append(.requeue(deliveryTag: deliveryTag))
            observer.observe(.requeued(jobId: job.jobId, deliveryTag: deliveryTag))
            return tracker.release(deliveryTag: deliveryTag)
        }
        // Only the job's own properties: a foreign `user_id` is refused (406) under the worker's user,
        // and an `expiration` would let the copy vanish unanswered.
        var properties = job.delivery.properties
        properties.userId = nil
        properties.expiration = nil
        var headers = properties.headers ?? [:]
        headers[RetryHeaders.attempts] = .int64(Int64(attempts))
        let exchange: String, routingKey: String, role: PublishRole
        if !deadLetter {
            (exchange, routingKey, role) = ("", topology.retryQueue(attempt: attempts), .retry)
            observer.observe(.retried(jobId: job.jobId, attempt: attempts, queue: routingKey))
        } else {
            let reason = job.stage == .retry ? failure : "\(failure), \(attempts) times"
            headers[RetryHeaders.error] = .string(reason)
            (exchange, routingKey, role) = (topology.deadLetterExchange, "", .deadLetter)
            observer.observe(.deadLettered(jobId: job.jobId, attempts: attempts, reason: reason))
        }
        properties.headers = headers
        let start = actions.count
        let sequenceNumber = publish(role, deliveryTag: deliveryTag, exchange: exchange, routingKey: routingKey, body: job.delivery.body, properties: properties, into: &actions)
        var redirected = job
        redirected.stage = role
        redirected.failure = nil
        redirected.failureIsReturn = false
        redirected.publishes = Self.publishes(in: actions, from: start)
        return tracker.rearm(deliveryTag: deliveryTag, job: redirected, sequenceNumbers: [sequenceNumber])
    }
}
