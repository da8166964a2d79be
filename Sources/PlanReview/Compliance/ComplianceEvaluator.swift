import PlanReviewContract
import PlanReviewJSON

/// Turns a valid job and its pathway into rule results (one per rule of the ruleset, in its
/// order), and rule results into the result's `status` and `scores`.
///
/// Pure and deterministic. The ruleset's rules are compiled at load (`RuleDefinition`), so a
/// review switches over the checks, fills the message templates of the job's language and builds
/// the evidence pointers; nothing else is allocated per rule.
public enum ComplianceEvaluator {
    public static func evaluate(job: Job, pathway: Pathway?, ruleset: Ruleset, language: Language) -> [RuleResult] {
        guard !ruleset.rules.isEmpty else { return [] }
        let context = RuleContext(job: job, pathway: pathway, ruleset: ruleset, language: language)
        var results: [RuleResult] = []
        results.reserveCapacity(ruleset.rules.count)
        // One buffer for building every message's bytes.
        var scratch: [UInt8] = []
        scratch.reserveCapacity(512)
        // Fields are read in place: copying a RuleDefinition would retain all of its parts.
        ruleset.rules.withUnsafeBufferPointer { rules in
            for i in rules.indices {
                let outcome = context.run(rules[i].check)
                results.append(RuleResult(
                    id: rules[i].id, capf: rules[i].capf.rawValue, pillar: rules[i].pillar, severity: rules[i].severity,
                    status: rules[i].messages.status(outcome.outcome),
                    message: rules[i].messages.render(outcome.outcome, outcome.arguments, language, scratch: &scratch),
                    evidence: outcome.evidence))
            }
        }
        return results
    }

    /// `non_compliant` if an essential rule fails, else `incomplete` if an essential rule could
    /// not be evaluated, else `compliant` (warnings allowed; also with no rules at all).
    public static func status(for rules: [RuleResult]) -> ReviewStatus {
        var incomplete = false
        for rule in rules where rule.severity == .essential {
            if rule.status == .fail { return .nonCompliant }
            if rule.status == .incomplete { incomplete = true }
        }
        return incomplete ? .incomplete : .compliant
    }

    /// 0–100 overall and per pillar: the weighted share of credit among the rules that apply
    /// (`pass` counts 1, `warn` 0.5, `fail` and `incomplete` 0; `not_applicable` is left out),
    /// rounded to 0.1. Weights come from `ruleset.rules[].weight` (default 1). With no applicable
    /// rules a score is 0. docs/RULES.md, "Scores".
    public static func scores(for rules: [RuleResult], ruleset: Ruleset) -> Scores {
        // The evaluator returns the rules in the ruleset's order: weights by index, else by id.
        let definitions = ruleset.rules
        var aligned = rules.count == definitions.count
        if aligned { for i in rules.indices where rules[i].id != definitions[i].id { aligned = false; break } }
        var byId: [String: Double] = [:]
        if !aligned { for i in definitions.indices { byId[definitions[i].id] = definitions[i].weight ?? 1 } }
        var earned = (0.0, 0.0, 0.0)
        var possible = (0.0, 0.0, 0.0)
        for i in rules.indices where rules[i].status != .notApplicable {
            let w = aligned ? (definitions[i].weight ?? 1) : (byId[rules[i].id] ?? 1)
            let credit: Double =
                switch rules[i].status {
                case .pass: 1
                case .warn: 0.5
                default: 0
                }
            switch rules[i].pillar {
            case "1":
                earned.0 += w * credit
                possible.0 += w
            case "2":
                earned.1 += w * credit
                possible.1 += w
            default:
                earned.2 += w * credit
                possible.2 += w
            }
        }
        func score(_ e: Double, _ p: Double) -> Double { p > 0 ? round1(100 * e / p) : 0 }
        return Scores(
            overall: score(earned.0 + earned.1 + earned.2, possible.0 + possible.1 + possible.2),
            pillars: PillarScores(pillar1: score(earned.0, possible.0), pillar2: score(earned.1, possible.1), pillar3: score(earned.2, possible.2)))
    }
}

/// What a check found: the outcome (which fixes the status), the figures for its message, and
/// JSON Pointers into the job to what it read (or to where a missing section belongs).
struct CheckOutcome {
    var outcome: RuleOutcome
    var arguments: MessageArguments
    var evidence: [String]

    init(_ outcome: RuleOutcome, _ arguments: MessageArguments, _ evidence: [String]) {
        self.outcome = outcome
        self.arguments = arguments
        self.evidence = evidence
    }

    init(_ outcome: RuleOutcome, _ evidence: [String]) {
        self.init(outcome, .none, evidence)
    }
}

/// The job as the checks see it, with the few figures several checks share.
struct RuleContext {
    let job: Job
    let plan: Plan
    let pathway: Pathway?
    let ruleset: Ruleset
    let language: Language
    /// The year a plan is judged at: the year of the council's adoption, else the year of the
    /// ruleset's date (a pure review has no clock).
    let reviewYear: Int

    /// At most this many item pointers in `evidence` (the rest are summarised by the message).
    static let maxItemPointers = 5

    init(job: Job, pathway: Pathway?, ruleset: Ruleset, language: Language) {
        self.job = job
        self.plan = job.plan
        self.pathway = pathway
        self.ruleset = ruleset
        self.language = language
        self.reviewYear = Self.year(of: job.plan.adoptedByCouncil) ?? Self.year(of: ruleset.date) ?? 2025
    }

    static func year(of isoDate: String?) -> Int? {
        guard let isoDate, isoDate.utf8.count >= 4 else { return nil }
        return Int(isoDate.prefix(4))
    }

    func run(_ check: RuleCheck) -> CheckOutcome {
        switch check {
        case .councilAdoption: councilAdoption()
        case .commitmentLetter: commitmentLetter()
        case .partners(let minCount): partners(minCount: minCount)
        case .netZeroTarget(let latestYear): netZeroTarget(latestYear: latestYear)
        case .interimTarget(let year, let referenceYear, let minReductionPercent): interimTarget(year: year, referenceYear: referenceYear, minReductionPercent: minReductionPercent)
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
        case .riskHazards(let hazards): riskHazards(required: hazards)
        case .riskMethod(let minHorizon): riskMethod(minHorizonYear: minHorizon)
        case .actionsQuantified(let minShare): actionsQuantified(minSharePercent: minShare)
        case .sectorCoverage(let minShare): sectorCoverage(minSectorSharePercent: minShare)
        case .adaptationActions(let levels): adaptationActions(significantLevels: levels)
        case .equity: equity()
        case .barriers(let minShare): barriers(minSharePercent: minShare)
        case .manko(let year, let closeBy, let tolerance): manko(year: year, closeByYear: closeBy, tolerancePercent: tolerance)
        case .shortTermActions(let horizon, let minShare): shortTermActions(horizonYears: horizon, minSharePercent: minShare)
        case .prioritisation(let minShare): prioritisation(minSharePercent: minShare)
        case .monitoring(let cadences): monitoring(cadences: cadences)
        case .revision(let maxYears): revision(maxYears: maxYears)
        }
    }

    // MARK: - Shared helpers

    var actions: [MitigationAction] { plan.actions ?? [] }

    static func actionPointer(_ i: Int) -> String { "/plan/actions/" + String(i) }

    /// Hazards assessed at one of `levels` (likelihood or consequence), as a set; nil without a
    /// risk assessment.
    func significantHazards(_ levels: [String]) -> HazardSet? {
        guard let assessment = plan.adaptation?.riskAssessment else { return nil }
        var out = HazardSet()
        for h in assessment.hazards ?? [] where !out.contains(h.hazard) {
            if Self.matches(h.likelihood, levels) || Self.matches(h.consequence, levels) { out.insert(h.hazard) }
        }
        return out
    }

    /// Whether `value` equals one of `options` (lower-case) ignoring case; ASCII without allocating.
    static func matches(_ value: String?, _ options: [String]) -> Bool {
        guard let value else { return false }
        for option in options where equalsIgnoringCase(value, lowercased: option) { return true }
        return false
    }

    static func equalsIgnoringCase(_ value: String, lowercased option: String) -> Bool {
        var a = value.utf8.makeIterator()
        var b = option.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return true
            case (let x?, let y?):
                if x == y || (x >= 65 && x <= 90 && x + 32 == y) { continue }
                return x >= 0x80 ? value.lowercased() == option : false
            default: return value.utf8.contains { $0 >= 0x80 } ? value.lowercased() == option : false
            }
        }
    }

    func percent(_ part: Int, of total: Int) -> Double { total > 0 ? 100 * Double(part) / Double(total) : 0 }
}

/// A set of climate hazards as bits (no allocation); iterates in the contract's order.
struct HazardSet: Equatable {
    private(set) var bits: UInt16 = 0

    static func bit(_ h: ClimateHazard) -> UInt16 {
        switch h {
        case .cloudburst: 1
        case .stormSurge: 2
        case .seaLevelRise: 4
        case .groundwater: 8
        case .heat: 16
        case .drought: 32
        case .riverFlooding: 64
        case .coastalErosion: 128
        }
    }

    func contains(_ h: ClimateHazard) -> Bool { bits & Self.bit(h) != 0 }
    mutating func insert(_ h: ClimateHazard) { bits |= Self.bit(h) }
    var isEmpty: Bool { bits == 0 }
    var count: Int { bits.nonzeroBitCount }
    func subtracting(_ other: HazardSet) -> HazardSet { HazardSet(bits: bits & ~other.bits) }
    var hazards: [ClimateHazard] { ClimateHazard.allCases.filter(contains) }
}
