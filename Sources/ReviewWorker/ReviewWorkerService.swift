import AMQP
import Foundation
import Logging
import PlanReview
import PlanReviewContract
import ServiceLifecycle
import Synchronization

/// The worker as a `Service`: N consumers, each on its own OS thread with its own connection.
///
/// On graceful shutdown (SIGTERM/SIGINT through the `ServiceGroup`) every consumer stops taking jobs at
/// once, answers and acks what it holds, and closes; `run()` returns when all have stopped. A review that
/// hangs past `reviewDeadline` makes `run()` throw ``ReviewWorkerError/Code/reviewOverran`` at once: the
/// group ends and the executable exits non-zero, so the job is redelivered elsewhere.
public struct ReviewWorkerService: Service, CustomStringConvertible {
    private let configuration: WorkerConfiguration
    private let review: any JobReviewing
    private let logger: Logger
    private let metrics: WorkerMetrics
    /// One control per consumer: stop flag and state, read by health checks.
    public let controls: [ConsumerControl]

    /// A worker applying `review` to every job.
    public init(configuration: WorkerConfiguration, review: any JobReviewing, logger: Logger) {
        precondition(!configuration.brokers.isEmpty, "at least one broker")
        self.configuration = configuration
        self.review = review
        self.logger = logger
        self.metrics = WorkerMetrics()
        self.controls = (0..<max(1, configuration.consumers)).map { _ in ConsumerControl() }
    }

    /// The worker with planreview's review (``PlanJobReviewer``). Benchmarks and tests inject theirs
    /// through ``init(configuration:review:logger:)``; the service has no hook of its own.
    public init(configuration: WorkerConfiguration, reviewer: Reviewer, logger: Logger, version: String = PlanReviewVersion.current) {
        let review = PlanJobReviewer(reviewer: reviewer, worker: WorkerInfo(id: configuration.workerId, version: version))
        self.init(configuration: configuration, review: review, logger: logger)
    }

    /// How logs and ServiceLifecycle name the service. Without it, `"\(service)"` (ServiceGroup does this
    /// for every service at start-up) walks the whole value by reflection, the reviewer's rulesets and
    /// reference tables included: ~130 M instructions (~40 ms) of every worker's start (callgrind).
    public var description: String {
        "ReviewWorkerService(worker: \(configuration.workerId), consumers: \(controls.count), prefix: \(configuration.topology.prefix))"
    }

    /// True when every consumer is connected and consuming and can publish (what /readyz reports).
    public var isReady: Bool { readiness.isReady }

    /// Each consumer's state and what keeps it from publishing: not ready while a consumer is not
    /// consuming, its connection is blocked (memory or disk alarm), its results are being refused or
    /// returned, or no confirm arrived for `confirmTimeout` with publishes outstanding.
    public var readiness: Readiness {
        Readiness(consumers: controls.map { control in
            Readiness.Consumer(state: control.state, problems: control.publishingProblems(confirmTimeout: configuration.confirmTimeout))
        })
    }

    /// What /readyz answers.
    public struct Readiness: Sendable, CustomStringConvertible {
        public struct Consumer: Sendable {
            public var state: ConsumerControl.State
            public var problems: [PublishingHealth.Problem]
            public var isReady: Bool { state == .consuming && problems.isEmpty }
        }

        public var consumers: [Consumer]
        public var isReady: Bool { !consumers.isEmpty && consumers.allSatisfy(\.isReady) }

        /// One line per consumer: `consumer 0: consuming`, then its problems.
        public var description: String {
            consumers.enumerated().map { index, consumer in
                (["consumer \(index): \(consumer.state)"] + consumer.problems.map { "  \($0)" }).joined(separator: "\n")
            }.joined(separator: "\n")
        }
    }

    public func run() async throws {
        logger.info(
            "worker starting",
            metadata: [
                "worker_id": "\(configuration.workerId)", "consumers": "\(controls.count)", "prefetch": "\(configuration.prefetch)",
                "brokers": "\(configuration.brokers.map(\.redactedURL).joined(separator: ","))", "jobs_queue": "\(configuration.topology.jobsQueue)",
            ]
        )
        let stopAll = { @Sendable [controls] in controls.forEach { $0.requestStop() } }
        let threads = controls.map { _ in ThreadCompletion() }
        try await withTaskCancellationHandler {
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Bool.self) { group in
                    for (index, control) in controls.enumerated() {
                        let completion = threads[index]
                        group.addTask {
                            startConsumer(index: index, control: control, completion: completion)
                            await completion.wait()
                            return true
                        }
                    }
                    group.addTask {
                        // A bounded exit: a consumer stuck in librabbitmq (a blocked connection is not read by
                        // the broker, so a cancel or close may wait for its rpc timeout) is given up on at the
                        // deadline; its unacked jobs are redelivered when the process exits.
                        try? await gracefulShutdown()
                        guard !Task.isCancelled else { return false }
                        try? await Task.sleep(for: configuration.shutdownDeadline)
                        guard !Task.isCancelled else { return false }
                        let stuck = controls.indices.filter { controls[$0].state != .stopped }
                        if !stuck.isEmpty {
                            logger.warning(
                                "consumers did not stop within the shutdown deadline (a blocked connection?); exiting without them, their unacked jobs are redelivered",
                                metadata: ["consumers": "\(stuck.map(String.init).joined(separator: ","))", "states": "\(stuck.map { "\(controls[$0].state)" }.joined(separator: ","))"])
                            threads.forEach { $0.finish() }
                        }
                        return false
                    }
                    group.addTask {
                        do {
                            try await watchReviews()
                        } catch let error as ReviewWorkerError {
                            // The stuck thread cannot be joined: stop waiting for every consumer, so run() throws now.
                            stopAll()
                            threads.forEach { $0.finish() }
                            throw error
                        }
                        return false
                    }
                    var running = controls.count
                    while running > 0, let finished = try await group.next() {
                        if finished { running -= 1 }
                    }
                    group.cancelAll()
                }
            } onGracefulShutdown: {
                stopAll()
            }
        } onCancel: {
            stopAll()
        }
        logger.info("worker stopped", metadata: ["worker_id": "\(configuration.workerId)"])
    }

    /// Throws when a review overruns its deadline (``ReviewWatchdog``): a stuck consumer thread cannot be
    /// interrupted, and while it is stuck its job and heartbeats wait. Returns when cancelled.
    private func watchReviews() async throws {
        let interval = Duration.seconds(1)
        var watchdog = ReviewWatchdog(deadline: configuration.reviewDeadline, interval: interval)
        let start = ContinuousClock.now
        while true {
            do { try await Task.sleep(for: interval) } catch { return }
            let overruns = watchdog.sample(now: start.duration(to: .now), reviews: controls.map(\.reviewInProgress))
            if let overrun = overruns.first {
                logger.critical(
                    "review overran its deadline; stopping the worker so the job is redelivered",
                    metadata: ["consumer": "\(overrun.consumer)", "seconds": "\(overrun.running)"])
                throw ReviewWorkerError.reviewOverran(consumer: overrun.consumer, running: overrun.running)
            }
        }
    }

    /// Starts one consumer on a dedicated thread: librabbitmq blocks, and must never block the cooperative pool.
    private func startConsumer(index: Int, control: ConsumerControl, completion: ThreadCompletion) {
        let configuration = configuration, review = review, metrics = metrics, logger = logger
        let thread = Thread {
            ReviewConsumer(index: index, configuration: configuration, review: review, control: control, metrics: metrics, logger: logger).run()
            completion.finish()
        }
        thread.name = "planreview-consumer-\(index)"
        thread.start()
    }
}

/// A one-shot signal from a consumer thread to the task waiting for it; can also be given up on
/// (a thread stuck in a review is never joined).
final class ThreadCompletion: Sendable {
    private let state = Mutex<(finished: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    /// Resumes the waiter (now or when it comes). Idempotent.
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.finished else { return nil }
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.finished { return true }
                state.waiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }
}
