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
    /// ISO date of the review ("today" for the plan; contract v1.1): decides which years are past.
    /// nil: the AMQP timestamp, else the date of `plan.adoptedByCouncil`.
    public var referenceDate: String?
    /// How much the result carries: `summary`, `standard` (nil: the default) or `full`, as written
    /// (an unknown word is noted and gives the default; `ResultDetail`).
    public var detail: String?

    public init(
        schema: String = ContractSchemas.job, jobId: String? = nil, municipality: JobMunicipality,
        ruleset: String? = nil, language: Language? = nil, plan: Plan, referenceDate: String? = nil, detail: String? = nil
    ) {
        self.detail = detail
        self.referenceDate = referenceDate
        self.schema = schema
        self.jobId = jobId
        self.municipality = municipality
        self.ruleset = ruleset
        self.language = language
        self.plan = plan
    }

    public var rulesetId: String { ruleset ?? ContractDefaults.rulesetId }
    public var effectiveLanguage: Language { language ?? .da }
    /// `detail` read: the default for nil or an unknown word.
    public var effectiveDetail: ResultDetail { detail.flatMap(ResultDetail.init(rawValue:)) ?? .default }
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
    /// The plan's own statement of the emissions it has not yet found actions for (v1.1).
    public var manko: PlanManko?

    public init(
        title: String? = nil, adoptedByCouncil: String? = nil, commitmentLetterSigned: Bool? = nil,
        inventory: Inventory? = nil, targets: [Target]? = nil, businessAsUsual: [EmissionsPoint]? = nil,
        carbonBudget: CarbonBudget? = nil, actions: [MitigationAction]? = nil, adaptation: Adaptation? = nil,
        governance: Governance? = nil, engagement: Engagement? = nil, monitoring: Monitoring? = nil, manko: PlanManko? = nil
    ) {
        self.manko = manko
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
    /// `history[]` only (v1.1): the total of this sector, for sector targets; nil: all sectors.
    public var sector: GPCSector?

    public init(year: Int, tco2e: Double, sector: GPCSector? = nil) {
        self.year = year
        self.tco2e = tco2e
        self.sector = sector
    }
}

/// `plan.manko` (v1.1): the emissions in `year` the plan has not found actions for, and how it
/// means to handle them.
public struct PlanManko: Sendable, Codable, Equatable {
    public var year: Int
    public var tco2e: Double
    /// Words of `MankoHandling` (`national_measures`, `future_technology`, `revision`,
    /// `regional_cooperation`, `compensation`, `other`); others are noted.
    public var handling: [String]?
    public var text: String?

    public init(year: Int, tco2e: Double, handling: [String]? = nil, text: String? = nil) {
        self.year = year
        self.tco2e = tco2e
        self.handling = handling
        self.text = text
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
    /// v1.1: the target applies to the sum of these sectors; nil: all sectors.
    public var sectors: [GPCSector]?

    public init(year: Int, reductionPercent: Double? = nil, baseYear: Int? = nil, netZero: Bool? = nil, tco2e: Double? = nil, sectors: [GPCSector]? = nil) {
        self.sectors = sectors
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
    /// v1.1: `energy_co2` (Tyndall budgets: stationary energy + transport) or `all_ghg`; nil: by `source`.
    public var scope: String?
    /// Where the budget comes from, e.g. "Tyndall Centre (2022)".
    public var source: String?

    public init(budgetTco2e: Double, fromYear: Int, toYear: Int, startEmissionsTco2e: Double? = nil, scope: String? = nil, source: String? = nil) {
        self.scope = scope
        self.source = source
        self.budgetTco2e = budgetTco2e
        self.fromYear = fromYear
        self.toYear = toYear
        self.startEmissionsTco2e = startEmissionsTco2e
    }
}
