import PlanReviewContract
import PlanReviewJSON

/// CAPF 2.4 "Udledningsstier": BAU, the planned pathway against the targets, benchmarks, carbon budget.
/// Each check's spec (parameters, outcomes) is beside its code; meanings and sources: docs/RULES.md.
extension CheckSpec {
    static let pathwayChecks: [CheckSpec] = [
        CheckSpec(
            kind: .netZeroPathway,
            parameters: [param("understatedTolerancePercent", .percent, .number(10)), param("unstated", .unstated, .string("incomplete"))],
            outcomes: [
                yields(.low, .fail, [.year, .gap, .stated]),
                yields(.pass, .pass, [.year, .netZeroYear]), yields(.stated, .warn, [.year, .stated, .items, .gap, .netZeroYear]),
                yields(.late, .fail, [.year, .netZeroYear]), yields(.missing, .fail, [.netZeroYear, .gap]),
                yields(.unaccountedLate, .incomplete, [.year, .netZeroYear]), yields(.unaccounted, .incomplete, [.netZeroYear, .gap]),
                yields(.noTarget, .notApplicable), yields(.noInventory, .notApplicable), yields(.unknown, .incomplete),
            ]),
        CheckSpec(
            kind: .businessAsUsual, parameters: [],
            outcomes: [yields(.pass, .pass, [.year, .bau, .planned]), yields(.missing, .fail), yields(.noInventory, .notApplicable)]),
        CheckSpec(
            kind: .pathwayTargets, parameters: [],
            outcomes: [yields(.pass, .pass, [.count]), yields(.warn, .warn, [.count, .items]), yields(.noTargets, .notApplicable), yields(.noInventory, .notApplicable)]),
        CheckSpec(
            kind: .benchmarks, parameters: [param("benchmarks", .benchmarks, .list(["klimaloven", "ipcc_ar6"]))],
            outcomes: [yields(.pass, .pass, [.items]), yields(.warn, .warn, [.items]), yields(.noInventory, .notApplicable)]),
        CheckSpec(
            kind: .carbonBudget, parameters: [],
            outcomes: [
                yields(.unknown, .incomplete),
                yields(.pass, .pass, [.budget, .planned, .year]), yields(.fail, .fail, [.budget, .planned, .overshoot, .year, .closeYear]),
                yields(.notApplicable, .notApplicable),
            ]),
    ]
}

extension RuleContext {
    /// 2.4: a business-as-usual projection of the plan's own (not the base year held flat).
    func businessAsUsual() -> CheckOutcome {
        guard let pathway else { return CheckOutcome(.noInventory, Evidence.inventory) }
        guard pathway.bauSource == .given else { return CheckOutcome(.missing, Evidence.businessAsUsual) }
        let i = pathway.years.firstIndex(of: PathwayCalculator.milestoneYear) ?? (pathway.years.count - 1)
        return CheckOutcome(
            .pass, [.year: .year(pathway.years[i]), .bau: .tonnes(pathway.businessAsUsualTco2e[i]), .planned: .tonnes(pathway.plannedTco2e[i])],
            Evidence.businessAsUsual)
    }

    /// 2.4: the planned trajectory (BAU minus actions) meets every target in its year.
    func pathwayTargets() -> CheckOutcome {
        guard let pathway else { return CheckOutcome(.noInventory, Evidence.inventory) }
        var applied = 0
        var misses: [YearTonnes] = []
        for t in pathway.targets where t.applied {
            applied += 1
            let i = t.year - pathway.baseYear
            guard i >= 0, i < pathway.gapTco2e.count, pathway.gapTco2e[i] > 0 else { continue }
            if misses.isEmpty { misses.reserveCapacity(pathway.targets.count) }
            misses.append(YearTonnes(year: t.year, tonnes: pathway.gapTco2e[i]))
        }
        if applied == 0 { return CheckOutcome(.noTargets, Evidence.targets) }
        if misses.isEmpty { return CheckOutcome(.pass, [.count: .count(applied)], Evidence.targetsAndActions) }
        return CheckOutcome(.warn, [.count: .count(misses.count), .items: .gaps(misses)], Evidence.targetsAndActions)
    }

    /// 2.4: the plan's targets against the 1.5 °C benchmarks of the ruleset (Klimaloven, IPCC AR6).
    func benchmarks(ids: [String]) -> CheckOutcome {
        guard let pathway else { return CheckOutcome(.noInventory, Evidence.inventory) }
        // Read in place: a copy of a definition would retain all of its parts.
        let definitions = ruleset.benchmarks
        func label(_ id: String) -> String {
            for i in definitions.indices where definitions[i].id == id { return definitions[i].label?.text(language) ?? id }
            return id
        }
        var met: [BenchmarkItem] = []
        var problems: [BenchmarkItem] = []
        // Points that cannot be evaluated are listed once per benchmark with their years.
        var unevaluable: [BenchmarkItem] = []
        // Read in place: a copy of a result would retain its strings.
        let results = pathway.benchmarks
        for r in results.indices where ids.contains(results[r].id) {
            let name = label(results[r].id)
            if let ok = results[r].met, let plan = results[r].planReductionPercent {
                let item = BenchmarkItem(label: name, years: [results[r].year], planPercent: plan, requiredPercent: results[r].reductionPercent, met: ok, reason: nil)
                if ok { met.append(item) } else { problems.append(item) }
            } else if let k = unevaluable.firstIndex(where: { $0.label == name }) {
                unevaluable[k].years.append(results[r].year)
            } else {
                var years = [results[r].year]
                years.reserveCapacity(4)
                unevaluable.append(BenchmarkItem(label: name, years: years, planPercent: nil, requiredPercent: results[r].reductionPercent, met: nil, reason: results[r].reason))
            }
        }
        problems += unevaluable
        let evidence = Evidence.targetsAndInventoryHistory
        if problems.isEmpty { return CheckOutcome(.pass, [.items: .benchmarks(met)], evidence) }
        return CheckOutcome(.warn, [.items: .benchmarks(problems)], evidence)
    }

    /// 2.4: the planned trajectory stays within the plan's own carbon budget (Tyndall method).
    func carbonBudget() -> CheckOutcome {
        guard let budget = pathway?.budget else { return CheckOutcome(.notApplicable, Evidence.carbonBudget) }
        if unknown.budgetScope { return CheckOutcome(.unknown, ["/plan/carbonBudget/scope"]) }
        var arguments: MessageArguments = [.budget: .tonnes(budget.budgetTco2e), .planned: .tonnes(budget.plannedCumulativeTco2e), .year: .year(budget.toYear)]
        if budget.overshootTco2e <= 0 { return CheckOutcome(.pass, arguments, Evidence.carbonBudget) }
        arguments.append((.overshoot, .tonnes(budget.overshootTco2e)))
        arguments.append((.closeYear, .year(budget.yearExhaustedUnderPlan ?? budget.toYear)))
        return CheckOutcome(.fail, arguments, Evidence.carbonBudgetAndActions)
    }

    /// 2.4: headline honesty (issue 12). The planned pathway (BAU minus the actions that count)
    /// reaches the plan's own net-zero target in its year (`pass`); or the plan states its
    /// manko with a handling (`stated`, warn: DK2020 asks the plan to account for the residual,
    /// "redegøre for manko"); else it reaches net zero late (`late`) or never (`missing`), and
    /// the plan cannot be compliant. Without a stated manko the rule is `incomplete`
    /// (`unaccounted`, `unaccounted_late`) unless the ruleset's `unstated` is `fail` (`late`,
    /// `missing`): the panel approved plans whose account of the residual a job may leave out
    /// (`plan.manko` is optional in v1.1), so the review asks for it instead of failing the plan.
    func netZeroPathway(understatedTolerancePercent: Double, unstatedFails: Bool) -> CheckOutcome {
        guard let pathway else { return CheckOutcome(.noInventory, Evidence.inventory) }
        guard let target = pathway.netZeroTargetYear else { return CheckOutcome(.noTarget, Evidence.targets) }
        if unknown.actionStatus || unknown.actionKind { return CheckOutcome(.unknown, Evidence.actions) }
        let evidence = Evidence.targetsAndActions
        if let reached = pathway.netZeroYearPlanned, reached <= target {
            return CheckOutcome(.pass, [.year: .year(reached), .netZeroYear: .year(target)], evidence)
        }
        let gap = pathway.gapNetZeroYearTco2e ?? 0
        if let manko = plan.manko, !(manko.handling ?? []).isEmpty {
            if unknown.mankoHandling { return CheckOutcome(.unknown, ["/plan/manko/handling"]) }
            if let computed = pathway.mankoStated?.computedGapTco2e, manko.tco2e < computed * (1 - understatedTolerancePercent / 100) {
                return CheckOutcome(.low, [.year: .year(manko.year), .gap: .tonnes(computed), .stated: .tonnes(manko.tco2e)], evidence + ["/plan/manko"])
            }
            let handling = (manko.handling ?? []).map { ComplianceText.handling($0, language) }
            return CheckOutcome(
                .stated, [.year: .year(manko.year), .stated: .tonnes(manko.tco2e), .items: .texts(handling), .gap: .tonnes(gap), .netZeroYear: .year(target)],
                evidence + ["/plan/manko"])
        }
        if let reached = pathway.netZeroYearPlanned {
            return CheckOutcome(unstatedFails ? .late : .unaccountedLate, [.year: .year(reached), .netZeroYear: .year(target)], evidence)
        }
        return CheckOutcome(unstatedFails ? .missing : .unaccounted, [.netZeroYear: .year(target), .gap: .tonnes(gap)], evidence)
    }
}
