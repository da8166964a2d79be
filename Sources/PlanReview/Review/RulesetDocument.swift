import PlanReviewContract

/// The ruleset's metadata once, for readers of lean results (`planreview ruleset`): what a
/// `standard` or `summary` result refers to by id and leaves out (each benchmark's title and
/// source, each rule's title and CAPF item), in Danish and English. A result names its ruleset
/// by `ruleset {id, version}`; this document carries the same pair, so a reader knows it has the
/// right one. docs/CONTRACT.md ("The ruleset document") and docs/DECISIONS.md say why by reference
/// and not on the results exchange.
public struct RulesetDocument: Sendable, Codable, Equatable {
    public var schema = "planreview.ruleset/v1"
    public var id: String
    public var version: String
    public var date: String
    public var source: String
    public var title: LocalizedText?
    public var benchmarks: [Benchmark]
    public var rules: [Rule]

    public struct Benchmark: Sendable, Codable, Equatable {
        public var id: String
        public var label: LocalizedText
        public var title: LocalizedText
        public var source: String
        /// nil: measured from the plan's inventory base year.
        public var referenceYear: Int?
        public var points: [BenchmarkPoint]?
        public var annualReductionPercent: Double?
        public var years: [Int]?
    }

    public struct Rule: Sendable, Codable, Equatable {
        public var id: String
        public var capf: String
        public var capfTitle: LocalizedText
        public var pillar: String
        public var severity: RuleSeverity
        public var weight: Double
        public var title: LocalizedText
    }

    public init(_ ruleset: Ruleset) {
        id = ruleset.id
        version = ruleset.version
        date = ruleset.date
        source = ruleset.source
        title = ruleset.title
        benchmarks = ruleset.benchmarks.map { b in
            Benchmark(
                id: b.id, label: b.label ?? LocalizedText(da: b.id, en: b.id), title: b.title, source: b.source,
                referenceYear: b.referenceYear, points: b.points, annualReductionPercent: b.annualReductionPercent, years: b.years)
        }
        rules = ruleset.rules.map { r in
            Rule(
                id: r.id, capf: r.capf.rawValue, capfTitle: r.capf.title, pillar: r.pillar, severity: r.severity,
                weight: r.weight ?? 1, title: r.title)
        }
    }
}
