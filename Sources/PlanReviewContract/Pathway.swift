/// The emissions pathway of a plan: yearly series from the inventory base year to 2050 (or the
/// net-zero target year if later), the gap ("manko"), benchmarks and the carbon budget.
///
/// Figures are rounded when the pathway is built (tCO2e to 0.1, percentages to 0.1, rates to
/// 4 decimals) and derived figures are computed from the rounded ones, so a reader can check
/// every relation in the JSON by hand: `gapTco2e[i] == plannedTco2e[i] - targetTco2e[i]`,
/// `cumulativePlannedTco2e == sum(plannedTco2e)`.
public struct Pathway: Sendable, Codable, Equatable {
    public var baseYear: Int
    /// Inventory total of the base year (notation-key entries count 0).
    public var baselineTco2e: Double
    public var baselineBySector: SectorValues
    public var baselineByScope: ScopeValues
    /// Totals of the years targets and benchmarks refer to: the base year and `history`.
    public var referenceTotals: [ReferenceTotal]
    /// Net zero means planned ≤ this: the ruleset's residual share of the baseline.
    public var residualThresholdTco2e: Double
    public var years: [Int]
    public var targetTco2e: [Double]
    public var businessAsUsualTco2e: [Double]
    public var plannedTco2e: [Double]
    /// planned − target; > 0 is a shortfall.
    public var gapTco2e: [Double]
    public var bauSource: BAUSource
    /// The plan's targets as used for the target trajectory.
    public var targets: [ResolvedTarget]
    public var netZeroTargetYear: Int?
    /// First year in `years` with planned ≤ `residualThresholdTco2e`.
    public var netZeroYearPlanned: Int?
    public var gap2030Tco2e: Double?
    public var gapNetZeroYearTco2e: Double?
    /// Reduction by actions in 2030 / (BAU − target) in 2030; nil when no reduction is needed.
    public var actionsShareOf2030Reduction: Double?
    /// Sum of `plannedTco2e`.
    public var cumulativePlannedTco2e: Double
    public var requiredAnnualReductionRates: [RequiredReductionRate]
    public var sectorContributions: [SectorContribution]
    public var unquantifiedActions: Int
    public var benchmarks: [BenchmarkResult]
    public var budget: BudgetResult?
    public var notes: [PathwayNote]
    /// Removals in the base year (≤ 0, v1.1): negative AFOLU entries, already inside `baselineTco2e`.
    public var removalsTco2e: Double = 0
    /// Per year, what the plan's compensation actions claim (v1.1); never subtracted from `plannedTco2e`.
    public var compensationTco2e: [Double] = []
    /// Actions that contribute nothing to the planned pathway (cancelled, paused, compensation).
    public var excludedActions: [ExcludedAction] = []
    /// The plan's stated manko beside the computed gap of its year (v1.1); nil when not stated.
    public var mankoStated: StatedManko?

    package init(baseYear: Int, baselineTco2e: Double, baselineBySector: SectorValues, baselineByScope: ScopeValues, referenceTotals: [ReferenceTotal], residualThresholdTco2e: Double, years: [Int], targetTco2e: [Double], businessAsUsualTco2e: [Double], plannedTco2e: [Double], gapTco2e: [Double], bauSource: BAUSource, targets: [ResolvedTarget], netZeroTargetYear: Int? = nil, netZeroYearPlanned: Int? = nil, gap2030Tco2e: Double? = nil, gapNetZeroYearTco2e: Double? = nil, actionsShareOf2030Reduction: Double? = nil, cumulativePlannedTco2e: Double, requiredAnnualReductionRates: [RequiredReductionRate], sectorContributions: [SectorContribution], unquantifiedActions: Int, benchmarks: [BenchmarkResult], budget: BudgetResult? = nil, notes: [PathwayNote], removalsTco2e: Double = 0, compensationTco2e: [Double] = [], excludedActions: [ExcludedAction] = [], mankoStated: StatedManko? = nil) {
        self.removalsTco2e = removalsTco2e
        self.compensationTco2e = compensationTco2e
        self.excludedActions = excludedActions
        self.mankoStated = mankoStated
        self.baseYear = baseYear
        self.baselineTco2e = baselineTco2e
        self.baselineBySector = baselineBySector
        self.baselineByScope = baselineByScope
        self.referenceTotals = referenceTotals
        self.residualThresholdTco2e = residualThresholdTco2e
        self.years = years
        self.targetTco2e = targetTco2e
        self.businessAsUsualTco2e = businessAsUsualTco2e
        self.plannedTco2e = plannedTco2e
        self.gapTco2e = gapTco2e
        self.bauSource = bauSource
        self.targets = targets
        self.netZeroTargetYear = netZeroTargetYear
        self.netZeroYearPlanned = netZeroYearPlanned
        self.gap2030Tco2e = gap2030Tco2e
        self.gapNetZeroYearTco2e = gapNetZeroYearTco2e
        self.actionsShareOf2030Reduction = actionsShareOf2030Reduction
        self.cumulativePlannedTco2e = cumulativePlannedTco2e
        self.requiredAnnualReductionRates = requiredAnnualReductionRates
        self.sectorContributions = sectorContributions
        self.unquantifiedActions = unquantifiedActions
        self.benchmarks = benchmarks
        self.budget = budget
        self.notes = notes
    }
}

public enum BAUSource: String, Sendable, Codable {
    /// From `plan.businessAsUsual`, linear between points, flat after the last.
    case given
    /// No projection given: the base-year total held flat.
    case flatFromBaseline = "flat_from_baseline"
}

public struct SectorValues: Sendable, Codable, Equatable {
    public var stationaryEnergy: Double = 0
    public var transport: Double = 0
    public var waste: Double = 0
    public var ippu: Double = 0
    public var afolu: Double = 0

    public init() {}

    package enum CodingKeys: String, CodingKey {
        case stationaryEnergy = "stationary_energy", transport, waste, ippu, afolu
    }

    public subscript(sector: GPCSector) -> Double {
        get {
            switch sector {
            case .stationaryEnergy: stationaryEnergy
            case .transport: transport
            case .waste: waste
            case .ippu: ippu
            case .afolu: afolu
            }
        }
        set {
            switch sector {
            case .stationaryEnergy: stationaryEnergy = newValue
            case .transport: transport = newValue
            case .waste: waste = newValue
            case .ippu: ippu = newValue
            case .afolu: afolu = newValue
            }
        }
    }
}

public struct ScopeValues: Sendable, Codable, Equatable {
    public var scope1: Double = 0
    public var scope2: Double = 0
    public var scope3: Double = 0

    public init() {}

    package enum CodingKeys: String, CodingKey {
        case scope1 = "1", scope2 = "2", scope3 = "3"
    }
}

public struct ReferenceTotal: Sendable, Codable, Equatable {
    public var year: Int
    public var tco2e: Double
    /// "inventory" (the base year) or "history".
    public var source: String

    package init(year: Int, tco2e: Double, source: String) {
        self.year = year
        self.tco2e = tco2e
        self.source = source
    }
}

public struct ResolvedTarget: Sendable, Codable, Equatable {
    public var year: Int
    public var kind: Target.Kind
    public var reductionPercent: Double?
    public var referenceYear: Int?
    /// Absolute target; nil when the reference year has no total (then not applied).
    public var tco2e: Double?
    /// Whether the target shapes the target trajectory (not when a net-zero target before it implies it).
    public var applied: Bool
    /// The sectors the target covers (v1.1); nil: all.
    public var sectors: [GPCSector]?

    package init(year: Int, kind: Target.Kind, reductionPercent: Double? = nil, referenceYear: Int? = nil, tco2e: Double? = nil, applied: Bool, sectors: [GPCSector]? = nil) {
        self.sectors = sectors
        self.year = year
        self.kind = kind
        self.reductionPercent = reductionPercent
        self.referenceYear = referenceYear
        self.tco2e = tco2e
        self.applied = applied
    }
}

/// The constant rate r with baseline·(1 − r)^(year − baseYear) = target.
public struct RequiredReductionRate: Sendable, Codable, Equatable {
    public var targetYear: Int
    public var targetTco2e: Double
    /// nil for a target of 0 (no constant rate reaches zero).
    public var annualRate: Double?
    /// The straight-line alternative: (baseline − target) / years.
    public var linearTco2ePerYear: Double

    package init(targetYear: Int, targetTco2e: Double, annualRate: Double? = nil, linearTco2ePerYear: Double) {
        self.targetYear = targetYear
        self.targetTco2e = targetTco2e
        self.annualRate = annualRate
        self.linearTco2ePerYear = linearTco2ePerYear
    }
}

public struct SectorContribution: Sendable, Codable, Equatable {
    public var sector: GPCSector
    public var baselineTco2e: Double
    public var actionCount: Int
    /// Sum of the sector's actions at full effect, tCO2e a year.
    public var fullEffectReductionTco2e: Double
    /// The sector's actions' reduction in 2030 (ramps applied); nil when 2030 is not in `years`.
    public var reduction2030Tco2e: Double?
    /// fullEffectReductionTco2e / baselineTco2e; nil when the sector's baseline is 0.
    public var shareOfSectorBaseline: Double?

    package init(sector: GPCSector, baselineTco2e: Double, actionCount: Int, fullEffectReductionTco2e: Double, reduction2030Tco2e: Double? = nil, shareOfSectorBaseline: Double? = nil) {
        self.sector = sector
        self.baselineTco2e = baselineTco2e
        self.actionCount = actionCount
        self.fullEffectReductionTco2e = fullEffectReductionTco2e
        self.reduction2030Tco2e = reduction2030Tco2e
        self.shareOfSectorBaseline = shareOfSectorBaseline
    }
}

public struct BenchmarkResult: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable {
        case evaluated
        case notApplicable = "not_applicable"
    }

    public var id: String
    public var title: String
    public var source: String
    public var year: Int
    public var referenceYear: Int
    /// The benchmark's reduction in `year` vs `referenceYear`.
    public var reductionPercent: Double
    /// The plan's target trajectory in `year` as a reduction vs `referenceYear`.
    public var planReductionPercent: Double?
    /// nil when not applicable.
    public var met: Bool?
    /// The planned trajectory (BAU − actions) likewise (addition).
    public var plannedReductionPercent: Double?
    public var metByPlanned: Bool?
    public var status: Status
    public var reason: String?

    package init(id: String, title: String, source: String, year: Int, referenceYear: Int, reductionPercent: Double, planReductionPercent: Double? = nil, met: Bool? = nil, plannedReductionPercent: Double? = nil, metByPlanned: Bool? = nil, status: Status, reason: String? = nil) {
        self.id = id
        self.title = title
        self.source = source
        self.year = year
        self.referenceYear = referenceYear
        self.reductionPercent = reductionPercent
        self.planReductionPercent = planReductionPercent
        self.met = met
        self.plannedReductionPercent = plannedReductionPercent
        self.metByPlanned = metByPlanned
        self.status = status
        self.reason = reason
    }
}

/// Tyndall-style budget pathway (Anderson et al.; Kuriakose et al. 2022): E(t) = E0·e^(−k(t−t0)),
/// k = E0/B, so the pathway's cumulative emissions to infinity equal B.
public struct BudgetResult: Sendable, Codable, Equatable {
    public var budgetTco2e: Double
    public var fromYear: Int
    public var toYear: Int
    public var startEmissionsTco2e: Double
    /// "given" (`startEmissionsTco2e`), "history" (the `fromYear` total) or "inventory" (the base-year total).
    public var startEmissionsSource: String
    /// `energy_co2` or `all_ghg` (v1.1): the emissions the budget is compared with.
    public var scope: String = "all_ghg"
    /// 1 − e^(−k).
    public var annualReductionRate: Double
    /// t0 + ln(20)/k, to 0.1 year; nil when E0 is 0.
    public var year95PercentUsed: Double?
    /// Planned emissions from `fromYear` to `toYear` (flat after the last pathway year).
    public var plannedCumulativeTco2e: Double
    /// max(0, plannedCumulative − budget).
    public var overshootTco2e: Double
    /// First year the cumulative planned emissions from `fromYear` exceed the budget; nil if not by 2100.
    public var yearExhaustedUnderPlan: Int?

    package init(budgetTco2e: Double, fromYear: Int, toYear: Int, startEmissionsTco2e: Double, startEmissionsSource: String, annualReductionRate: Double, year95PercentUsed: Double? = nil, plannedCumulativeTco2e: Double, overshootTco2e: Double, yearExhaustedUnderPlan: Int? = nil, scope: String = "all_ghg") {
        self.scope = scope
        self.budgetTco2e = budgetTco2e
        self.fromYear = fromYear
        self.toYear = toYear
        self.startEmissionsTco2e = startEmissionsTco2e
        self.startEmissionsSource = startEmissionsSource
        self.annualReductionRate = annualReductionRate
        self.year95PercentUsed = year95PercentUsed
        self.plannedCumulativeTco2e = plannedCumulativeTco2e
        self.overshootTco2e = overshootTco2e
        self.yearExhaustedUnderPlan = yearExhaustedUnderPlan
    }
}

/// A remark on how the pathway was built, in the job's language, with a stable code.
public struct PathwayNote: Sendable, Codable, Equatable {
    public var code: String
    public var message: String

    package init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// An action left out of the planned pathway, and why (`cancelled`, `paused`, `compensation`).
public struct ExcludedAction: Sendable, Codable, Equatable {
    public var id: String
    public var reason: String

    package init(id: String, reason: String) {
        self.id = id
        self.reason = reason
    }
}

/// `plan.manko` beside the computed gap: `gapTco2e` of the same year (nil when the year is outside `years`).
public struct StatedManko: Sendable, Codable, Equatable {
    public var year: Int
    public var tco2e: Double
    public var handling: [String]
    public var computedGapTco2e: Double?

    package init(year: Int, tco2e: Double, handling: [String], computedGapTco2e: Double?) {
        self.year = year
        self.tco2e = tco2e
        self.handling = handling
        self.computedGapTco2e = computedGapTco2e
    }
}
