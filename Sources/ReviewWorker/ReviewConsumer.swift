import AMQP
import CoreMetrics
import Foundation
import Logging
import PlanReview
import PlanReviewContract

/// One consumer: an OS thread that owns one AMQP connection. It connects (with backoff and jitter
/// across the configured brokers), sets the channel up, and hands the rest to a ``ConsumerSession``,
/// which feeds broker events into a ``ConsumerCore`` and performs its actions.
///
/// - Important: everything here runs on the consumer's own thread (librabbitmq is not thread safe).
///   The only shared state is `control` (stop flag, state, review in progress) and the metrics.
final class ReviewConsumer {
    private let index: Int
    private let configuration: WorkerConfiguration
    private let review: any JobReviewing
    private let control: ConsumerControl
    private let metrics: WorkerMetrics
    private let logger: Logger
    private let consumerTag: String
    private let started = ContinuousClock.now
    private var randomness = SystemRandomNumberGenerator()

    init(index: Int, configuration: WorkerConfiguration, review: any JobReviewing, control: ConsumerControl, metrics: WorkerMetrics, logger: Logger) {
        self.index = index
        self.configuration = configuration
        self.review = WatchedReviewer(base: review, control: control)
        self.control = control
        self.metrics = metrics
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
        let backoff = Backoff(initialSeconds: configuration.reconnectInitialDelay.inSeconds, capSeconds: configuration.reconnectMaxDelay.inSeconds)
        var attempt = 0
        // Spread the consumers of one process over the cluster's nodes.
        var brokerIndex = index % configuration.brokers.count
        while !control.isStopRequested {
            let broker = configuration.brokers[brokerIndex]
            control.state = attempt == 0 ? .connecting : .reconnecting
            var jobsLost = 0
            do {
                var amqp = broker
                amqp.connectionName = amqp.connectionName ?? "planreview-worker \(consumerTag)"
                let connection = try AMQPConnection(amqp)
                metrics.connectionsUp.increment()
                defer { metrics.connectionsUp.decrement() }
                logger.info("connected", metadata: ["amqp_broker": "\(broker.host):\(broker.port)"])
                try session(on: connection, resetBackoff: { attempt = 0 }, jobsLost: &jobsLost)
                connection.close()
                return
            } catch {
                logger.warning(
                    "connection failed; in-flight jobs return to the queue",
                    metadata: [
                        "amqp_broker": "\(broker.host):\(broker.port)", "error": "\(error)", "jobs_in_flight_lost": "\(jobsLost)",
                        "next_step": "\((error as? AMQPError)?.nextStep ?? "the worker reconnects with backoff")",
                    ]
                )
                metrics.reconnects.increment()
                brokerIndex = (brokerIndex + 1) % configuration.brokers.count
                sleepUnlessStopped(backoff.delay(attempt: attempt, using: &randomness))
                attempt += 1
            }
        }
    }

    /// One connection's life: declare, consume, then the session; returns after a clean drain on stop.
    private func session(on connection: AMQPConnection, resetBackoff: () -> Void, jobsLost: inout Int) throws {
        let channel = try connection.openChannel(1)
        connection.coalescesWrites = configuration.coalesceWrites
        if configuration.declareTopology {
            for problem in try configuration.topology.declare(on: channel) {
                logger.error("topology: \(problem)", metadata: ["amqp_queue": "\(configuration.topology.resultsQueue)"])
            }
        }
        try channel.qos(prefetchCount: UInt16(clamping: configuration.prefetch))
        // Publishes go out on a channel of their own: a message the broker refuses by closing the
        // channel (406) closes that one, not the one holding the unacked deliveries
        // (ConsumerCore+Isolation.swift). Channels 1 and 3 for the jobs, 2 and 4 for the quarantine.
        let publisher = try connection.openChannel(3)
        try publisher.confirmSelect()
        try channel.consume(queue: configuration.topology.jobsQueue, consumerTag: consumerTag)

        func core(quarantines: Bool) -> ConsumerCore {
            ConsumerCore(
                configuration: ConsumerCore.Configuration(
                    topology: configuration.topology, shutdownDeadline: configuration.drainDeadline,
                    quarantinesRedeliveries: quarantines, replyPolicy: configuration.replyPolicy),
                reviewer: review,
                observer: WorkerObserver(metrics: metrics, logger: logger)
            )
        }
        // The quarantine: one consumer per process (consumer 0, on a second channel with prefetch 1),
        // so a process holds at most one quarantined job and a crash there takes only it along
        // (docs/DECISIONS.md, "A quarantine queue for redelivered jobs").
        // Both channels report refused or returned results to the control (/readyz).
        func reporting(_ channel: AMQPChannel) -> ReportingChannel<AMQPChannel> {
            ReportingChannel(channel, control: control, resultsExchange: configuration.topology.resultsExchange)
        }
        var quarantine: ConsumerSession<ReportingChannel<AMQPChannel>>.Lane?
        if index == 0 {
            let second = try connection.openChannel(2)
            try second.qos(prefetchCount: 1)
            let secondPublisher = try connection.openChannel(4)
            try secondPublisher.confirmSelect()
            let tag = "\(consumerTag)/quarantine"
            try second.consume(queue: configuration.topology.quarantineQueue, consumerTag: tag)
            quarantine = .init(
                core: core(quarantines: false), channel: reporting(second), channelId: second.id, consumerTag: tag, publisher: reporting(secondPublisher),
                publisherId: secondPublisher.id)
        }
        control.state = .consuming
        resetBackoff()

        let started = started
        var session = ConsumerSession(
            core: core(quarantines: true), channel: reporting(channel), consumerTag: consumerTag, quarantine: quarantine,
            publisher: reporting(publisher), publisherId: publisher.id,
            reopenPublisher: { [control] id in
                let reopened = try connection.openChannel(id)
                try reopened.confirmSelect()
                control.reportChannelOpened()
            },
            pollInterval: configuration.pollInterval, control: control,
            now: { ConsumerTime(monotonic: started.duration(to: .now), unixMilliseconds: Int64(Date().timeIntervalSince1970 * 1000)) }
        )
        do {
            try session.run()
        } catch {
            jobsLost = session.lostJobs
            throw error
        }
    }

    private func sleepUnlessStopped(_ seconds: Double) {
        let until = ContinuousClock.now + .seconds(seconds)
        while !control.isStopRequested, ContinuousClock.now < until {
            Thread.sleep(forTimeInterval: min(0.1, max(0, seconds)))
        }
    }
}

/// Marks each review in the consumer's control, for the watchdog (``ReviewWatchdog``).
struct WatchedReviewer: JobReviewing {
    let base: any JobReviewing
    let control: ConsumerControl

    func review(_ job: IncomingJob) -> ReviewedJob {
        control.beginReview()
        defer { control.endReview() }
        return base.review(job)
    }

    // Forwarded, or the protocol's default would answer instead of the wrapped reviewer's own.
    func rejection(of job: IncomingJob, reviewed: ReviewedJob, problem: OutgoingProblem) -> ReviewedJob {
        base.rejection(of: job, reviewed: reviewed, problem: problem)
    }
}

