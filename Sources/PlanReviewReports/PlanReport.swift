import PlanReview
import PlanReviewContract
import Foundation

/// A review result prepared for people: the verdict, the rules to fix grouped by CAPF pillar
/// with their titles from the ruleset, and the pathway's key figures. Rendered as text
/// (`text(width:)`), Markdown (`markdown()`) or one self-contained HTML page with an SVG chart
/// (`html()`), in the result's language.
///
/// Reports are for the CLI and for council papers, not the worker's hot path.
public struct PlanReport: Sendable {
    public let result: ReviewResult
    /// For rule titles, CAPF items and benchmark labels; without it the rule ids stand in.
    public let ruleset: Ruleset?
    /// The plan's own title (`plan.title` of the job), if known.
    public let planTitle: String?
    /// The job's `plan.actions`, for the actions table: a result carries only their sums by
    /// sector (`pathway.sectorContributions`), so without the job the report shows those.
    public let actions: [MitigationAction]?
    /// The review date, ISO 8601 (`2026-03-14`). A result has no date of its own (`worker` and
    /// `timings` name the worker and durations, not a time), so the caller passes it: the CLI
    /// passes today, or `--date`.
    public let generatedAt: String?
    /// The 2030 gap of a `summary` result, whose pathway the report does not draw.
    let summaryGap2030Tco2e: Double?

    public init(result: ReviewResult, ruleset: Ruleset?, planTitle: String? = nil, actions: [MitigationAction]? = nil, generatedAt: String? = nil) {
        var result = result
        summaryGap2030Tco2e = result.detail == .summary ? result.pathway?.gap2030Tco2e : nil
        // A `summary` result has the gap but not the series the tables and the chart draw: the
        // report shows its verdict and scores without a pathway.
        if let p = result.pathway, [p.targetTco2e, p.plannedTco2e, p.businessAsUsualTco2e, p.gapTco2e].contains(where: { $0.count != p.years.count }) {
            result.pathway = nil
        }
        self.result = result
        self.ruleset = ruleset
        self.planTitle = planTitle
        self.actions = actions
        self.generatedAt = generatedAt
    }

    /// `plan.actions` of a job body, for the actions table; nil when the body has none that decode
    /// (a rejected job's actions are not shown).
    public static func actions(inJob body: [UInt8]) -> [MitigationAction]? {
        struct Body: Decodable {
            struct Plan: Decodable { var actions: [MitigationAction]? }
            var plan: Plan?
        }
        return (try? JSONDecoder().decode(Body.self, from: Data(body)))?.plan?.actions
    }

    /// "Gennemgået 14. marts 2026" / "Reviewed 14 March 2026", with the worker when the result
    /// names one; nil without a date.
    var reviewedLine: String? {
        guard let generatedAt else { return nil }
        let date = ReportText.longDate(generatedAt, language)
        guard let worker = result.worker else { return "\(term(.reviewedOn)) \(date)" }
        return "\(term(.reviewedOn)) \(date) \(term(.byWorker)) \(worker.id) (\(worker.version))"
    }

    public var language: Language { result.language }

    func term(_ term: ReportText.Term) -> String { ReportText.term(term, language) }

    /// The rule's title from the ruleset (else its id).
    func title(_ rule: RuleResult) -> String {
        ruleset?.rule(rule.id)?.title.text(language) ?? rule.id
    }

    func capfTitle(_ rule: RuleResult) -> String {
        CAPFItem(rawValue: rule.capf).map { "\(rule.capf) \($0.title.text(language))" } ?? rule.capf
    }

    static let pillars = ["1", "2", "3"]

    func pillarHeading(_ pillar: String) -> String {
        "\(term(.pillar)) \(pillar): \(CAPFItem.pillarTitle(pillar).text(language))"
    }

    /// Rules with one of `statuses`, essential before recommended, grouped by pillar (empty
    /// pillars left out).
    func grouped(_ statuses: [RuleStatus]) -> [(pillar: String, rules: [RuleResult])] {
        Self.pillars.compactMap { pillar in
            let rules = result.rules.filter { $0.pillar == pillar && statuses.contains($0.status) }
                .enumerated().sorted { a, b in
                    a.element.severity == b.element.severity ? a.offset < b.offset : a.element.severity == .essential
                }.map(\.element)
            return rules.isEmpty ? nil : (pillar, rules)
        }
    }

    func count(_ status: RuleStatus, essential: Bool? = nil) -> Int {
        result.rules.filter { r in r.status == status && (essential.map { e in (r.severity == .essential) == e } ?? true) }.count
    }

    var verdictTitle: String { ReportText.verdict(result.status, language) }

    var verdictExplanation: String {
        if result.detail == .summary {
            return term(.summaryOnly) + (summaryGap2030Tco2e.map { " \(term(.gap)) 2030: \(tonnes($0)) t." } ?? "")
        }
        return ReportText.verdictExplanation(
            result.status, failedEssential: count(.fail, essential: true), incompleteEssential: count(.incomplete, essential: true),
            warned: count(.warn), language)
    }

    var municipalityText: String {
        result.municipality.map { "\($0.name) (\($0.code))" } ?? "–"
    }

    var rulesetText: String {
        "\(result.ruleset.id) \(result.ruleset.version ?? "?")" + (ruleset?.title.map { " – \($0.text(language))" } ?? "")
    }

    /// Years shown in the figures tables: the base year, every fifth year to the end, the
    /// net-zero target year.
    func keyYears(_ p: Pathway) -> [Int] {
        var years: [Int] = [p.baseYear]
        for y in stride(from: 2025, through: p.years.last ?? p.baseYear, by: 5) where y > p.baseYear { years.append(y) }
        if let nz = p.netZeroTargetYear, !years.contains(nz), p.years.contains(nz) { years.append(nz) }
        return years.sorted()
    }

    func tonnes(_ value: Double) -> String { NumberText.grouped(Int64(clamping: value), language) }
    func percent(_ value: Double) -> String { NumberText.oneDecimal(value, language) + " %" }
    /// The calendar year a fractional year falls in (2046.2 → 2046: 95 % of the budget is used
    /// during 2046); a reader plans in whole years.
    func wholeYear(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "–" }
        return String(Int(clamping: Int64(value.rounded(.down))))
    }

    /// The benchmark's short name from the ruleset ("Klimaloven", "Rockströms reduktionstakt"), else its id.
    func benchmarkLabel(_ b: BenchmarkResult) -> String {
        ruleset?.benchmarks.first { $0.id == b.id }?.label?.text(language) ?? b.id
    }

    /// The benchmark's full title: from the ruleset (a `standard` result carries none), else the
    /// result's own (`full`), else the label.
    func benchmarkTitle(_ b: BenchmarkResult) -> String {
        ruleset?.benchmarks.first { $0.id == b.id }?.title.text(language) ?? (b.title.isEmpty ? benchmarkLabel(b) : b.title)
    }

    /// A benchmark point as an absolute figure: the reference year's total less the benchmark's
    /// reduction; nil without the reference total.
    func benchmarkTonnes(_ b: BenchmarkResult, _ p: Pathway) -> Double? {
        guard let reference = p.referenceTotals.first(where: { $0.year == b.referenceYear }) else { return nil }
        return reference.tco2e * (1 - b.reductionPercent / 100)
    }

    /// The benchmark judged by the planned pathway (what the actions deliver), shown first; the
    /// target line's comparison beside it (issue 12: a target that meets Klimaloven does not make
    /// a plan whose actions reach 58 % "opfyldt").
    func benchmarkVerdictPlanned(_ b: BenchmarkResult) -> String {
        switch b.metByPlanned {
        case true?: term(.met)
        case false?: term(.notMet)
        case nil: term(.notEvaluated)
        }
    }

    /// The manko, compensation and excluded actions, as lines for every report format: the
    /// plan's stated manko beside the computed gap, else the computed gap in 2030.
    var mankoLines: [String] {
        guard let p = result.pathway else { return [] }
        var lines: [String] = []
        if let m = p.mankoStated {
            let handling = m.handling.map { ReportText.handling($0, language) }.joined(separator: ", ")
            lines.append("\(term(.statedManko)): \(tonnes(m.tco2e)) t \(language == .da ? "i" : "in") \(m.year) (\(term(.computedGap)): \(m.computedGapTco2e.map { tonnes($0) + " t" } ?? "–"))"
                + (handling.isEmpty ? "" : "; \(term(.handling)): \(handling)"))
        } else if let gap = p.gap2030Tco2e, gap > 0 {
            lines.append("\(term(.noMankoStated)) 2030: \(tonnes(gap)) t")
        } else if let gap = p.gap2030Tco2e {
            lines.append(language == .da
                ? "Ingen manko i 2030: det planlagte forløb ligger \(tonnes(-gap)) t under målet"
                : "No gap in 2030: the planned pathway is \(tonnes(-gap)) t below the target")
        }
        if let year = p.netZeroTargetYear, let residual = p.gapNetZeroYearTco2e, residual > 0 {
            lines.append(language == .da
                ? "Restudledning i netto-nul-året \(year): \(tonnes(residual)) t"
                : "Residual emissions in the net-zero year \(year): \(tonnes(residual)) t")
        }
        if let i = p.years.firstIndex(of: PathwayCalculator.milestoneYear), i < p.compensationTco2e.count, p.compensationTco2e[i] > 0 {
            lines.append("\(term(.compensation)) 2030: \(tonnes(p.compensationTco2e[i])) t")
        }
        if !p.excludedActions.isEmpty {
            lines.append("\(term(.excludedActions)): " + p.excludedActions.map { "\($0.id) (\(ReportText.exclusion($0.reason, language)))" }.joined(separator: ", "))
        }
        return lines
    }

    func benchmarkVerdict(_ b: BenchmarkResult) -> String {
        switch b.met {
        case true?: term(.met)
        case false?: term(.notMet)
        case nil: term(.notEvaluated)
        }
    }

    var netZeroText: String? {
        guard let p = result.pathway else { return nil }
        return p.netZeroYearPlanned.map(String.init) ?? "\(term(.notReached)) \(p.years.last ?? p.baseYear)"
    }
}
