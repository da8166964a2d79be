import ArgumentParser
import Foundation
import PlanReview

/// `planreview review FILE`: review a job file locally, no broker.
///
/// `--format json` prints the result's exact bytes (compact, sorted keys: what the worker
/// publishes, without worker/timings); `--format text` a short summary. Exit status: 0 for
/// compliant, non_compliant and incomplete; 2 for rejected; 1 for usage or configuration errors.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "review", abstract: "Review a job file locally (no broker needed).")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, text
    }

    @Argument(help: "A job JSON file.") var file: String
    @Option(help: "Output: json (the result's exact bytes) or text (a summary).") var format: Format = .json
    @Option(help: "Language of the result's texts (da or en); overrides the job's `language`.") var lang: String?
    @Option(help: "The Config directory (default: $PLANREVIEW_CONFIG_DIR, ./Config, upwards from the executable, /etc/planreview).")
    var config: String?

    func run() async throws {
        // Checked here rather than in validate(): a usage problem exits with 1 (ArgumentParser's
        // own parse errors exit with 64).
        if let lang, Language(rawValue: lang) == nil { throw CLIError("--lang must be da or en") }
        guard let directory = config ?? ReviewConfiguration.locateConfigDirectory() else {
            throw CLIError("no Config directory found (set PLANREVIEW_CONFIG_DIR or pass --config)")
        }
        let configuration: ReviewConfiguration
        do { configuration = try ReviewConfiguration.load(configDirectory: directory) } catch { throw CLIError("\(error)") }
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("cannot read \(file)") }
        var body = [UInt8](data)
        if let lang { body = Self.overridingLanguage(body, lang) }
        let result = Reviewer(configuration: configuration).review(body: body)
        switch format {
        case .json:
            var bytes = result.jsonBytes()
            bytes.append(0x0A)
            FileHandle.standardOutput.write(Data(bytes))
        case .text:
            print(Self.summary(result))
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

    static func summary(_ r: ReviewResult) -> String {
        var lines: [String] = []
        let municipality = r.municipality.map { "\($0.code) \($0.name)" } ?? "unknown municipality"
        lines.append("\(r.status.rawValue.uppercased())  job \(r.jobId.isEmpty ? "(no id)" : r.jobId)  \(municipality)  ruleset \(r.ruleset.id) \(r.ruleset.version ?? "?")")
        if let errors = r.errors {
            lines.append("\(errors.count) problem(s):")
            for e in errors { lines.append("  \(e.pointer.isEmpty ? "(body)" : e.pointer): \(e.reason) [\(e.code.rawValue)]") }
        }
        if let p = r.pathway {
            func t(_ v: Double?) -> String { v.map { String(format: "%.1f", $0) } ?? "n/a" }
            lines.append("Pathway \(p.baseYear)-\(p.years.last ?? p.baseYear): baseline \(t(p.baselineTco2e)) tCO2e, BAU \(p.bauSource.rawValue)")
            for year in Set([2030, 2040, 2050, p.netZeroTargetYear].compactMap({ $0 })).sorted() where p.years.contains(year) {
                let i = year - p.baseYear
                lines.append("  \(year): target \(t(p.targetTco2e[i]))  planned \(t(p.plannedTco2e[i]))  BAU \(t(p.businessAsUsualTco2e[i]))  gap \(t(p.gapTco2e[i]))")
            }
            lines.append("  net zero planned: \(p.netZeroYearPlanned.map(String.init) ?? "not by \(p.years.last ?? 0)"); actions cover \(p.actionsShareOf2030Reduction.map { String(format: "%.1f %%", $0 * 100) } ?? "n/a") of the 2030 reduction")
            for b in p.benchmarks {
                let verdict = b.met.map { $0 ? "met" : "NOT met" } ?? "n/a (\(b.reason ?? ""))"
                lines.append("  benchmark \(b.id) \(b.year) vs \(b.referenceYear): \(t(b.reductionPercent)) % required, plan \(t(b.planReductionPercent)) %: \(verdict)")
            }
            if let budget = p.budget {
                lines.append("  budget \(t(budget.budgetTco2e)) tCO2e from \(budget.fromYear): rate \(String(format: "%.2f", budget.annualReductionRate * 100)) %/yr, 95 % used \(t(budget.year95PercentUsed)), planned \(t(budget.plannedCumulativeTco2e)) to \(budget.toYear), overshoot \(t(budget.overshootTco2e)), exhausted \(budget.yearExhaustedUnderPlan.map(String.init) ?? "not by 2100")")
            }
            for note in p.notes { lines.append("  note: \(note.message)") }
        }
        if !r.rules.isEmpty {
            lines.append("Rules: \(r.rules.filter { $0.status == .pass }.count) pass, \(r.rules.filter { $0.status == .fail }.count) fail")
        }
        if let s = r.scores { lines.append("Score \(s.overall) (pillars \(s.pillars.pillar1) / \(s.pillars.pillar2) / \(s.pillars.pillar3))") }
        lines.append("contentHash \(r.contentHash ?? "none")")
        return lines.joined(separator: "\n")
    }
}

/// A usage or configuration problem: message on stderr, exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
