import PlanReviewContract
import PlanReviewJSON

/// What a named check accepts and produces: its parameters (with defaults), and its outcomes,
/// each with a fixed rule status and the placeholders its message can use. The loader checks a
/// ruleset's `params:` and `messages:` against this; docs/RULES.md documents the same table.
public struct CheckSpec: Sendable {
    public let kind: CheckKind
    public let parameters: [ParameterSpec]
    public let outcomes: [OutcomeSpec]

    public func outcome(_ outcome: RuleOutcome) -> OutcomeSpec? { outcomes.first { $0.outcome == outcome } }
    public func parameter(_ name: String) -> ParameterSpec? { parameters.first { $0.name == name } }
}

public struct ParameterSpec: Sendable {
    public enum Kind: String, Sendable {
        /// 1900–2100.
        case year
        /// A whole number ≥ 0.
        case count
        /// 0–100.
        case percent
        /// A number ≥ 0.
        case decimal
        /// Climate hazards of the contract.
        case hazards
        /// GPC sectors.
        case sectors
        /// "sector/scope" pairs, e.g. "transport/2".
        case sources
        /// Free strings (compared case-insensitively).
        case strings
        /// Benchmark ids of the same ruleset.
        case benchmarks
    }

    public let name: String
    public let kind: Kind
    public let defaultValue: RuleParameterValue
}

public struct OutcomeSpec: Sendable {
    public let outcome: RuleOutcome
    public let status: RuleStatus
    public let arguments: [MessageArgument]
}

/// The outcomes checks report; each rule's `messages:` has one template per outcome its check
/// can report (YAML key: the raw value).
public enum RuleOutcome: String, Sendable, CaseIterable {
    case pass, fail, warn, partial, missing, few, late, low, old, open, covered, closing, small, unknown, infrequent
    case noneScheduled = "none"
    case notApplicable = "not_applicable"
    case noActions = "no_actions"
    case noInventory = "no_inventory"
    case noAssessment = "no_assessment"
    case noTargets = "no_targets"
    case noTarget = "no_target"
    case noReference = "no_reference"
    case noSignificant = "no_significant"
    case noCommittee = "no_committee"
    case noCadence = "no_cadence"
    case noIndicators = "no_indicators"
    case populationOnly = "population_only"
    case unresolved

    /// Dense index for per-rule tables.
    var index: Int {
        switch self {
        case .pass: 0
        case .fail: 1
        case .warn: 2
        case .partial: 3
        case .missing: 4
        case .few: 5
        case .late: 6
        case .low: 7
        case .old: 8
        case .open: 9
        case .covered: 10
        case .closing: 11
        case .small: 12
        case .unknown: 13
        case .infrequent: 14
        case .noneScheduled: 15
        case .notApplicable: 16
        case .noActions: 17
        case .noInventory: 18
        case .noAssessment: 19
        case .noTargets: 20
        case .noTarget: 21
        case .noReference: 22
        case .noSignificant: 23
        case .noCommittee: 24
        case .noCadence: 25
        case .noIndicators: 26
        case .populationOnly: 27
        case .unresolved: 28
        }
    }

    static let count = 29
}

/// The named Swift checks a ruleset's rules can run (`check:` in the YAML).
public enum CheckKind: String, Sendable, CaseIterable {
    case councilAdoption = "council_adoption"
    case commitmentLetter = "commitment_letter"
    case partners
    case netZeroTarget = "net_zero_target"
    case interimTarget = "interim_target"
    case targetHorizons = "target_horizons"
    case adaptationGoals = "adaptation_goals"
    case coBenefits = "co_benefits"
    case staffResources = "staff_resources"
    case engagement
    case municipalContext = "municipal_context"
    case municipalPowers = "municipal_powers"
    case gpcBasic = "gpc_basic"
    case gpcBasicPlus = "gpc_basic_plus"
    case afoluShare = "afolu_share"
    case baseYearAge = "base_year_age"
    case notationKeys = "notation_keys"
    case businessAsUsual = "business_as_usual"
    case pathwayTargets = "pathway_targets"
    case benchmarks
    case carbonBudget = "carbon_budget"
    case riskHazards = "risk_hazards"
    case riskMethod = "risk_method"
    case actionsQuantified = "actions_quantified"
    case sectorCoverage = "sector_coverage"
    case adaptationActions = "adaptation_actions"
    case equity
    case barriers
    case manko
    case shortTermActions = "short_term_actions"
    case prioritisation
    case monitoring
    case revision

    public var spec: CheckSpec { CheckKind.specs[self]! }

    private static let danishHazards: RuleParameterValue = .list(["cloudburst", "storm_surge", "sea_level_rise", "groundwater", "heat", "drought"])

    static let specs: [CheckKind: CheckSpec] = {
        func p(_ name: String, _ kind: ParameterSpec.Kind, _ value: RuleParameterValue) -> ParameterSpec {
            ParameterSpec(name: name, kind: kind, defaultValue: value)
        }
        func o(_ outcome: RuleOutcome, _ status: RuleStatus, _ arguments: [MessageArgument] = []) -> OutcomeSpec {
            OutcomeSpec(outcome: outcome, status: status, arguments: arguments)
        }
        let list: [CheckSpec] = [
            // Pillar 1
            CheckSpec(kind: .councilAdoption, parameters: [], outcomes: [o(.pass, .pass, [.date]), o(.missing, .fail)]),
            CheckSpec(kind: .commitmentLetter, parameters: [], outcomes: [o(.pass, .pass), o(.fail, .fail), o(.missing, .fail)]),
            CheckSpec(
                kind: .partners, parameters: [p("minCount", .count, .number(2))],
                outcomes: [o(.pass, .pass, [.count, .items]), o(.few, .fail, [.count, .items, .minimum]), o(.missing, .fail, [.minimum])]),
            CheckSpec(
                kind: .netZeroTarget, parameters: [p("latestYear", .year, .number(2050))],
                outcomes: [o(.pass, .pass, [.year, .latestYear]), o(.late, .fail, [.year, .latestYear]), o(.missing, .fail, [.latestYear])]),
            CheckSpec(
                kind: .interimTarget,
                parameters: [p("year", .year, .number(2030)), p("referenceYear", .year, .number(1990)), p("minReductionPercent", .percent, .number(70))],
                outcomes: [
                    o(.pass, .pass, [.year, .percent, .referenceYear, .requiredPercent]),
                    o(.fail, .fail, [.year, .percent, .referenceYear, .requiredPercent]),
                    o(.missing, .fail, [.year, .referenceYear, .requiredPercent]),
                    o(.noReference, .incomplete, [.year, .referenceYear, .requiredPercent]),
                    o(.unresolved, .incomplete, [.year, .baseYear]),
                ]),
            CheckSpec(
                kind: .targetHorizons, parameters: [p("shortTermLatestYear", .year, .number(2027)), p("longTermEarliestYear", .year, .number(2040))],
                outcomes: [o(.pass, .pass, [.items]), o(.partial, .warn, [.items, .missing]), o(.missing, .fail, [.missing])]),
            CheckSpec(
                kind: .adaptationGoals, parameters: [p("significantLevels", .strings, .list(["high"]))],
                outcomes: [
                    o(.pass, .pass, [.count]), o(.partial, .warn, [.count, .missing]), o(.fail, .fail, [.missing]),
                    o(.noSignificant, .pass), o(.noAssessment, .notApplicable),
                ]),
            CheckSpec(
                kind: .coBenefits, parameters: [p("minSharePercent", .percent, .number(50))],
                outcomes: [o(.pass, .pass, [.count, .total]), o(.fail, .fail, [.count, .total, .minimum]), o(.noActions, .notApplicable)]),
            CheckSpec(
                kind: .staffResources, parameters: [p("minStaffFte", .decimal, .number(1))],
                outcomes: [
                    o(.pass, .pass, [.fte, .committee]), o(.noCommittee, .warn, [.fte]), o(.low, .fail, [.fte, .minimum]), o(.missing, .fail, [.minimum]),
                ]),
            CheckSpec(
                kind: .engagement, parameters: [p("minStakeholderGroups", .count, .number(2))],
                outcomes: [o(.pass, .pass, [.count, .items]), o(.partial, .warn, [.count, .minimum]), o(.missing, .fail)]),
            // Pillar 2
            CheckSpec(
                kind: .municipalContext, parameters: [],
                outcomes: [o(.pass, .pass, [.population, .sector, .share]), o(.populationOnly, .pass, [.population]), o(.missing, .fail)]),
            CheckSpec(
                kind: .municipalPowers, parameters: [],
                outcomes: [
                    o(.pass, .pass, [.total, .direct, .influence]), o(.partial, .warn, [.count, .total]), o(.missing, .fail, [.total]),
                    o(.noActions, .notApplicable),
                ]),
            CheckSpec(
                kind: .gpcBasic,
                parameters: [p("sources", .sources, .list(["stationary_energy/1", "stationary_energy/2", "transport/1", "transport/2", "waste/1", "waste/3"]))],
                outcomes: [o(.pass, .pass, [.count]), o(.missing, .fail, [.missing]), o(.noInventory, .fail)]),
            CheckSpec(
                kind: .gpcBasicPlus, parameters: [p("sectors", .sectors, .list(["ippu", "afolu"]))],
                outcomes: [o(.pass, .pass), o(.missing, .fail, [.missing]), o(.noInventory, .notApplicable)]),
            CheckSpec(
                kind: .afoluShare, parameters: [p("largeSharePercent", .percent, .number(25)), p("subsectors", .strings, .list(["livestock", "land"]))],
                outcomes: [
                    o(.small, .pass, [.share]), o(.pass, .pass, [.share]), o(.missing, .fail, [.share, .missing]), o(.unknown, .incomplete),
                    o(.noInventory, .notApplicable),
                ]),
            CheckSpec(
                kind: .baseYearAge, parameters: [p("maxAgeYears", .count, .number(5))],
                outcomes: [o(.pass, .pass, [.baseYear, .year, .count]), o(.old, .fail, [.baseYear, .year, .count, .minimum]), o(.noInventory, .notApplicable)]),
            CheckSpec(
                kind: .notationKeys, parameters: [],
                outcomes: [o(.pass, .pass, [.count]), o(.warn, .warn, [.count, .items]), o(.noInventory, .notApplicable)]),
            CheckSpec(
                kind: .businessAsUsual, parameters: [],
                outcomes: [o(.pass, .pass, [.year, .bau, .planned]), o(.missing, .fail), o(.noInventory, .notApplicable)]),
            CheckSpec(
                kind: .pathwayTargets, parameters: [],
                outcomes: [o(.pass, .pass, [.count]), o(.warn, .warn, [.count, .items]), o(.noTargets, .notApplicable), o(.noInventory, .notApplicable)]),
            CheckSpec(
                kind: .benchmarks, parameters: [p("benchmarks", .benchmarks, .list(["klimaloven", "ipcc_ar6"]))],
                outcomes: [o(.pass, .pass, [.items]), o(.warn, .warn, [.items]), o(.noInventory, .notApplicable)]),
            CheckSpec(
                kind: .carbonBudget, parameters: [],
                outcomes: [
                    o(.pass, .pass, [.budget, .planned, .year]), o(.fail, .fail, [.budget, .planned, .overshoot, .year, .closeYear]),
                    o(.notApplicable, .notApplicable),
                ]),
            CheckSpec(
                kind: .riskHazards, parameters: [p("hazards", .hazards, danishHazards)],
                outcomes: [o(.pass, .pass, [.count]), o(.missing, .fail, [.missing, .count]), o(.noAssessment, .fail, [.missing])]),
            CheckSpec(
                kind: .riskMethod, parameters: [p("minHorizonYear", .year, .number(2050))],
                outcomes: [o(.pass, .pass, [.scenario, .year]), o(.warn, .warn, [.items]), o(.noAssessment, .notApplicable)]),
            // Pillar 3
            CheckSpec(
                kind: .actionsQuantified, parameters: [p("minSharePercent", .percent, .number(75))],
                outcomes: [
                    o(.pass, .pass, [.total]), o(.partial, .warn, [.count, .total, .items]), o(.fail, .fail, [.count, .total, .items, .minimum]),
                    o(.noActions, .fail),
                ]),
            CheckSpec(
                kind: .sectorCoverage, parameters: [p("minSectorSharePercent", .percent, .number(20))],
                outcomes: [o(.pass, .pass, [.items]), o(.missing, .fail, [.missing]), o(.noInventory, .notApplicable)]),
            CheckSpec(
                kind: .adaptationActions, parameters: [p("significantLevels", .strings, .list(["high"]))],
                outcomes: [o(.pass, .pass, [.count]), o(.partial, .warn, [.count, .missing]), o(.missing, .fail)]),
            CheckSpec(kind: .equity, parameters: [], outcomes: [o(.pass, .pass), o(.fail, .fail), o(.missing, .fail)]),
            CheckSpec(
                kind: .barriers, parameters: [p("minSharePercent", .percent, .number(50))],
                outcomes: [o(.pass, .pass, [.count, .total]), o(.partial, .warn, [.count, .total]), o(.missing, .fail, [.total]), o(.noActions, .notApplicable)]),
            CheckSpec(
                kind: .manko,
                parameters: [p("year", .year, .number(2030)), p("closeByYear", .year, .number(2035)), p("tolerancePercent", .percent, .number(0))],
                outcomes: [
                    o(.covered, .pass, [.year, .planned, .target]),
                    o(.closing, .warn, [.year, .gap, .share, .closeYear, .closeByYear]),
                    o(.open, .fail, [.year, .gap, .share, .closeByYear]),
                    o(.noTarget, .notApplicable, [.year]),
                    o(.unresolved, .incomplete, [.year]),
                    o(.noInventory, .incomplete, [.year]),
                ]),
            CheckSpec(
                kind: .shortTermActions, parameters: [p("horizonYears", .count, .number(5)), p("minSharePercent", .percent, .number(75))],
                outcomes: [
                    o(.pass, .pass, [.count, .year]), o(.partial, .warn, [.count, .total, .items, .year]), o(.fail, .fail, [.count, .total, .items, .year]),
                    o(.noneScheduled, .fail, [.year]),
                ]),
            CheckSpec(
                kind: .prioritisation, parameters: [p("minSharePercent", .percent, .number(75))],
                outcomes: [o(.pass, .pass, [.count, .total]), o(.partial, .warn, [.count, .total]), o(.missing, .fail, [.total]), o(.noActions, .notApplicable)]),
            CheckSpec(
                kind: .monitoring,
                parameters: [p("cadences", .strings, .list(["annual", "yearly", "quarterly", "monthly", "semiannual", "årlig", "halvårlig", "kvartalsvis", "månedlig"]))],
                outcomes: [
                    o(.pass, .pass, [.cadence, .count]), o(.infrequent, .fail, [.cadence]), o(.noCadence, .fail), o(.noIndicators, .fail), o(.missing, .fail),
                ]),
            CheckSpec(
                kind: .revision, parameters: [p("maxYears", .count, .number(5))],
                outcomes: [o(.pass, .pass, [.year, .latestYear]), o(.late, .fail, [.year, .latestYear]), o(.missing, .fail, [.latestYear])]),
        ]
        var table: [CheckKind: CheckSpec] = [:]
        for spec in list { table[spec.kind] = spec }
        return table
    }()
}
