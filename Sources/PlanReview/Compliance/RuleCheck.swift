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
    case interimTarget(year: Int, referenceYear: Int, minReductionPercent: Double)
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
    case riskHazards(hazards: [ClimateHazard])
    case riskMethod(minHorizonYear: Int)
    case actionsQuantified(minSharePercent: Double)
    case sectorCoverage(minSectorSharePercent: Double)
    case adaptationActions(significantLevels: [String])
    case equity
    case barriers(minSharePercent: Double)
    case manko(year: Int, closeByYear: Int, tolerancePercent: Double)
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
            return .interimTarget(year: try r.year("year"), referenceYear: try r.year("referenceYear"), minReductionPercent: try r.number("minReductionPercent"))
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
        case .riskHazards: return .riskHazards(hazards: try r.hazards("hazards"))
        case .riskMethod: return .riskMethod(minHorizonYear: try r.year("minHorizonYear"))
        case .actionsQuantified: return .actionsQuantified(minSharePercent: try r.number("minSharePercent"))
        case .sectorCoverage: return .sectorCoverage(minSectorSharePercent: try r.number("minSectorSharePercent"))
        case .adaptationActions: return .adaptationActions(significantLevels: try r.strings("significantLevels"))
        case .equity: return .equity
        case .barriers: return .barriers(minSharePercent: try r.number("minSharePercent"))
        case .manko:
            let year = try r.year("year")
            let closeBy = try r.year("closeByYear")
            guard closeBy >= year else { throw RuleCheckError(parameter: "closeByYear", message: "must not be before year (\(year))") }
            return .manko(year: year, closeByYear: closeBy, tolerancePercent: try r.number("tolerancePercent"))
        case .shortTermActions: return .shortTermActions(horizonYears: try r.count("horizonYears"), minSharePercent: try r.number("minSharePercent"))
        case .prioritisation: return .prioritisation(minSharePercent: try r.number("minSharePercent"))
        case .monitoring: return .monitoring(cadences: try r.strings("cadences"))
        case .revision: return .revision(maxYears: try r.count("maxYears"))
        }
    }
}

/// A GPC sector and scope that an inventory must cover, written "sector/scope" ("transport/2").
public struct GPCSource: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var sector: GPCSector
    public var scope: Int

    public init(sector: GPCSector, scope: Int) {
        self.sector = sector
        self.scope = scope
    }

    public init?(parsing text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let sector = GPCSector(rawValue: String(parts[0])), let scope = Int(parts[1]), (1...3).contains(scope) else { return nil }
        self.init(sector: sector, scope: scope)
    }

    public var description: String { "\(sector.rawValue)/\(scope)" }
}

/// A parameter the loader could not use.
public struct RuleCheckError: Error, Sendable, CustomStringConvertible {
    /// The parameter's name, nil for the check as a whole.
    public var parameter: String?
    public var message: String

    public var description: String { parameter.map { "params.\($0): \(message)" } ?? message }
}

/// Reads a rule's `params:` against its check's `ParameterSpec`s.
private struct ParameterReader {
    let spec: CheckSpec
    let given: [String: RuleParameterValue]

    func rejectUnknown() throws(RuleCheckError) {
        for name in given.keys.sorted() where spec.parameter(name) == nil {
            let known = spec.parameters.map(\.name)
            throw RuleCheckError(
                parameter: name,
                message: "unknown parameter for check '\(spec.kind.rawValue)' (\(known.isEmpty ? "it takes no parameters" : "known: " + known.joined(separator: ", ")))")
        }
    }

    private func value(_ name: String) -> RuleParameterValue {
        given[name] ?? spec.parameter(name)!.defaultValue
    }

    private func wholeNumber(_ name: String, _ range: ClosedRange<Int>, _ what: String) throws(RuleCheckError) -> Int {
        guard case .number(let v) = value(name), v == v.rounded(), v >= Double(range.lowerBound), v <= Double(range.upperBound) else {
            throw RuleCheckError(parameter: name, message: "must be \(what), found \(value(name))")
        }
        return Int(v)
    }

    func year(_ name: String) throws(RuleCheckError) -> Int { try wholeNumber(name, 1900...2100, "a year between 1900 and 2100") }
    func count(_ name: String) throws(RuleCheckError) -> Int { try wholeNumber(name, 0...1_000_000, "a whole number ≥ 0") }

    func number(_ name: String) throws(RuleCheckError) -> Double {
        guard case .number(let v) = value(name), v.isFinite, v >= 0 else {
            throw RuleCheckError(parameter: name, message: "must be a number ≥ 0, found \(value(name))")
        }
        if spec.parameter(name)?.kind == .percent, v > 100 {
            throw RuleCheckError(parameter: name, message: "must be a percentage between 0 and 100, found \(value(name))")
        }
        return v
    }

    func strings(_ name: String) throws(RuleCheckError) -> [String] {
        guard case .list(let items) = value(name), !items.isEmpty else {
            throw RuleCheckError(parameter: name, message: "must be a non-empty list, found \(value(name))")
        }
        return items.map { $0.lowercased() }
    }

    func hazards(_ name: String) throws(RuleCheckError) -> [ClimateHazard] {
        try strings(name).map { (s: String) throws(RuleCheckError) -> ClimateHazard in
            guard let h = ClimateHazard(rawValue: s) else {
                throw RuleCheckError(parameter: name, message: "unknown hazard '\(s)' (known: \(ClimateHazard.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return h
        }
    }

    func sectors(_ name: String) throws(RuleCheckError) -> [GPCSector] {
        try strings(name).map { (s: String) throws(RuleCheckError) -> GPCSector in
            guard let sector = GPCSector(rawValue: s) else {
                throw RuleCheckError(parameter: name, message: "unknown GPC sector '\(s)' (known: \(GPCSector.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return sector
        }
    }

    func sources(_ name: String) throws(RuleCheckError) -> [GPCSource] {
        try strings(name).map { (s: String) throws(RuleCheckError) -> GPCSource in
            guard let source = GPCSource(parsing: s) else {
                throw RuleCheckError(parameter: name, message: "'\(s)' is not sector/scope (e.g. transport/2; sectors: \(GPCSector.allCases.map(\.rawValue).joined(separator: ", ")); scopes 1-3)")
            }
            return source
        }
    }
}
