import AMQP
import ArgumentParser
import Foundation
import Logging
import PlanReview
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
            Broker addresses come from --amqp-url (repeatable: a cluster's nodes, tried in turn), else AMQP_URL
            (comma-separated), else amqp://guest:guest@127.0.0.1:5672/%2F. AMQP_PASSWORD_FILE replaces the
            password of every URL with the file's content, so no secret sits in a process list.
            Stops gracefully on SIGTERM/SIGINT: stops consuming, answers and acks what it holds, exits 0.
            """
    )

    @Option(name: .customLong("amqp-url"), help: "Broker URL (amqp:// or amqps://); repeat for a cluster.")
    var amqpURLs: [String] = []
    @Option(help: "Consumer threads, each with its own connection (default: CPU cores).")
    var consumers: Int?
    @Option(help: "Unacked jobs per consumer (basic.qos prefetch and pipelining window).")
    var prefetch: Int = 64
    @Option(help: "Prefix of every exchange and queue name.")
    var prefix: String = "planreview"
    @Flag(inversion: .prefixedNo, help: "Declare the topology at start.")
    var declare: Bool = true
    @Option(help: "Worker id in results and logs (default: <host>-<pid>).")
    var workerId: String?
    @Option(help: "Seconds in-flight jobs get to finish on shutdown.")
    var shutdownDeadline: Double = 10
    @Option(help: "Directory with municipalities.json and rulesets/ (default: located automatically).")
    var configDir: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = ProcessInfo.processInfo.environment["PLANREVIEW_LOG_LEVEL"] ?? "info"
    @Flag(help: .hidden) var reviewProbe = false

    func validate() throws {
        if let consumers, consumers < 1 { throw ValidationError("--consumers must be at least 1") }
        if !(1...65_535).contains(prefetch) { throw ValidationError("--prefetch must be 1...65535") }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("unknown --log-level \(logLevel)") }
    }

    func run() async throws {
        if reviewProbe { return try probe() }
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardOutput(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "planreview.worker")

        var configuration = WorkerConfiguration()
        configuration.brokers = try BrokerAddresses.resolve(flags: amqpURLs)
        if let consumers { configuration.consumers = consumers }
        configuration.prefetch = prefetch
        configuration.topology.prefix = prefix
        configuration.declareTopology = declare
        if let workerId { configuration.workerId = workerId }
        configuration.shutdownDeadlineSeconds = shutdownDeadline
        configuration.testTrapJobId = ProcessInfo.processInfo.environment["PLANREVIEW_TEST_TRAP_JOB_ID"]

        guard let directory = configDir ?? ReviewConfiguration.locateConfigDirectory() else {
            throw ValidationError("no Config directory found; pass --config-dir or set PLANREVIEW_CONFIG_DIR")
        }
        let reviewer = Reviewer(configuration: try ReviewConfiguration.load(configDirectory: directory))
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            configuration.reviewProbe = ReviewProbe(
                executablePath: executable, arguments: ["--review-probe", "--config-dir", directory],
                deadlineSeconds: configuration.reviewDeadlineSeconds)
        }

        let worker = ReviewWorkerService(configuration: configuration, reviewer: reviewer, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: worker)],
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
