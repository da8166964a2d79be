import ArgumentParser
import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewResources
import PlanReviewTestKit
import ReviewWorker
import ReviewWorkerRuntime

/// `planreview-bench worker`: the same worker process as planreview-worker (WorkerRuntime: settings,
/// logs, metrics endpoint, ServiceGroup, every flag), with test and benchmark reviews that the service
/// does not carry: `--trap-job-id ID` crashes the process on that job (the fault tests' poison job),
/// `--echo` answers every job with one precomputed result.
struct LoadWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "planreview-worker with test hooks: --trap-job-id (crash on that job), --echo (a fixed result).",
        discussion: "Takes every flag of planreview-worker; PlanReviewTestKit's WorkerProcesses starts it when a test asks for a trap."
    )

    @OptionGroup var options: WorkerOptions
    @Option(help: "A job with this message id crashes the process (fatalError), in the worker and in its probe.") var trapJobId: String?
    @Flag(help: "Answer every job with the result of a typical generated job (no decode, review or encode).") var echo = false
    /// Internal: run as a review probe (ReviewProbe) with the same trap.
    @Flag(help: .hidden) var reviewProbe = false

    func run() async throws {
        if reviewProbe { return try probe() }
        let trap = trapJobId, echo = echo
        try await WorkerRuntime.run(
            options,
            assembly: WorkerRuntime.Assembly(
                review: { reviewer, worker in
                    var review: any JobReviewing = PlanJobReviewer(reviewer: reviewer, worker: worker)
                    if echo { review = EchoReviewer(reply: EchoReply(result: LoadEchoWorkerCommand.typicalResult(reviewer), worker: worker)) }
                    if let trap { review = TrapReviewer(base: review, jobId: trap) }
                    return review
                },
                probe: { directory, configuration in
                    WorkerRuntime.probeOfThisExecutable(
                        arguments: ["worker", "--review-probe"] + (trap.map { ["--trap-job-id", $0] } ?? []), configDirectory: directory,
                        configuration: configuration)
                }))
    }

    private func probe() throws {
        guard let directory = options.configDir ?? ReviewConfiguration.locateConfigDirectory() else {
            throw ValidationError("no Config directory found; pass --config-dir or set PLANREVIEW_CONFIG_DIR")
        }
        let reviewer = Reviewer(configuration: try ReviewConfiguration.load(configDirectory: directory))
        let envelope = ReviewProbe.Environment.envelope()
        if let trapJobId, envelope.messageId == trapJobId {
            fatalError("test trap: job \(trapJobId) crashes the review (planreview-bench worker --trap-job-id)")
        }
        _ = reviewer.review(body: [UInt8](FileHandle.standardInput.readDataToEndOfFile()), envelope: envelope)
    }
}
