import PlanReviewContract
import PlanReviewJSON

/// A rule's check with its parameters parsed into typed values: built once when the ruleset is
/// loaded (`RuleCheck.compile`), so a review only switches over this enum.
///
/// Defaults and meanings: `CheckKind.specs` and docs/RULES.md.
public enum RuleCheck: Sendable, Equatable {
    case councilAdoption
    case commitmentLetter
    case partners(minCount: Int)
    case netZeroTarget(latestYear: Int)
    case interimTarget(year: Int, referenceYear: Int, minReductionPercent: Double, sectorSplitWarns: Bool)
    case targetHorizons(shortTermLatestYear: Int, longTermEarliestYear: Int)
    case adaptationGoals(significantLevels: [String])
    case coBenefits(minSharePercent: Double)
    case staffResources(minStaffFte: Double)
    case engagement(minStakeholderGroups: Int)
    case municipalContext
    case municipalPowers
    case gpcBasic(sources: [GPCSource])
    case gpcBasicPlus(sectors: [GPCSector])
    case afoluShare(largeSharePercent: Double, subsectors: [String])
    case baseYearAge(maxAgeYears: Int)
    case notationKeys
    case businessAsUsual
    case pathwayTargets
    case benchmarks(ids: [String])
    case carbonBudget
    case netZeroPathway(understatedTolerancePercent: Double, unstatedFails: Bool)
    case riskHazards(hazards: [ClimateHazard])
    case riskMethod(minHorizonYear: Int)
    case actionsQuantified(minSharePercent: Double)
    case sectorCoverage(minSectorSharePercent: Double, largeSharePercent: Double, minCoveragePercent: Double)
    case adaptationActions(significantLevels: [String])
    case equity
    case barriers(minSharePercent: Double)
    case manko(year: Int, closeByYear: Int, tolerancePercent: Double, understatedTolerancePercent: Double)
    case shortTermActions(horizonYears: Int, minSharePercent: Double)
    case prioritisation(minSharePercent: Double)
    case monitoring(cadences: [String])
    case revision(maxYears: Int)

    public var kind: CheckKind {
        switch self {
        case .councilAdoption: .councilAdoption
        case .commitmentLetter: .commitmentLetter
        case .partners: .partners
        case .netZeroTarget: .netZeroTarget
        case .interimTarget: .interimTarget
        case .targetHorizons: .targetHorizons
        case .adaptationGoals: .adaptationGoals
        case .coBenefits: .coBenefits
        case .staffResources: .staffResources
        case .engagement: .engagement
        case .municipalContext: .municipalContext
        case .municipalPowers: .municipalPowers
        case .gpcBasic: .gpcBasic
        case .gpcBasicPlus: .gpcBasicPlus
        case .afoluShare: .afoluShare
        case .baseYearAge: .baseYearAge
        case .notationKeys: .notationKeys
        case .businessAsUsual: .businessAsUsual
        case .pathwayTargets: .pathwayTargets
        case .benchmarks: .benchmarks
        case .carbonBudget: .carbonBudget
        case .netZeroPathway: .netZeroPathway
        case .riskHazards: .riskHazards
        case .riskMethod: .riskMethod
        case .actionsQuantified: .actionsQuantified
        case .sectorCoverage: .sectorCoverage
        case .adaptationActions: .adaptationActions
        case .equity: .equity
        case .barriers: .barriers
        case .manko: .manko
        case .shortTermActions: .shortTermActions
        case .prioritisation: .prioritisation
        case .monitoring: .monitoring
        case .revision: .revision
        }
    }

    /// Parses `parameters` (as written in the ruleset) for the check `kind`; missing ones get the
    /// check's defaults.
    ///
    /// - Throws: `RuleCheckError` naming the parameter for an unknown name, a wrong type or a
    ///   value out of range.
    public static func compile(_ kind: CheckKind, parameters: [String: RuleParameterValue]) throws(RuleCheckError) -> RuleCheck {
        let r = ParameterReader(spec: kind.spec, given: parameters)
        try r.rejectUnknown()
        switch kind {
        case .councilAdoption: return .councilAdoption
        case .commitmentLetter: return .commitmentLetter
        case .partners: return .partners(minCount: try r.count("minCount"))
        case .netZeroTarget: return .netZeroTarget(latestYear: try r.year("latestYear"))
        case .interimTarget:
            return .interimTarget(
                year: try r.year("year"), referenceYear: try r.year("referenceYear"), minReductionPercent: try r.number("minReductionPercent"),
                sectorSplitWarns: try r.status("sectorSplit", among: [.pass, .warn]) == .warn)
        case .targetHorizons:
            let short = try r.year("shortTermLatestYear")
            let long = try r.year("longTermEarliestYear")
            guard long > short + 1 else { throw RuleCheckError(parameter: "longTermEarliestYear", message: "must be at least 2 years after shortTermLatestYear (\(short)) so that a medium term remains") }
            return .targetHorizons(shortTermLatestYear: short, longTermEarliestYear: long)
        case .adaptationGoals: return .adaptationGoals(significantLevels: try r.strings("significantLevels"))
        case .coBenefits: return .coBenefits(minSharePercent: try r.number("minSharePercent"))
        case .staffResources: return .staffResources(minStaffFte: try r.number("minStaffFte"))
        case .engagement: return .engagement(minStakeholderGroups: try r.count("minStakeholderGroups"))
        case .municipalContext: return .municipalContext
        case .municipalPowers: return .municipalPowers
        case .gpcBasic: return .gpcBasic(sources: try r.sources("sources"))
        case .gpcBasicPlus: return .gpcBasicPlus(sectors: try r.sectors("sectors"))
        case .afoluShare: return .afoluShare(largeSharePercent: try r.number("largeSharePercent"), subsectors: try r.strings("subsectors"))
        case .baseYearAge: return .baseYearAge(maxAgeYears: try r.count("maxAgeYears"))
        case .notationKeys: return .notationKeys
        case .businessAsUsual: return .businessAsUsual
        case .pathwayTargets: return .pathwayTargets
        case .benchmarks: return .benchmarks(ids: try r.strings("benchmarks"))
        case .carbonBudget: return .carbonBudget
        case .netZeroPathway:
            return .netZeroPathway(
                understatedTolerancePercent: try r.number("understatedTolerancePercent"), unstatedFails: try r.status("unstated", among: [.fail, .incomplete]) == .fail)
        case .riskHazards: return .riskHazards(hazards: try r.hazards("hazards"))
        case .riskMethod: return .riskMethod(minHorizonYear: try r.year("minHorizonYear"))
        case .actionsQuantified: return .actionsQuantified(minSharePercent: try r.number("minSharePercent"))
        case .sectorCoverage:
            return .sectorCoverage(
                minSectorSharePercent: try r.number("minSectorSharePercent"), largeSharePercent: try r.number("largeSharePercent"),
                minCoveragePercent: try r.number("minCoveragePercent"))
        case .adaptationActions: return .adaptationActions(significantLevels: try r.strings("significantLevels"))
        case .equity: return .equity
        case .barriers: return .barriers(minSharePercent: try r.number("minSharePercent"))
        case .manko:
            let year = try r.year("year")
            let closeBy = try r.year("closeByYear")
            guard closeBy >= year else { throw RuleCheckError(parameter: "closeByYear", message: "must not be before year (\(year))") }
            return .manko(year: year, closeByYear: closeBy, tolerancePercent: try r.number("tolerancePercent"), understatedTolerancePercent: try r.number("understatedTolerancePercent"))
        case .shortTermActions: return .shortTermActions(horizonYears: try r.count("horizonYears"), minSharePercent: try r.number("minSharePercent"))
        case .prioritisation: return .prioritisation(minSharePercent: try r.number("minSharePercent"))
        case .monitoring: return .monitoring(cadences: try r.strings("cadences"))
        case .revision: return .revision(maxYears: try r.count("maxYears"))
        }
    }
}
