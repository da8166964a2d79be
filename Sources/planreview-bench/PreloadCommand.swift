import AMQP
import ArgumentParser
import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewOps
import PlanReviewResources
import ReviewWorker

struct LoadPreloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preload",
        abstract: "Publish N distinct jobs (persistent, confirmed in a window) to the jobs exchange.",
        discussion: """
            Declares the topology of --prefix, then publishes --count jobs built from the templates (each with its
            own jobId and message_id, header timestamp_in_ms = publish time). --format celery wraps the same job
            JSON in Celery task messages (protocol 2) for the Celery peer; their results go to <prefix>.results.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var jobs: LoadJobOptions
    @Option(help: "Jobs to publish.") var count: Int = 100_000
    @Option(help: "Unconfirmed publishes allowed at once.") var window: Int = 2_048
    @Option(help: "job or celery.") var format: LoadFormat = .job
    @Option(help: "Celery task name (with --format celery).") var celeryTask = "planreview_bench.review_gap"
    @Option(help: "Seconds to wait for the last confirms.") var timeout: Double = 120

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        guard window >= 1 else { throw ValidationError("--window must be at least 1") }
    }

    func run() throws {
        let templates = try jobs.templates()
        let amqp = try connection.connect(name: "planreview load preload")
        defer { amqp.close() }
        var publisher = try LoadPublisher(connection: amqp, topology: connection.topology, jobs: templates, format: format, window: window)
        publisher.celeryTask = celeryTask
        let started = ContinuousClock.now
        for n in 0..<count {
            try publisher.publish(n, nowMilliseconds: WallClock.milliseconds)
        }
        try publisher.awaitConfirms(seconds: timeout)
        let elapsed = started.duration(to: .now).seconds
        if publisher.confirms.nacked > 0 { throw CLIError("the broker nacked \(publisher.confirms.nacked) of \(count) jobs") }
        printErr(String(format: "preloaded %d %@ jobs to %@ in %.2f s (%.0f/s, confirmed)", count, format.rawValue, connection.topology.jobsQueue, elapsed, Double(count) / elapsed))
    }
}
