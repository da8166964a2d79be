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
            parameters: [
                param("year", .year, .number(2030)), param("referenceYear", .year, .number(1990)), param("minReductionPercent", .percent, .number(70)),
                param("sectorSplit", .status, .string("pass")),
            ],
            outcomes: [
                yields(.pass, .pass, [.year, .percent, .referenceYear, .requiredPercent]),
                yields(.fail, .fail, [.year, .percent, .referenceYear, .requiredPercent]),
                yields(.missing, .fail, [.year, .referenceYear, .requiredPercent]),
                yields(.noReference, .incomplete, [.year, .referenceYear, .requiredPercent]),
                yields(.unresolved, .incomplete, [.year, .baseYear]),
                yields(.implied, .pass, [.year, .percent, .referenceYear, .requiredPercent, .items]),
                yields(.impliedFail, .fail, [.year, .percent, .referenceYear, .requiredPercent, .items]),
                yields(.split, .pass, [.year, .percent, .referenceYear, .requiredPercent, .sector]),
                yields(.splitWarn, .warn, [.year, .percent, .referenceYear, .requiredPercent, .sector]),
            ]),
        CheckSpec(
            kind: .targetHorizons, parameters: [param("shortTermLatestYear", .year, .number(2027)), param("longTermEarliestYear", .year, .number(2040))],
            outcomes: [yields(.pass, .pass, [.items]), yields(.partial, .warn, [.items, .missing]), yields(.missing, .fail, [.missing])]),
        CheckSpec(
            kind: .adaptationGoals, parameters: [param("significantLevels", .strings, .list(["high", "very_high"]))],
            outcomes: [
                yields(.unknown, .incomplete),
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
        return CheckOutcome(found.year <= latestYear ? .pass : .late, arguments, [Self.pointer("/plan/targets/", found.index)])
    }

    /// 1.3: the plan's target line in `year` as a reduction vs `referenceYear` is at least
    /// `minReductionPercent` (Klimaloven § 1 stk. 1: 70 % in 2030 vs 1990), compared unrounded.
    ///
    /// Contract v1.1: the line is read at `year` (linear between stated targets; a net-zero
    /// target means 100 % from its year on, so net zero 2025 meets the 2030 target); when no
    /// target is stated for `year` itself the message says which targets imply it (`implied`).
    /// Sector-split targets (agriculture on its own target, the other sectors ≥ the minimum vs
    /// `referenceYear`) are accepted DK2020 practice (Tønder): `split`, or `split_warn` when the
    /// ruleset's `sectorSplit` is `warn`; never a fail when the other sectors meet the minimum.
    func interimTarget(year: Int, referenceYear: Int, minReductionPercent: Double, sectorSplitWarns: Bool) -> CheckOutcome {
        let targets = plan.targets ?? []
        let stated = targets.indices.filter { targets[$0].year == year }
        let required = MessageValue.percent(minReductionPercent)
        // Sector-split targets for `year`: the group without AFOLU is judged.
        if stated.contains(where: { targets[$0].sectors != nil }) {
            let others = stated.first { i in
                let s = targets[i].sectors.map(GPCSectorSet.init) ?? .all
                return !s.contains(.afolu) && s.count == GPCSector.allCases.count - 1
            }
            guard let i = others, targets[i].kind == .reduction, (targets[i].baseYear ?? plan.inventory?.baseYear) == referenceYear, let p = targets[i].reductionPercent else {
                return CheckOutcome(.unresolved, [.year: .year(year), .baseYear: .year(referenceYear)], stated.map { Self.pointer("/plan/targets/", $0) })
            }
            let arguments: MessageArguments = [
                .year: .year(year), .percent: .percent(p), .referenceYear: .year(referenceYear), .requiredPercent: required,
                .sector: .text(ComplianceText.word(.otherSectors, language)),
            ]
            let evidence = stated.map { Self.pointer("/plan/targets/", $0) }
            if p + 1e-9 < minReductionPercent { return CheckOutcome(.fail, arguments, evidence) }
            return CheckOutcome(sectorSplitWarns ? .splitWarn : .split, arguments, evidence)
        }
        guard let pathway, !targets.isEmpty else {
            return CheckOutcome(.missing, [.year: .year(year), .referenceYear: .year(referenceYear), .requiredPercent: required], Evidence.targets)
        }
        // The line is defined at `year` when a target at or after it shapes it, or net zero came before.
        let netZeroBefore = pathway.netZeroTargetYear.map { $0 <= year } ?? false
        let shaping = pathway.targets.contains { $0.applied && $0.year >= year }
        if stated.isEmpty && !netZeroBefore && !shaping {
            return CheckOutcome(.missing, [.year: .year(year), .referenceYear: .year(referenceYear), .requiredPercent: required], Evidence.targets)
        }
        var evidence = stated.isEmpty ? Evidence.targets : [Self.pointer("/plan/targets/", stated[0])]
        if let i = stated.first, !netZeroBefore, pathway.targets.first(where: { $0.year == year })?.applied != true, targets[i].kind != .netZero,
            !(targets[i].kind == .reduction && (targets[i].baseYear ?? plan.inventory?.baseYear) == referenceYear)
        {
            let statedAgainst = targets[i].baseYear ?? plan.inventory?.baseYear ?? referenceYear
            if pathway.referenceTotals.contains(where: { $0.year == referenceYear && $0.tco2e > 0 }) {
                return CheckOutcome(.unresolved, [.year: .year(year), .baseYear: .year(statedAgainst)], evidence + ["/plan/inventory/history"])
            }
        }
        let percent: Double
        if netZeroBefore {
            percent = 100
        } else if let i = stated.first, targets[i].kind == .reduction, (targets[i].baseYear ?? plan.inventory?.baseYear) == referenceYear, let p = targets[i].reductionPercent {
            percent = p
        } else {
            let history = plan.inventory?.history ?? []
            evidence.append(history.firstIndex(where: { $0.year == referenceYear && $0.sector == nil }).map { Self.pointer("/plan/inventory/history/", $0) } ?? "/plan/inventory/history")
            guard let reference = pathway.referenceTotals.first(where: { $0.year == referenceYear }), reference.tco2e > 0 else {
                return CheckOutcome(.noReference, [.year: .year(year), .referenceYear: .year(referenceYear), .requiredPercent: required], evidence)
            }
            guard let k = pathway.years.firstIndex(of: year) else {
                return CheckOutcome(.missing, [.year: .year(year), .referenceYear: .year(referenceYear), .requiredPercent: required], Evidence.targets)
            }
            percent = 100 * (1 - pathway.targetTco2e[k] / reference.tco2e)
        }
        let met = percent + 1e-9 >= minReductionPercent
        var arguments: MessageArguments = [.year: .year(year), .percent: .percent(percent), .referenceYear: .year(referenceYear), .requiredPercent: required]
        if stated.isEmpty {
            arguments.append((.items, .years(Array(Set(targets.map(\.year))).sorted())))
            return CheckOutcome(met ? .implied : .impliedFail, arguments, evidence)
        }
        return CheckOutcome(met ? .pass : .fail, arguments, evidence)
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
        missing.reserveCapacity(2)
        func add(_ horizon: ComplianceText.TargetHorizon) {
            missing.append(ComplianceText.horizon(horizon, shortLatest: shortTermLatestYear, longEarliest: longTermEarliestYear, language))
        }
        if !short { add(.short) }
        if !medium { add(.medium) }
        if !long { add(.long) }
        if missing.count == 1 { return CheckOutcome(.partial, [.items: .years(years), .missing: .texts(missing)], Evidence.targets) }
        return CheckOutcome(.missing, [.missing: .texts(missing)], Evidence.targets)
    }

    /// 1.3: an adaptation goal for every hazard the risk assessment rates significant.
    func adaptationGoals(significantLevels: [String]) -> CheckOutcome {
        let evidence = Evidence.adaptationGoalsAndAdaptationRiskAssessmentHazards
        guard let significant = significantHazards(significantLevels) else { return CheckOutcome(.noAssessment, Evidence.adaptationRiskAssessment) }
        // A likelihood or consequence outside the vocabulary: significance unknown (notes[]).
        if unknown.hazardLevel { return CheckOutcome(.unknown, Evidence.adaptationRiskAssessmentHazards) }
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
        for i in actions.indices where actions[i].coBenefits?.isEmpty == false { count += 1 }
        let arguments: MessageArguments = [.count: .count(count), .total: .count(actions.count), .minimum: .percent(minSharePercent)]
        return CheckOutcome(percent(count, of: actions.count) + 1e-9 >= minSharePercent ? .pass : .fail, arguments, Evidence.actions)
    }
}
