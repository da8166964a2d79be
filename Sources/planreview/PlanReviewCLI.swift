import ArgumentParser
import Foundation
import ReviewWorker
import PlanReviewContract
import PlanReviewOps

/// `planreview`: review plans locally, submit them to the queue, inspect the queues.
@main
struct PlanReviewCLI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "planreview",
        abstract: "Review Danish municipal climate action plans (DK2020 / C40 CAPF), locally or through RabbitMQ.",
        version: PlanReviewVersion.current,
        subcommands: [
            ReviewCommand.self,
            ReportCommand.self,
            SchemaCommand.self,
            RulesetCommand.self,
            SamplesCommand.self,
            SubmitCommand.self,
            ResultsCommand.self,
            TopologyCommand.self,
            StatsCommand.self,
            MonitorCommand.self,
            DLQCommand.self,
            OverviewCommand.self,
        ]
    )

    /// ArgumentParser's `main`, with the environment checked once the arguments parse (so --help and
    /// --version still answer): an unknown `PLANREVIEW_*` name is an error naming the nearest known one.
    static func main() async { await main(checkingEnvironment: EnvironmentName.unknownNamesProblem(in:)) }
}
