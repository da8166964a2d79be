import AMQP
import ArgumentParser
import Configuration
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

/// `planreview-worker`: consumes plan-review jobs from RabbitMQ and publishes their results.
@main
struct WorkerCommand: AsyncParsableCommand {
    typealias Key = WorkerSettings.Key

    static let configuration = CommandConfiguration(
        commandName: "planreview-worker",
        abstract: "Consume plan-review jobs from RabbitMQ, review them, publish the results.",
        discussion: """
            Settings come from, lowest first: built-in defaults, a YAML file (--config, $PLANREVIEW_CONFIG, else \
            worker.yaml in the Config directory when it exists), the environment (PLANREVIEW_<KEY>, AMQP_URL, \
            AMQP_PASSWORD_FILE), then these flags. --print-config shows the result and where each value came from; \
            docs/OPERATIONS.md has the table of every key.

            Broker addresses: --amqp-url (repeatable: a cluster's nodes, tried in turn), else AMQP_URL \
            (comma-separated), else amqp://guest:guest@127.0.0.1:5672/%2F. AMQP_PASSWORD_FILE replaces the password \
            of every URL with the file's content, so no secret sits in a process list.

            Serves /metrics (Prometheus), /healthz and /readyz on --metrics-host:--metrics-port (0 turns it off).

            Stops gracefully on SIGTERM/SIGINT: stops consuming, answers and acks what it holds, exits 0.
            """
    )

    // Every option is optional: a flag given on the command line overrides the environment and the file,
    // one not given must not (swift-configuration, "Integrating with Swift Argument Parser").
    @Option(name: .customLong("amqp-url"), help: ArgumentHelp(Key.amqpURLs.meaning))
    var amqpURLs: [String] = []
    @Option(name: .customLong("amqp-password-file"), help: ArgumentHelp(Key.amqpPasswordFile.meaning))
    var amqpPasswordFile: String?
    @Option(help: ArgumentHelp(Key.consumers.meaning))
    var consumers: Int?
    @Option(help: ArgumentHelp(Key.prefetch.meaning))
    var prefetch: Int?
    @Option(help: ArgumentHelp(Key.prefix.meaning))
    var prefix: String?
    @Flag(inversion: .prefixedNo, help: ArgumentHelp(Key.declare.meaning))
    var declare: Bool?
    @Option(help: ArgumentHelp(Key.retryDelays.meaning))
    var retryDelays: String?
    @Option(help: ArgumentHelp(Key.deliveryLimit.meaning))
    var deliveryLimit: Int?
    @Option(help: ArgumentHelp(Key.workerId.meaning))
    var workerId: String?
    @Option(help: ArgumentHelp(Key.shutdownDeadline.meaning))
    var shutdownDeadline: Double?
    @Option(help: ArgumentHelp(Key.configDir.meaning))
    var configDir: String?
    @Option(help: ArgumentHelp(Key.metricsHost.meaning))
    var metricsHost: String?
    @Option(help: ArgumentHelp(Key.metricsPort.meaning))
    var metricsPort: Int?
    @Option(help: ArgumentHelp(Key.logLevel.meaning))
    var logLevel: String?
    @Option(help: ArgumentHelp(Key.logFormat.meaning))
    var logFormat: String?
    @Option(name: .customLong("config"), help: "YAML file of settings (default: $PLANREVIEW_CONFIG, else worker.yaml in the Config directory).")
    var configFile: String?
    @Flag(help: "Print the effective configuration as YAML, with the source of each value, and exit.")
    var printConfig = false
    @Flag(help: "Print the effective configuration as JSON and exit.")
    var printConfigJson = false

    /// The flags that were given, as the top layer of the configuration.
    var flagValues: [AbsoluteConfigKey: ConfigValue] {
        WorkerSettings.flagValues([
            (.amqpURLs, amqpURLs.isEmpty ? nil : .stringArray(amqpURLs)),
            (.amqpPasswordFile, amqpPasswordFile.map(ConfigContent.string)),
            (.consumers, consumers.map(ConfigContent.int)),
            (.prefetch, prefetch.map(ConfigContent.int)),
            (.prefix, prefix.map(ConfigContent.string)),
            (.declare, declare.map(ConfigContent.bool)),
            (.retryDelays, retryDelays.map { .doubleArray($0.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }) }),
            (.deliveryLimit, deliveryLimit.map(ConfigContent.int)),
            (.workerId, workerId.map(ConfigContent.string)),
            (.shutdownDeadline, shutdownDeadline.map(ConfigContent.double)),
            (.configDir, configDir.map(ConfigContent.string)),
            (.metricsHost, metricsHost.map(ConfigContent.string)),
            (.metricsPort, metricsPort.map(ConfigContent.int)),
            (.logLevel, logLevel.map(ConfigContent.string)),
            (.logFormat, logFormat.map(ConfigContent.string)),
        ])
    }

    func validate() throws {
        if let retryDelays, retryDelays.split(separator: ",").contains(where: { Double($0.trimmingCharacters(in: .whitespaces)) == nil }) {
            throw ValidationError("--retry-delays takes seconds separated by commas, e.g. 1,10,60")
        }
        // Ranges are checked on the merged values (a file or the environment can be wrong too).
    }

    func run() async throws {
        let settings: WorkerSettings
        do {
            settings = try await WorkerSettings.load(
                flags: flagValues, configFile: configFile, locateConfigDirectory: { ReviewConfiguration.locateConfigDirectory() })
        } catch {
            throw ValidationError("configuration: \(error.description)")
        }
        if printConfig || printConfigJson {
            print(printConfigJson ? try settings.printableJSON() : settings.printableYAML())
            return
        }

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
            throw ValidationError("no Config directory found; pass --config-dir or set PLANREVIEW_CONFIG_DIR")
        }
        let reviewer = Reviewer(configuration: try ReviewConfiguration.load(configDirectory: directory))
        let workerConfiguration = settings.worker
        let worker = ReviewWorkerService(configuration: workerConfiguration, reviewer: reviewer, logger: logger)
        // The group stops services in reverse order: consumers first, the endpoint last, so metrics and
        // probes answer while the consumers drain.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        if settings.metricsPort != 0 {
            services.append(.init(service: ObservabilityEndpoint(host: settings.metricsHost, port: settings.metricsPort, registry: registry, worker: worker, logger: logger)))
        }
        services.append(.init(service: worker))
        let group = ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        do {
            try await group.run()
        } catch let error as ReviewWorkerError where error.code == .reviewOverran {
            // The stuck consumer thread cannot be joined: exit at once, EX_SOFTWARE (sysexits.h), so a
            // supervisor restarts the worker and the broker redelivers the job.
            logger.critical("worker stopped: \(error)")
            throw ExitCode(70)
        }
    }
}
