import ArgumentParser
import Foundation
import PlanReviewOps
import ReviewWorker

/// `planreview-bench`: the benchmark side of planreview (Scripts/bench, docs/BENCHMARKS.md), kept out
/// of the operator CLI and the service.
///
/// `preload` fills the jobs queue with N distinct jobs, `collect` drains the results queue and
/// measures throughput and end-to-end latency, `echo-worker` runs the worker with an echo review
/// (the ceiling: the same AMQP work without decode, review and encode), `worker` runs the worker
/// process with test hooks (`--trap-job-id`, `--echo`), `open-loop` publishes at a fixed rate and
/// measures latency at that load, `micro` times decode + review + encode per job, `hostile` the time
/// and peak memory of each generated hostile body.
@main
struct PlanReviewBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "planreview-bench",
        abstract: "Benchmarks: preload jobs, collect results with latencies, echo worker, open-loop publisher, microbenchmark.",
        version: PlanReviewVersion.current,
        subcommands: [
            LoadPreloadCommand.self, LoadCollectCommand.self, LoadEchoWorkerCommand.self, LoadWorkerCommand.self, LoadOpenLoopCommand.self,
            LoadCleanupCommand.self, BenchCommand.self, HostileCommand.self,
        ]
    )

    /// ArgumentParser's `main`, with the environment checked once the arguments parse (so --help and
    /// --version still answer): an unknown `PLANREVIEW_*` name is an error naming the nearest known one.
    static func main() async { await main(checkingEnvironment: EnvironmentName.unknownNamesProblem(in:)) }
}
