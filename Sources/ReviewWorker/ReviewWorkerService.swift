import Foundation
import Logging
import PlanReview
import PlanReviewContract
import ServiceLifecycle

/// The worker as a `Service`: N consumers, each on its own OS thread with its own connection.
///
/// On graceful shutdown (SIGTERM/SIGINT through the `ServiceGroup`) every consumer stops taking jobs at
/// once, answers and acks what it holds, and closes; `run()` returns when all have stopped.
public struct ReviewWorkerService: Service {
    private let configuration: WorkerConfiguration
    private let reviewer: Reviewer
    private let logger: Logger
    private let version: String
    private let metrics: WorkerMetrics
    /// One control per consumer: stop flag and state, read by health checks.
    public let controls: [ConsumerControl]

    public init(configuration: WorkerConfiguration, reviewer: Reviewer, logger: Logger, version: String = PlanReviewVersion.current) {
        precondition(!configuration.brokers.isEmpty, "at least one broker")
        self.configuration = configuration
        self.reviewer = reviewer
        self.logger = logger
        self.version = version
        self.metrics = WorkerMetrics()
        self.controls = (0..<max(1, configuration.consumers)).map { _ in ConsumerControl() }
    }

    /// True when every consumer is connected and consuming (what /readyz reports).
    public var isReady: Bool { controls.allSatisfy { $0.state == .consuming } }

    public func run() async throws {
        logger.info(
            "worker starting",
            metadata: [
                "worker_id": "\(configuration.workerId)", "consumers": "\(controls.count)", "prefetch": "\(configuration.prefetch)",
                "brokers": "\(configuration.brokers.map(\.redactedURL).joined(separator: ","))", "jobs_queue": "\(configuration.topology.jobsQueue)",
            ]
        )
        let stopAll = { @Sendable [controls] in controls.forEach { $0.requestStop() } }
        await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await withTaskGroup(of: Void.self) { group in
                    for (index, control) in controls.enumerated() {
                        group.addTask { await runConsumer(index: index, control: control) }
                    }
                    let watchdog = Task { await watchReviews() }
                    await group.waitForAll()
                    watchdog.cancel()
                }
            } onGracefulShutdown: {
                stopAll()
            }
        } onCancel: {
            stopAll()
        }
        logger.info("worker stopped", metadata: ["worker_id": "\(configuration.workerId)"])
    }

    /// Ends the process when a review overruns its deadline: a stuck consumer thread cannot be
    /// interrupted, and while it is stuck its job and heartbeats wait. The job is redelivered to another
    /// worker; the jobs queue's delivery limit dead-letters a job that keeps doing this.
    private func watchReviews() async {
        let deadline = Duration.seconds(configuration.reviewDeadlineSeconds)
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(1))
            for (index, control) in controls.enumerated() {
                if let running = control.currentReviewDuration(), running > deadline {
                    logger.critical("review overran its deadline; exiting so the job is redelivered", metadata: ["consumer": "\(index)", "seconds": "\(running)"])
                    exit(70)  // EX_SOFTWARE (sysexits.h)
                }
            }
        }
    }

    /// Runs one consumer on a dedicated thread: librabbitmq blocks, and must never block the cooperative pool.
    private func runConsumer(index: Int, control: ConsumerControl) async {
        let configuration = configuration, reviewer = reviewer, metrics = metrics, logger = logger, version = version
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                ReviewConsumer(
                    index: index, configuration: configuration, reviewer: reviewer, control: control,
                    metrics: metrics, logger: logger, version: version
                ).run()
                continuation.resume()
            }
            thread.name = "planreview-consumer-\(index)"
            thread.start()
        }
    }
}
