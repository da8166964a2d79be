import ArgumentParser
import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewOps
import PlanReviewReports
import PlanReviewResources

/// `planreview report RESULT.json`: the reviewer's report of a result received from the queue (or
/// written by `review --format json`, `results --json`), without reviewing the job again.
///
/// The file holds one result, or JSON lines of results (`--job-id` picks one; else the last).
/// `--job` adds what a result does not carry: the plan's title and its actions, for the actions
/// table. The date shown is `--date`, else today: the result itself has none.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Render a result (as the worker published it) as a text, markdown or HTML report.",
        discussion: "Example: planreview results --json --limit 1 > result.json && planreview report result.json --format html > report.html"
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, markdown, html
    }

    @Argument(help: "A result JSON file, or JSON lines of results.") var file: String
    @Option(help: "Output: text, markdown or html.") var format: Format = .text
    @Option(help: "The result to render when the file has several (default: the last).") var jobId: String?
    @Option(help: "Width of the text report in columns.") var width: Int = 100
    @Option(name: [.customLong("config"), .customLong("config-dir")], help: ArgumentHelp("The Config directory (default: as for `review`).", valueName: "dir")) var config: String?
    @Option(help: "The job file the result answers: adds the plan's title and its actions table.") var job: String?
    @Option(help: "The review date the report shows, YYYY-MM-DD (default: today).") var date: String?

    func run() throws {
        if width < 60 { throw CLIError("--width must be at least 60") }
        if let date, !ReviewCommand.isDate(date) { throw CLIError("--date must be YYYY-MM-DD") }
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
        // A progress result (one, or the chosen or last line with its schema) renders as a progress report.
        if let progress = Self.progressResult(in: data, jobId: jobId) {
            let report = ProgressReport(result: progress)
            let text =
                switch format {
                case .text: report.text(width: width)
                case .markdown: report.markdown()
                case .html: report.html()
                }
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        let results = try Self.results(in: data, file: file)
        let chosen = jobId.map { id in results.last { $0.jobId == id } } ?? results.last
        guard let result = chosen else { throw CLIError("no result with jobId \(jobId ?? "") in \(file)") }
        // The ruleset gives the rules' titles and the benchmarks' sources; a result of a ruleset this
        // machine lacks still renders, with the rule ids.
        let ruleset = (config ?? ReviewConfiguration.locateConfigDirectory())
            .flatMap { try? ReviewConfiguration.load(configDirectory: $0) }?.rulesets[result.ruleset.id]
        var jobBody: [UInt8]?
        if let job {
            guard let bytes = FileManager.default.contents(atPath: job) else { throw CLIError("cannot read \(job)") }
            jobBody = [UInt8](bytes)
        }
        let report = PlanReport(
            result: result, ruleset: ruleset, planTitle: jobBody.flatMap(ReviewCommand.planTitle),
            actions: jobBody.flatMap(PlanReport.actions(inJob:)), generatedAt: date ?? ReviewCommand.today())
        let text =
            switch format {
            case .text: report.text(width: width)
            case .markdown: report.markdown()
            case .html: report.html()
            }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// The progress result to render: the file's one, or among JSON lines the one with `jobId`
    /// (else the last line, when it is a progress result).
    static func progressResult(in data: Data, jobId: String?) -> ProgressResult? {
        let decoder = JSONDecoder()
        if let one = try? decoder.decode(ProgressResult.self, from: data), one.schema == ContractSchemas.progressResult { return one }
        let lines = data.split(separator: UInt8(ascii: "\n")).filter { !$0.allSatisfy { $0 == 0x20 || $0 == 0x0D } }
        let candidates = jobId == nil ? Array(lines.suffix(1)) : lines.reversed()
        for line in candidates {
            guard let r = try? decoder.decode(ProgressResult.self, from: Data(line)), r.schema == ContractSchemas.progressResult else { continue }
            if jobId == nil || r.jobId == jobId { return r }
        }
        return nil
    }

    /// One result, or JSON lines of results.
    static func results(in data: Data, file: String) throws -> [ReviewResult] {
        let decoder = JSONDecoder()
        if let one = try? decoder.decode(ReviewResult.self, from: data) { return [one] }
        var results: [ReviewResult] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
            do { results.append(try decoder.decode(ReviewResult.self, from: Data(line))) } catch {
                throw CLIError("\(file): line \(number + 1) is not a planreview result (\(Self.reason(error)))")
            }
        }
        guard !results.isEmpty else { throw CLIError("\(file) holds no planreview result") }
        return results
    }

    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context), DecodingError.dataCorrupted(let context):
            "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        default:
            "\(error)"
        }
    }
}
