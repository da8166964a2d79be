import ArgumentParser
import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewOps
import PlanReviewResources

/// `planreview ruleset [ID] [--format json|text]`: the ruleset document, the metadata a lean result
/// refers to by id (benchmark titles and sources, rule titles and CAPF items, in da and en), read
/// from Config/rulesets. The result's `ruleset {id, version}` names the document to use.
struct RulesetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ruleset", abstract: "Print a ruleset's document: titles and sources of its rules and benchmarks.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, text
    }

    @Argument(help: "The ruleset id (a result's ruleset.id).") var id: String = "dk2020"
    @Option(help: "json (the document) or text (one line per benchmark and rule).") var format: Format = .json
    @Option(help: "Language of the text format: da or en.") var language: String = "da"
    @Option(help: "The Config directory (default: located as for `review`).") var config: String?

    func run() throws {
        guard let directory = config ?? ReviewConfiguration.locateConfigDirectory() else {
            throw CLIError("no Config directory found (set PLANREVIEW_CONFIG_DIR or pass --config)")
        }
        let configuration: ReviewConfiguration
        do { configuration = try ReviewConfiguration.load(configDirectory: directory) } catch { throw CLIError("\(error)") }
        guard let ruleset = configuration.rulesets[id] else {
            throw CLIError("unknown ruleset '\(id)' (known: \(configuration.rulesets.keys.sorted().joined(separator: ", ")))")
        }
        let document = RulesetDocument(ruleset)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(document) + Data("\n".utf8))
        case .text:
            let en = language == "en"
            var lines = ["\(document.id) \(document.version) (\(document.date))"]
            for b in document.benchmarks { lines.append("benchmark \(b.id): \(en ? b.title.en : b.title.da) [\(b.source)]") }
            for r in document.rules { lines.append("rule \(r.id) (CAPF \(r.capf), \(r.severity.rawValue)): \(en ? r.title.en : r.title.da)") }
            print(lines.joined(separator: "\n"))
        }
    }
}
