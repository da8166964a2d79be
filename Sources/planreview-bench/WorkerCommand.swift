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
    @Option(help: "A job with this message id crashes the process (fatalError).") var trapJobId: String?
    @Flag(help: "Answer every job with the result of a typical generated job (no decode, review or encode).") var echo = false

    func run() async throws {
        let trap = trapJobId, echo = echo
        try await WorkerRuntime.run(
            options,
            assembly: WorkerRuntime.Assembly(
                review: { reviewer, worker in
                    var review: any JobReviewing = PlanJobReviewer(reviewer: reviewer, worker: worker)
                    if echo { review = EchoReviewer(reply: EchoReply(result: LoadEchoWorkerCommand.typicalResult(reviewer), worker: worker)) }
                    if let trap { review = TrapReviewer(base: review, jobId: trap) }
                    return review
                }))
    }
}
