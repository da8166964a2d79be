import PlanReviewContract
import PlanReviewJSON

/// CAPF 1.3 "Mål og målsætninger": net zero, interim targets, horizons, adaptation goals, co-benefits.
/// Each check's spec (parameters, outcomes) is beside its code; meanings and sources: docs/RULES.md.
extension CheckSpec {
    static let targetsChecks: [CheckSpec] = [
        CheckSpec(
            kind: .netZeroTarget, parameters: [param("latestYear", .year, .number(2050))],
            outcomes: [yields(.pass, .pass, [.year, .latestYear]), yields(.late, .fail, [.year, .latestYear]), yields(.missing, .fail, [.latestYear])]),
        CheckSpec(
            kind: .interimTarget,
            parameters: [param("year", .year, .number(2030)), param("referenceYear", .year, .number(1990)), param("minReductionPercent", .percent, .number(70))],
            outcomes: [
                yields(.pass, .pass, [.year, .percent, .referenceYear, .requiredPercent]),
                yields(.fail, .fail, [.year, .percent, .referenceYear, .requiredPercent]),
                yields(.missing, .fail, [.year, .referenceYear, .requiredPercent]),
                yields(.noReference, .incomplete, [.year, .referenceYear, .requiredPercent]),
                yields(.unresolved, .incomplete, [.year, .baseYear]),
            ]),
        CheckSpec(
            kind: .targetHorizons, parameters: [param("shortTermLatestYear", .year, .number(2027)), param("longTermEarliestYear", .year, .number(2040))],
            outcomes: [yields(.pass, .pass, [.items]), yields(.partial, .warn, [.items, .missing]), yields(.missing, .fail, [.missing])]),
        CheckSpec(
            kind: .adaptationGoals, parameters: [param("significantLevels", .strings, .list(["high"]))],
            outcomes: [
                yields(.pass, .pass, [.count]), yields(.partial, .warn, [.count, .missing]), yields(.fail, .fail, [.missing]),
                yields(.noSignificant, .pass), yields(.noAssessment, .notApplicable),
            ]),
        CheckSpec(
            kind: .coBenefits, parameters: [param("minSharePercent", .percent, .number(50))],
            outcomes: [yields(.pass, .pass, [.count, .total]), yields(.fail, .fail, [.count, .total, .minimum]), yields(.noActions, .notApplicable)]),
    ]
}

extension RuleContext {
    /// 1.3: net zero for the geographic area by `latestYear` (DK2020; Klimaloven § 1: climate
    /// neutrality by 2050 at the latest). A 100 % reduction or an absolute target at the residual
    /// threshold counts as net zero.
    func netZeroTarget(latestYear: Int) -> CheckOutcome {
        let threshold = pathway?.residualThresholdTco2e ?? 0
        var found: (index: Int, year: Int)?
        for (i, t) in (plan.targets ?? []).enumerated() {
            let isNetZero = t.netZero == true || (t.reductionPercent ?? 0) >= 100 || (t.tco2e.map { $0 <= threshold } ?? false)
            if isNetZero, found.map({ t.year < $0.year }) ?? true { found = (i, t.year) }
        }
        guard let found else { return CheckOutcome(.missing, [.latestYear: .year(latestYear)], Evidence.targets) }
        let arguments: MessageArguments = [.year: .year(found.year), .latestYear: .year(latestYear)]
        return CheckOutcome(found.year <= latestYear ? .pass : .late, arguments, ["/plan/targets/" + String(found.index)])
    }

    /// 1.3: the target for `year` as a reduction vs `referenceYear` is at least
    /// `minReductionPercent` (Klimaloven § 1: 70 % in 2030 vs 1990). A target against another
    /// year, or absolute, is converted through the pathway's reference totals; without the
    /// reference year's total the rule is `incomplete`.
    func interimTarget(year: Int, referenceYear: Int, minReductionPercent: Double) -> CheckOutcome {
        let targets = plan.targets ?? []
        guard let i = targets.firstIndex(where: { $0.year == year }) else {
            return CheckOutcome(.missing, [.year: .year(year), .referenceYear: .year(referenceYear), .requiredPercent: .percent(minReductionPercent)], Evidence.targets)
        }
        let target = targets[i]
        let pointer = "/plan/targets/" + String(i)
        var evidence = [pointer]
        let percent: Double
        let statedAgainst = target.baseYear ?? plan.inventory?.baseYear
        if target.kind == .netZero {
            percent = 100
        } else if target.kind == .reduction, statedAgainst == referenceYear, let p = target.reductionPercent {
            percent = p
        } else {
            let history = plan.inventory?.history ?? []
            let historyPointer = history.firstIndex(where: { $0.year == referenceYear }).map { "/plan/inventory/history/" + String($0) } ?? "/plan/inventory/history"
            evidence.append(historyPointer)
            guard let pathway, let reference = pathway.referenceTotals.first(where: { $0.year == referenceYear }), reference.tco2e > 0 else {
                return CheckOutcome(.noReference, [.year: .year(year), .referenceYear: .year(referenceYear), .requiredPercent: .percent(minReductionPercent)], evidence)
            }
            guard let absolute = pathway.targets.first(where: { $0.year == year })?.tco2e else {
                return CheckOutcome(.unresolved, [.year: .year(year), .baseYear: .year(statedAgainst ?? referenceYear)], evidence)
            }
            percent = round1(100 * (1 - absolute / reference.tco2e))
        }
        let arguments: MessageArguments = [
            .year: .year(year), .percent: .percent(percent), .referenceYear: .year(referenceYear), .requiredPercent: .percent(minReductionPercent),
        ]
        return CheckOutcome(round1(percent) + 1e-9 >= minReductionPercent ? .pass : .fail, arguments, evidence)
    }

    /// 1.3: targets for the short, medium and long term (CAPF: e.g. 2025, 2030, 2050).
    func targetHorizons(shortTermLatestYear: Int, longTermEarliestYear: Int) -> CheckOutcome {
        var short = false
        var medium = false
        var long = false
        var years: [Int] = []
        for t in plan.targets ?? [] {
            if t.year <= shortTermLatestYear { short = true } else if t.year < longTermEarliestYear { medium = true } else { long = true }
            if !years.contains(t.year) { years.append(t.year) }
        }
        years.sort()
        if short && medium && long { return CheckOutcome(.pass, [.items: .years(years)], Evidence.targets) }
        var missing: [String] = []
        for (horizon, present) in [(ComplianceText.TargetHorizon.short, short), (.medium, medium), (.long, long)] where !present {
            missing.append(ComplianceText.horizon(horizon, shortLatest: shortTermLatestYear, longEarliest: longTermEarliestYear, language))
        }
        if missing.count == 1 { return CheckOutcome(.partial, [.items: .years(years), .missing: .texts(missing)], Evidence.targets) }
        return CheckOutcome(.missing, [.missing: .texts(missing)], Evidence.targets)
    }

    /// 1.3: an adaptation goal for every hazard the risk assessment rates significant.
    func adaptationGoals(significantLevels: [String]) -> CheckOutcome {
        let evidence = Evidence.adaptationGoalsAndAdaptationRiskAssessmentHazards
        guard let significant = significantHazards(significantLevels) else { return CheckOutcome(.noAssessment, Evidence.adaptationRiskAssessment) }
        if significant.isEmpty { return CheckOutcome(.noSignificant, evidence) }
        var covered = HazardSet()
        for goal in plan.adaptation?.goals ?? [] { if let h = goal.hazard { covered.insert(h) } }
        let missing = significant.subtracting(covered)
        if missing.isEmpty { return CheckOutcome(.pass, [.count: .count(significant.count)], evidence) }
        if missing == significant { return CheckOutcome(.fail, [.missing: .hazards(missing.hazards)], evidence) }
        return CheckOutcome(.partial, [.count: .count(significant.count - missing.count), .missing: .hazards(missing.hazards)], evidence)
    }

    /// 1.3: co-benefits (health, air, biodiversity, jobs) named for the actions.
    func coBenefits(minSharePercent: Double) -> CheckOutcome {
        let actions = self.actions
        guard !actions.isEmpty else { return CheckOutcome(.noActions, Evidence.actions) }
        var count = 0
        for a in actions where !(a.coBenefits ?? []).isEmpty { count += 1 }
        let arguments: MessageArguments = [.count: .count(count), .total: .count(actions.count), .minimum: .percent(minSharePercent)]
        return CheckOutcome(percent(count, of: actions.count) + 1e-9 >= minSharePercent ? .pass : .fail, arguments, Evidence.actions)
    }
}
