import ArgumentParser
import Foundation
import Logging
import Metrics
import PlanReview
import PlanReviewContract
import PlanReviewResources
import Prometheus
import ReviewWorker
import ServiceLifecycle
import UnixSignals

/// The worker process assembled once, for `planreview-worker` and `planreview-bench worker`: settings
/// (defaults < worker.yaml < environment < flags), JSON or text logs, the Prometheus metrics backend,
/// the HTTP endpoint (/metrics, /healthz, /readyz) and the `ServiceGroup` that stops it on SIGTERM or
/// SIGINT. The executables only choose the review, so the service carries no hook.
public enum WorkerRuntime {
    /// What an executable plugs in: the review applied to every job.
    public struct Assembly: Sendable {
        /// The review, given the loaded rulesets and this worker's identity.
        public var review: @Sendable (Reviewer, WorkerInfo) -> any JobReviewing

        public init(review: @escaping @Sendable (Reviewer, WorkerInfo) -> any JobReviewing) {
            self.review = review
        }

        /// planreview's own review.
        public static let review = Assembly(review: { PlanJobReviewer(reviewer: $0, worker: $1) })
    }

    /// Loads the settings and runs the worker until SIGTERM/SIGINT (or prints the configuration).
    /// Exits 70 (EX_SOFTWARE) when a review overran its deadline.
    public static func run(_ options: WorkerOptions, assembly: Assembly) async throws {
        let settings: WorkerSettings
        do {
            settings = try await WorkerSettings.load(
                flags: options.flagValues, configFile: options.settingsFile, locateConfigDirectory: { ReviewConfiguration.locateConfigDirectory() })
        } catch {
            throw ValidationError("configuration: \(error.description)")
        }
        for warning in options.warnings + settings.warnings {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        if options.printConfig || options.printConfigJson {
            print(options.printConfigJson ? try settings.printableJSON() : settings.printableYAML())
            return
        }
        bootstrapLogging(settings)
        let logger = Logger(label: "planreview.worker")
        logger.info(
            "configuration",
            metadata: ["config_file": "\(settings.configFile ?? "none")", "metrics": "\(settings.metricsPort == 0 ? "off" : "\(settings.metricsHost):\(settings.metricsPort)")"]
        )

        // Before any metric handle exists: swift-metrics binds a handle to the factory at its creation.
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(WorkerMetricsFactory(registry: registry))
        WorkerMetrics.recordBuildInfo()

        guard let directory = settings.configDirectory else {
            throw ValidationError("no Config directory found; pass --config DIR or set PLANREVIEW_CONFIG_DIR")
        }
        let reviewer = Reviewer(configuration: try ReviewConfiguration.load(configDirectory: directory))
        let configuration = settings.worker
        let review = assembly.review(reviewer, WorkerInfo(id: configuration.workerId, version: PlanReviewVersion.current))
        let worker = ReviewWorkerService(configuration: configuration, review: review, logger: logger)

        // The group stops services in reverse order: consumers first, the endpoint last, so metrics and
        // probes answer while the consumers drain.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if settings.metricsPort != 0 {
            services.append(.init(service: ObservabilityEndpoint(host: settings.metricsHost, port: settings.metricsPort, registry: registry, worker: worker, logger: logger)))
        }
        services.append(.init(service: worker))
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch let error as ReviewWorkerError where error.code == .reviewOverran {
            // The stuck consumer thread cannot be joined: exit at once, EX_SOFTWARE (sysexits.h), so a
            // supervisor restarts the worker and the broker redelivers the job.
            logger.critical("worker stopped: \(error)")
            throw ExitCode(70)
        }
    }

    private static func bootstrapLogging(_ settings: WorkerSettings) {
        let workerId = settings.worker.workerId
        LoggingSystem.bootstrap { label in
            switch settings.logFormat {
            case .json:
                var handler = JSONLogHandler(label: label)
                handler.logLevel = settings.logLevel
                handler.metadata["worker_id"] = "\(workerId)"
                return handler
            case .text:
                var handler = StreamLogHandler.standardOutput(label: label)
                handler.logLevel = settings.logLevel
                handler.metadata["worker_id"] = "\(workerId)"
                return handler
            }
        }
    }
}
