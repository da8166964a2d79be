import PlanReviewContract
import PlanReviewJSON

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
    case netZeroPathway = "net_zero_pathway"
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

    public var spec: CheckSpec { CheckRegistry.specs[self]! }
}

/// The registry of the named checks: every check family's specs (Checks/), and the dispatch
/// from a compiled `RuleCheck` to its code. A new check is a case of `CheckKind` and
/// `RuleCheck`, a spec and a function in its family's file, and a line here.
enum CheckRegistry {
    static let families: [[CheckSpec]] = [
        CheckSpec.commitmentChecks, CheckSpec.targetsChecks, CheckSpec.organisationChecks,
        CheckSpec.contextChecks, CheckSpec.inventoryChecks, CheckSpec.pathwayChecks, CheckSpec.riskChecks,
        CheckSpec.actionsChecks, CheckSpec.implementationChecks,
    ]

    static let specs: [CheckKind: CheckSpec] = {
        var table: [CheckKind: CheckSpec] = [:]
        for family in families {
            for spec in family {
                precondition(table[spec.kind] == nil, "check \(spec.kind.rawValue) is specified twice")
                table[spec.kind] = spec
            }
        }
        precondition(table.count == CheckKind.allCases.count, "every check has a spec")
        return table
    }()
}

extension RuleContext {
    /// Runs the compiled check (the registry's dispatch).
    func run(_ check: RuleCheck) -> CheckOutcome {
        switch check {
        case .councilAdoption: councilAdoption()
        case .commitmentLetter: commitmentLetter()
        case .partners(let minCount): partners(minCount: minCount)
        case .netZeroTarget(let latestYear): netZeroTarget(latestYear: latestYear)
        case .interimTarget(let year, let referenceYear, let minReductionPercent, let splitWarns):
            interimTarget(year: year, referenceYear: referenceYear, minReductionPercent: minReductionPercent, sectorSplitWarns: splitWarns)
        case .targetHorizons(let short, let long): targetHorizons(shortTermLatestYear: short, longTermEarliestYear: long)
        case .adaptationGoals(let levels): adaptationGoals(significantLevels: levels)
        case .coBenefits(let minShare): coBenefits(minSharePercent: minShare)
        case .staffResources(let minFte): staffResources(minStaffFte: minFte)
        case .engagement(let minGroups): engagement(minStakeholderGroups: minGroups)
        case .municipalContext: municipalContext()
        case .municipalPowers: municipalPowers()
        case .gpcBasic(let sources): gpcBasic(sources: sources)
        case .gpcBasicPlus(let sectors): gpcBasicPlus(sectors: sectors)
        case .afoluShare(let large, let subsectors): afoluShare(largeSharePercent: large, subsectors: subsectors)
        case .baseYearAge(let maxAge): baseYearAge(maxAgeYears: maxAge)
        case .notationKeys: notationKeys()
        case .businessAsUsual: businessAsUsual()
        case .pathwayTargets: pathwayTargets()
        case .benchmarks(let ids): benchmarks(ids: ids)
        case .carbonBudget: carbonBudget()
        case .netZeroPathway(let understated, let unstatedFails): netZeroPathway(understatedTolerancePercent: understated, unstatedFails: unstatedFails)
        case .riskHazards(let hazards): riskHazards(required: hazards)
        case .riskMethod(let minHorizon): riskMethod(minHorizonYear: minHorizon)
        case .actionsQuantified(let minShare): actionsQuantified(minSharePercent: minShare)
        case .sectorCoverage(let minShare, let large, let coverage): sectorCoverage(minSectorSharePercent: minShare, largeSharePercent: large, minCoveragePercent: coverage)
        case .adaptationActions(let levels): adaptationActions(significantLevels: levels)
        case .equity: equity()
        case .barriers(let minShare): barriers(minSharePercent: minShare)
        case .manko(let year, let closeBy, let tolerance, let understated):
            manko(year: year, closeByYear: closeBy, tolerancePercent: tolerance, understatedTolerancePercent: understated)
        case .shortTermActions(let horizon, let minShare): shortTermActions(horizonYears: horizon, minSharePercent: minShare)
        case .prioritisation(let minShare): prioritisation(minSharePercent: minShare)
        case .monitoring(let cadences): monitoring(cadences: cadences)
        case .revision(let maxYears): revision(maxYears: maxYears)
        }
    }
}
