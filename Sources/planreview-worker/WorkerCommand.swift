import AMQP
import ArgumentParser
import Configuration
import Foundation
import Logging
import Metrics
import PlanReview
import Prometheus
import ReviewWorker
import ServiceLifecycle
import UnixSignals

/// `planreview-worker`: consumes plan-review jobs from RabbitMQ and publishes their results.
@main
struct WorkerCommand: AsyncParsableCommand {
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
    @Option(name: .customLong("amqp-url"), help: "Broker URL (amqp:// or amqps://); repeat for a cluster.")
    var amqpURLs: [String] = []
    @Option(name: .customLong("amqp-password-file"), help: "File with the broker password (replaces the URLs' password).")
    var amqpPasswordFile: String?
    @Option(help: "Consumer threads, each with its own connection (default: CPU cores).")
    var consumers: Int?
    @Option(help: "Unacked jobs per consumer (basic.qos prefetch and pipelining window; default 64).")
    var prefetch: Int?
    @Option(help: "Prefix of every exchange and queue name (default planreview).")
    var prefix: String?
    @Flag(inversion: .prefixedNo, help: "Declare the topology at start (default on).")
    var declare: Bool?
    @Option(help: "Seconds each retry queue holds a job, comma-separated (default 1,10,60).")
    var retryDelays: String?
    @Option(help: "Redeliveries of a job before the jobs queue dead-letters it (default 5).")
    var deliveryLimit: Int?
    @Option(help: "Worker id in results and logs (default: <host>-<pid>).")
    var workerId: String?
    @Option(help: "Seconds in-flight jobs get to finish on shutdown (default 10).")
    var shutdownDeadline: Double?
    @Option(help: "Directory with municipalities.json and rulesets/ (default: located automatically).")
    var configDir: String?
    @Option(help: "Address of the metrics endpoint (default 0.0.0.0, for containers; 127.0.0.1 keeps it local).")
    var metricsHost: String?
    @Option(help: "Port of /metrics, /healthz, /readyz (default 9464; 0 turns the endpoint off).")
    var metricsPort: Int?
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default info).")
    var logLevel: String?
    @Option(help: "Log format: json (one object per line) or text (default json).")
    var logFormat: String?
    @Option(name: .customLong("config"), help: "YAML file of settings (default: $PLANREVIEW_CONFIG, else worker.yaml in the Config directory).")
    var configFile: String?
    @Flag(help: "Print the effective configuration as YAML, with the source of each value, and exit.")
    var printConfig = false
    @Flag(help: "Print the effective configuration as JSON and exit.")
    var printConfigJson = false
    /// Internal: run as a review probe (ReviewProbe), not as a worker.
    @Flag(help: .hidden) var reviewProbe = false

    /// The flags that were given, as configuration keys (the top layer).
    var flagValues: [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        func set(_ key: String, _ content: ConfigContent?, secret: Bool = false) {
            if let content { values[AbsoluteConfigKey(ConfigKey(key))] = ConfigValue(content, isSecret: secret) }
        }
        set("amqp.urls", amqpURLs.isEmpty ? nil : .stringArray(amqpURLs), secret: true)
        set("amqp.passwordFile", amqpPasswordFile.map(ConfigContent.string))
        set("consumers", consumers.map(ConfigContent.int))
        set("prefetch", prefetch.map(ConfigContent.int))
        set("prefix", prefix.map(ConfigContent.string))
        set("declare", declare.map(ConfigContent.bool))
        set("retryDelays", retryDelays.map { .doubleArray($0.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }) })
        set("deliveryLimit", deliveryLimit.map(ConfigContent.int))
        set("workerId", workerId.map(ConfigContent.string))
        set("shutdownDeadline", shutdownDeadline.map(ConfigContent.double))
        set("configDir", configDir.map(ConfigContent.string))
        set("metrics.host", metricsHost.map(ConfigContent.string))
        set("metrics.port", metricsPort.map(ConfigContent.int))
        set("log.level", logLevel.map(ConfigContent.string))
        set("log.format", logFormat.map(ConfigContent.string))
        return values
    }

    func validate() throws {
        if let retryDelays, retryDelays.split(separator: ",").contains(where: { Double($0.trimmingCharacters(in: .whitespaces)) == nil }) {
            throw ValidationError("--retry-delays takes seconds separated by commas, e.g. 1,10,60")
        }
        // Ranges are checked on the merged values (a file or the environment can be wrong too).
    }

    func run() async throws {
        if reviewProbe { return try probe() }
        let settings: WorkerSettings
        do {
            settings = try await WorkerSettings.load(flags: flagValues, configFile: configFile)
        } catch let invalid as WorkerSettings.Invalid {
            throw ValidationError("configuration: \(invalid.description)")
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
        var workerConfiguration = settings.worker
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            workerConfiguration.reviewProbe = ReviewProbe(
                executablePath: executable, arguments: ["--review-probe", "--config-dir", directory],
                deadlineSeconds: workerConfiguration.reviewDeadline.seconds)
        }

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
        try await group.run()
    }

    /// `--review-probe` (ReviewProbe): reviews the job on stdin with the envelope from the environment
    /// and exits 0; a job that crashes or hangs the review shows as this process's signal or deadline.
    private func probe() throws {
        guard let directory = configDir ?? ReviewConfiguration.locateConfigDirectory() else {
            throw ValidationError("no Config directory found; pass --config-dir or set PLANREVIEW_CONFIG_DIR")
        }
        let reviewer = Reviewer(configuration: try ReviewConfiguration.load(configDirectory: directory))
        let body = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        let envelope = ReviewProbe.Environment.envelope()
        if let trap = ProcessInfo.processInfo.environment["PLANREVIEW_TEST_TRAP_JOB_ID"], envelope.messageId == trap {
            fatalError("test trap: job \(trap) crashes the review (PLANREVIEW_TEST_TRAP_JOB_ID)")
        }
        _ = reviewer.review(body: body, envelope: envelope)
    }
}
