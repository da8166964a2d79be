/// A plan-review job, message contract v1 (`schema: "planreview.job/v1"`).
///
/// Field names are the contract's (CONTRACT.md); never rename them. Optional sections are
/// optional here too: their absence is judged by the compliance rules, not by validation.
/// The Codable conformance is synthesized (tests and tools); the worker's path maps the parsed
/// JSON by hand (`JobMapper`) so that it can report every problem with a JSON Pointer.
public struct Job: Sendable, Codable, Equatable {
    public var schema: String
    public var jobId: String?
    public var municipality: JobMunicipality
    /// Ruleset id; nil means "dk2020".
    public var ruleset: String?
    /// Language of every human text in the result; nil means Danish.
    public var language: Language?
    public var plan: Plan

    public init(
        schema: String = ContractSchemas.job, jobId: String? = nil, municipality: JobMunicipality,
        ruleset: String? = nil, language: Language? = nil, plan: Plan
    ) {
        self.schema = schema
        self.jobId = jobId
        self.municipality = municipality
        self.ruleset = ruleset
        self.language = language
        self.plan = plan
    }

    public var rulesetId: String { ruleset ?? ContractDefaults.rulesetId }
    public var effectiveLanguage: Language { language ?? .da }
}

/// `municipality`: the kommunekode decides; `name` and `population` are informative.
public struct JobMunicipality: Sendable, Codable, Equatable {
    public var code: Int
    public var name: String?
    public var population: Int?

    public init(code: Int, name: String? = nil, population: Int? = nil) {
        self.code = code
        self.name = name
        self.population = population
    }
}

/// The language of the result's human texts.
public enum Language: String, Sendable, Codable, CaseIterable {
    case da, en
}

public struct Plan: Sendable, Codable, Equatable {
    public var title: String?
    /// Date of the council's adoption, ISO 8601 (`2024-06-19`).
    public var adoptedByCouncil: String?
    public var commitmentLetterSigned: Bool?
    public var inventory: Inventory?
    public var targets: [Target]?
    public var businessAsUsual: [EmissionsPoint]?
    public var carbonBudget: CarbonBudget?
    public var actions: [MitigationAction]?
    public var adaptation: Adaptation?
    public var governance: Governance?
    public var engagement: Engagement?
    public var monitoring: Monitoring?

    public init(
        title: String? = nil, adoptedByCouncil: String? = nil, commitmentLetterSigned: Bool? = nil,
        inventory: Inventory? = nil, targets: [Target]? = nil, businessAsUsual: [EmissionsPoint]? = nil,
        carbonBudget: CarbonBudget? = nil, actions: [MitigationAction]? = nil, adaptation: Adaptation? = nil,
        governance: Governance? = nil, engagement: Engagement? = nil, monitoring: Monitoring? = nil
    ) {
        self.title = title
        self.adoptedByCouncil = adoptedByCouncil
        self.commitmentLetterSigned = commitmentLetterSigned
        self.inventory = inventory
        self.targets = targets
        self.businessAsUsual = businessAsUsual
        self.carbonBudget = carbonBudget
        self.actions = actions
        self.adaptation = adaptation
        self.governance = governance
        self.engagement = engagement
        self.monitoring = monitoring
    }
}

/// A total for one year: `history[]` and `businessAsUsual[]`.
public struct EmissionsPoint: Sendable, Codable, Equatable {
    public var year: Int
    public var tco2e: Double

    public init(year: Int, tco2e: Double) {
        self.year = year
        self.tco2e = tco2e
    }
}

/// `{year, reductionPercent, baseYear}`, `{year, netZero: true}` or `{year, tco2e}`: exactly one kind.
public struct Target: Sendable, Codable, Equatable {
    public var year: Int
    public var reductionPercent: Double?
    /// The year `reductionPercent` is measured against; nil means the inventory's base year.
    public var baseYear: Int?
    public var netZero: Bool?
    public var tco2e: Double?

    public init(year: Int, reductionPercent: Double? = nil, baseYear: Int? = nil, netZero: Bool? = nil, tco2e: Double? = nil) {
        self.year = year
        self.reductionPercent = reductionPercent
        self.baseYear = baseYear
        self.netZero = netZero
        self.tco2e = tco2e
    }

    public enum Kind: String, Sendable, Codable {
        case reduction, netZero = "net_zero", absolute
    }

    /// The kind, when exactly one of `reductionPercent`, `netZero: true`, `tco2e` is given.
    public var kind: Kind? {
        switch (reductionPercent != nil, netZero == true, tco2e != nil) {
        case (true, false, false): .reduction
        case (false, true, false): .netZero
        case (false, false, true): .absolute
        default: nil
        }
    }
}

/// `plan.carbonBudget`: a budget for cumulative emissions from `fromYear` to `toYear`.
public struct CarbonBudget: Sendable, Codable, Equatable {
    public var budgetTco2e: Double
    public var fromYear: Int
    public var toYear: Int
    /// E0 of the exponential pathway; nil means the inventory total.
    public var startEmissionsTco2e: Double?

    public init(budgetTco2e: Double, fromYear: Int, toYear: Int, startEmissionsTco2e: Double? = nil) {
        self.budgetTco2e = budgetTco2e
        self.fromYear = fromYear
        self.toYear = toYear
        self.startEmissionsTco2e = startEmissionsTco2e
    }
}
