import ArgumentParser
import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewOps
import PlanReviewReports
import PlanReviewResources

/// `planreview review FILE`: review a job file locally, no broker: a plan job or a progress job
/// (told apart by `schema`).
///
/// `--format json` prints the result's exact bytes (compact, sorted keys: what the worker
/// publishes, without worker/timings); `text` a report for the terminal (~100 columns);
/// `markdown` the same as Markdown; `html` one self-contained page with the pathway chart, for
/// a browser or a council paper. Reports are in the job's language, or `--lang`. Exit status:
/// 0 for compliant, non_compliant and incomplete; 2 for rejected; 1 for usage or configuration
/// errors.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Review a job file locally (no broker needed).",
        discussion: "Example: planreview review Config/samples/rural-thisted-afolu.json --format html > report.html")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, text, markdown, html
    }

    @Argument(help: "A job JSON file.") var file: String
    @Option(help: "Output: json (the result's exact bytes), text, markdown or html (a report).") var format: Format = .json
    @Option(help: "Language of the result's texts (da or en); overrides the job's `language`.") var lang: String?
    @Option(help: "Width of the text report in columns.") var width: Int = 100
    @Option(help: "The review date the report shows, YYYY-MM-DD (default: today).") var date: String?
    @Option(name: [.customLong("config"), .customLong("config-dir")], help: ArgumentHelp("The Config directory (default: $PLANREVIEW_CONFIG_DIR, ./Config, upwards from the executable, /etc/planreview).", valueName: "dir"))
    var config: String?

    func run() async throws {
        // Checked here rather than in validate(): a usage problem exits with 1 (ArgumentParser's
        // own parse errors exit with 64).
        if let lang, Language(rawValue: lang) == nil { throw CLIError("--lang must be da or en") }
        if width < 60 { throw CLIError("--width must be at least 60") }
        if let date, !Self.isDate(date) { throw CLIError("--date must be YYYY-MM-DD") }
        guard let directory = config ?? ReviewConfiguration.locateConfigDirectory() else {
            throw CLIError("no Config directory found (set PLANREVIEW_CONFIG_DIR or pass --config DIR)")
        }
        let configuration: ReviewConfiguration
        do { configuration = try ReviewConfiguration.load(configDirectory: directory) } catch { throw CLIError("\(error)") }
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
        var body = [UInt8](data)
        if let lang { body = Self.overridingLanguage(body, lang) }
        // Plan jobs and progress jobs (CONTRACT.md, "Progress job"): the body's `schema` decides.
        let reviewer = Reviewer(configuration: configuration)
        let parsed = reviewer.parse(body: body)
        if JobKind.of(parsed) == .progress {
            let result = ProgressReviewer(configuration: configuration).review(parsed: parsed)
            let report = ProgressReport(result: result)
            var bytes: [UInt8]
            switch format {
            case .json: bytes = result.jsonBytes() + [0x0A]
            case .text: bytes = Array(report.text(width: width).utf8)
            case .markdown: bytes = Array(report.markdown().utf8)
            case .html: bytes = Array(report.html().utf8)
            }
            FileHandle.standardOutput.write(Data(bytes))
            if result.status == .rejected { throw ExitCode(2) }
            return
        }
        let result = reviewer.review(parsed: parsed)
        switch format {
        case .json:
            var bytes = result.jsonBytes()
            bytes.append(0x0A)
            FileHandle.standardOutput.write(Data(bytes))
        case .text, .markdown, .html:
            let report = PlanReport(
                result: result, ruleset: configuration.rulesets[result.ruleset.id], planTitle: Self.planTitle(body),
                actions: PlanReport.actions(inJob: body), generatedAt: date ?? Self.today())
            let text =
                switch format {
                case .text: report.text(width: width)
                case .markdown: report.markdown()
                default: report.html()
                }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        if result.status == .rejected { throw ExitCode(2) }
    }

    /// Sets the body's top-level `language` (a job with another language is another job, with
    /// another content hash).
    static func overridingLanguage(_ body: [UInt8], _ lang: String) -> [UInt8] {
        guard var object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return body }
        object["language"] = lang
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return body }
        return [UInt8](data)
    }

    /// Today's date in UTC, YYYY-MM-DD: the review date a local review shows.
    static func today() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date())
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return parts.count == 3 && parts.map(\.count) == [4, 2, 2] && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
    }

    /// `plan.title`, for the report's heading.
    static func planTitle(_ body: [UInt8]) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        return (object?["plan"] as? [String: Any])?["title"] as? String
    }
}
