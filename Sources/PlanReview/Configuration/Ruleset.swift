/// A versioned ruleset (Config/rulesets/<id>.yaml): pathway settings, benchmarks and, added by the
/// compliance work, the rules. Unknown YAML keys are ignored so that the file can grow ahead of
/// the code that reads it.
public struct Ruleset: Sendable, Codable, Equatable {
    public var id: String
    public var version: String
    /// ISO date of this version.
    public var date: String
    /// Where the ruleset comes from (DK2020 / C40 CAPF documents).
    public var source: String
    public var title: LocalizedText?
    public var pathway: PathwaySettings
    public var benchmarks: [BenchmarkDefinition]
    /// Compliance rules; empty until the compliance evaluator lands.
    public var rules: [RuleDefinition]

    public init(id: String, version: String, date: String, source: String, title: LocalizedText? = nil, pathway: PathwaySettings = PathwaySettings(), benchmarks: [BenchmarkDefinition] = [], rules: [RuleDefinition] = []) {
        self.id = id
        self.version = version
        self.date = date
        self.source = source
        self.title = title
        self.pathway = pathway
        self.benchmarks = benchmarks
        self.rules = rules
    }

    enum CodingKeys: String, CodingKey {
        case id, version, date, source, title, pathway, benchmarks, rules
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        version = try c.decode(String.self, forKey: .version)
        date = try c.decode(String.self, forKey: .date)
        source = try c.decode(String.self, forKey: .source)
        title = try c.decodeIfPresent(LocalizedText.self, forKey: .title)
        pathway = try c.decodeIfPresent(PathwaySettings.self, forKey: .pathway) ?? PathwaySettings()
        benchmarks = try c.decodeIfPresent([BenchmarkDefinition].self, forKey: .benchmarks) ?? []
        rules = try c.decodeIfPresent([RuleDefinition].self, forKey: .rules) ?? []
    }
}

/// `pathway:` in a ruleset.
public struct PathwaySettings: Sendable, Codable, Equatable {
    /// A net-zero target means residual emissions ≤ this share of the base-year total. Default 0.
    public var residualSharePercent: Double
    /// The series end at this year, or at a later net-zero target year. Default 2050.
    public var horizonYear: Int

    public init(residualSharePercent: Double = 0, horizonYear: Int = 2050) {
        self.residualSharePercent = residualSharePercent
        self.horizonYear = horizonYear
    }

    enum CodingKeys: String, CodingKey {
        case residualSharePercent, horizonYear
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        residualSharePercent = try c.decodeIfPresent(Double.self, forKey: .residualSharePercent) ?? 0
        horizonYear = try c.decodeIfPresent(Int.self, forKey: .horizonYear) ?? 2050
    }
}

/// A benchmark: fixed points (`points`) or a constant annual rate (`annualReductionPercent` at `years`).
public struct BenchmarkDefinition: Sendable, Codable, Equatable {
    public var id: String
    public var title: LocalizedText
    public var source: String
    /// The year reductions are measured against; nil means the plan's inventory base year.
    public var referenceYear: Int?
    public var points: [BenchmarkPoint]?
    /// Carbon Law style: reduction(year) = 1 − (1 − rate)^(year − referenceYear).
    public var annualReductionPercent: Double?
    public var years: [Int]?

    public init(id: String, title: LocalizedText, source: String, referenceYear: Int?, points: [BenchmarkPoint]? = nil, annualReductionPercent: Double? = nil, years: [Int]? = nil) {
        self.id = id
        self.title = title
        self.source = source
        self.referenceYear = referenceYear
        self.points = points
        self.annualReductionPercent = annualReductionPercent
        self.years = years
    }
}

public struct BenchmarkPoint: Sendable, Codable, Equatable {
    public var year: Int
    /// Required unless `netZero`.
    public var reductionPercent: Double?
    /// Climate neutrality: met when the target trajectory is at net zero in `year`.
    public var netZero: Bool?

    public init(year: Int, reductionPercent: Double? = nil, netZero: Bool? = nil) {
        self.year = year
        self.reductionPercent = reductionPercent
        self.netZero = netZero
    }
}

/// A rule's definition in the ruleset. Minimal for now: the compliance evaluator extends it.
public struct RuleDefinition: Sendable, Codable, Equatable {
    public var id: String
    public var capf: String?
    public var pillar: String?
    public var severity: RuleSeverity?
    public var weight: Double?
    public var title: LocalizedText?

    public init(id: String, capf: String? = nil, pillar: String? = nil, severity: RuleSeverity? = nil, weight: Double? = nil, title: LocalizedText? = nil) {
        self.id = id
        self.capf = capf
        self.pillar = pillar
        self.severity = severity
        self.weight = weight
        self.title = title
    }
}

/// A text in both result languages.
public struct LocalizedText: Sendable, Codable, Equatable {
    public var da: String
    public var en: String

    public init(da: String, en: String) {
        self.da = da
        self.en = en
    }

    public func text(_ language: Language) -> String {
        switch language {
        case .da: da
        case .en: en
        }
    }
}
