import AMQP
import ArgumentParser
import Foundation
import Logging
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewOps
import PlanReviewResources
import PlanReviewTestKit
import ReviewWorker
import ServiceLifecycle

struct LoadEchoWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo-worker",
        abstract: "The worker with echo mode: consume, publish a precomputed typical result, ack after confirms (no decode/review/encode).",
        discussion: """
            The benchmark's ceiling: ReviewWorkerService with an EchoReviewer (PlanReviewTestKit), so connection,
            prefetch, confirms and acks are the worker's own. The result is that of --job (Scripts/bench passes the job it
            preloads), else of a generated job (seed 1, Holbæk, 30 actions), as large as a real one. Metrics are not exported (no backend). SIGTERM/SIGINT stop
            it gracefully.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Unacked jobs per consumer (basic.qos prefetch).") var prefetch: Int = 64
    @Option(help: "Consumer threads, each with its own connection.") var consumers: Int = 1
    @Option(name: [.customLong("config"), .customLong("config-dir")], help: ArgumentHelp("The Config directory (default: located as for `review`).", valueName: "dir")) var configDir: String?
    @Option(help: "Answer with the result of this job file (default: a generated 30-action job).") var job: String?
    @Option(help: "Worker id in results and logs.") var workerId: String = "echo-\(ProcessInfo.processInfo.processIdentifier)"
    @Flag(inversion: .prefixedNo, help: "Coalesce writes (WorkerConfiguration.coalesceWrites; for A/B measurements).") var coalesceWrites = true

    func validate() throws {
        guard (1...65_535).contains(prefetch) else { throw ValidationError("--prefetch must be 1...65535") }
        guard consumers >= 1 else { throw ValidationError("--consumers must be at least 1") }
    }

    func run() async throws {
        guard let directory = configDir ?? ReviewConfiguration.locateConfigDirectory() else {
            throw CLIError("no Config directory found (set PLANREVIEW_CONFIG_DIR or pass --config DIR)")
        }
        let reviewer = Reviewer(configuration: try ReviewConfiguration.load(configDirectory: directory))

        var configuration = WorkerConfiguration()
        configuration.brokers = try BrokerAddresses.resolve(flags: connection.amqpURLs)
        configuration.consumers = consumers
        configuration.prefetch = prefetch
        configuration.topology = connection.topology
        configuration.workerId = workerId
        configuration.coalesceWrites = coalesceWrites
        var result = Self.typicalResult(reviewer)
        if let job {
            guard let data = FileManager.default.contents(atPath: job) else { throw CLIError("cannot read \(job)") }
            result = reviewer.review(body: [UInt8](data))
        }
        let reply = EchoReply(result: result, worker: WorkerInfo(id: workerId, version: PlanReviewVersion.current))

        let logger = Logger(label: "planreview.echo-worker")
        let service = ReviewWorkerService(configuration: configuration, review: EchoReviewer(reply: reply), logger: logger)
        // Graceful stop on SIGTERM/SIGINT: cancelling run() stops the consumers, which drain and close.
        let task = Task { try await service.run() }
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            sources.append(source)
        }
        try await task.value
        sources.forEach { $0.cancel() }
    }

    /// The result of a generated job (seed 1, Holbæk, 30 actions): what the echo answers, a real result's size.
    static func typicalResult(_ reviewer: Reviewer) -> ReviewResult {
        var generator = SampleGenerator(seed: 1)
        let municipalities = reviewer.configuration.municipalities
        let municipality = municipalities[316] ?? municipalities.all[0]
        return reviewer.review(body: SampleGenerator.jsonBytes(generator.job(for: municipality, actions: 30)))
    }
}
