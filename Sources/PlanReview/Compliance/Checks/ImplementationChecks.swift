import PlanReviewContract
import PlanReviewJSON

/// CAPF 3.2 "Identifikation af barrierer" and pillar 3's implementation, monitoring and revision; the manko.
/// Each check's spec (parameters, outcomes) is beside its code; meanings and sources: docs/RULES.md.
extension CheckSpec {
    static let implementationChecks: [CheckSpec] = [
        CheckSpec(
            kind: .barriers, parameters: [param("minSharePercent", .percent, .number(50))],
            outcomes: [yields(.pass, .pass, [.count, .total]), yields(.partial, .warn, [.count, .total]), yields(.missing, .fail, [.total]), yields(.noActions, .notApplicable)]),
        CheckSpec(
            kind: .manko,
            parameters: [param("year", .year, .number(2030)), param("closeByYear", .year, .number(2035)), param("tolerancePercent", .percent, .number(0)),
                param("understatedTolerancePercent", .percent, .number(10))],
            outcomes: [
                yields(.covered, .pass, [.year, .planned, .target]),
                yields(.closing, .warn, [.year, .gap, .share, .closeYear, .closeByYear]),
                yields(.open, .fail, [.year, .gap, .share, .closeByYear]),
                yields(.stated, .warn, [.year, .gap, .stated, .items, .share]),
                yields(.low, .fail, [.year, .gap, .stated]),
                yields(.unknown, .incomplete, [.year]),
                yields(.noTarget, .notApplicable, [.year]),
                yields(.unresolved, .incomplete, [.year]),
                yields(.noInventory, .incomplete, [.year]),
            ]),
        CheckSpec(
            kind: .shortTermActions, parameters: [param("horizonYears", .count, .number(5)), param("minSharePercent", .percent, .number(75))],
            outcomes: [
                yields(.pass, .pass, [.count, .year]), yields(.partial, .warn, [.count, .total, .items, .year]), yields(.fail, .fail, [.count, .total, .items, .year]),
                yields(.noneScheduled, .fail, [.year]),
            ]),
        CheckSpec(
            kind: .prioritisation, parameters: [param("minSharePercent", .percent, .number(75))],
            outcomes: [yields(.pass, .pass, [.count, .total]), yields(.partial, .warn, [.count, .total]), yields(.missing, .fail, [.total]), yields(.noActions, .notApplicable)]),
        CheckSpec(
            kind: .monitoring,
            parameters: [param("cadences", .strings, .list(["annual", "yearly", "quarterly", "monthly", "semiannual", "årlig", "halvårlig", "kvartalsvis", "månedlig"]))],
            outcomes: [
                yields(.pass, .pass, [.cadence, .count]), yields(.infrequent, .fail, [.cadence]), yields(.noCadence, .fail), yields(.noIndicators, .fail), yields(.missing, .fail),
            ]),
        CheckSpec(
            kind: .revision, parameters: [param("maxYears", .count, .number(5))],
            outcomes: [yields(.pass, .pass, [.year, .latestYear]), yields(.late, .fail, [.year, .latestYear]), yields(.missing, .fail, [.latestYear])]),
    ]
}

extension RuleContext {
    /// 3.2: barriers identified for the actions.
    func barriers(minSharePercent: Double) -> CheckOutcome {
        let actions = self.actions
        guard !actions.isEmpty else { return CheckOutcome(.noActions, Evidence.actions) }
        var count = 0
        for i in actions.indices where actions[i].barriers?.isEmpty == false { count += 1 }
        if count == 0 { return CheckOutcome(.missing, [.total: .count(actions.count)], Evidence.actions) }
        let arguments: MessageArguments = [.count: .count(count), .total: .count(actions.count)]
        return CheckOutcome(percent(count, of: actions.count) + 1e-9 >= minSharePercent ? .pass : .partial, arguments, Evidence.actions)
    }

    /// 2.4: the manko. The planned trajectory meets the target line in `year` (`covered`); or
    /// the plan accounts for ("redegør for") the gap: it states it in `plan.manko` with how it
    /// will be handled (`stated`, warn: DK2020 approves plans with a stated manko, Aarhus 2020),
    /// or its later actions bring the trajectory back on target by `closeByYear` (`closing`,
    /// warn); else `open` (fail). A `netZero` target before `year` sets the line to zero there.
    /// A stated manko below the computed gap of its year by more than `understatedTolerancePercent`
    /// is no account of it (`low`, fail).
    func manko(year: Int, closeByYear: Int, tolerancePercent: Double, understatedTolerancePercent: Double) -> CheckOutcome {
        let yearValue = MessageValue.year(year)
        guard let pathway else { return CheckOutcome(.noInventory, [.year: yearValue], Evidence.inventory) }
        let targets = plan.targets ?? []
        let netZeroBefore = pathway.netZeroTargetYear.map { $0 <= year } ?? false
        let stated = targets.firstIndex { $0.year == year }
        guard stated != nil || netZeroBefore || pathway.targets.contains(where: { $0.applied && $0.year > year }) else {
            return CheckOutcome(.noTarget, [.year: yearValue], Evidence.targets)
        }
        let targetPointer = stated.map { Self.pointer("/plan/targets/", $0) } ?? "/plan/targets"
        let i = year - pathway.baseYear
        if let stated, !netZeroBefore, pathway.targets.first(where: { $0.year == year && targets[stated].sectors == $0.sectors })?.applied != true {
            return CheckOutcome(.unresolved, [.year: yearValue], [targetPointer, "/plan/inventory/history"])
        }
        guard i >= 0, i < pathway.years.count else { return CheckOutcome(.unresolved, [.year: yearValue], [targetPointer]) }
        if unknown.actionStatus || unknown.actionKind { return CheckOutcome(.unknown, [.year: yearValue], Evidence.actions) }
        let target = pathway.targetTco2e[i]
        let tolerance = abs(target) * tolerancePercent / 100
        var evidence = [targetPointer, "/plan/actions", "/plan/businessAsUsual"]
        let gap = pathway.gapTco2e[i]
        if gap <= tolerance {
            return CheckOutcome(.covered, [.year: yearValue, .planned: .tonnes(pathway.plannedTco2e[i]), .target: .tonnes(target)], evidence)
        }
        let needed = pathway.businessAsUsualTco2e[i] - pathway.targetTco2e[i]
        let share = needed > 0 ? max(0, 100 * (pathway.businessAsUsualTco2e[i] - pathway.plannedTco2e[i]) / needed) : 0
        if let manko = plan.manko, manko.year <= year, !(manko.handling ?? []).isEmpty {
            if unknown.mankoHandling { return CheckOutcome(.unknown, [.year: yearValue], ["/plan/manko/handling"]) }
            evidence.append("/plan/manko")
            // The statement must account for the computed gap of its year (within the tolerance):
            // compensation never counts, so a manko net of compensation understates it.
            if let computed = pathway.mankoStated?.computedGapTco2e, manko.tco2e < computed * (1 - understatedTolerancePercent / 100) {
                return CheckOutcome(.low, [.year: .year(manko.year), .gap: .tonnes(computed), .stated: .tonnes(manko.tco2e)], evidence)
            }
            let handling = (manko.handling ?? []).map { ComplianceText.handling($0, language) }
            return CheckOutcome(.stated, [.year: .year(manko.year), .gap: .tonnes(gap), .stated: .tonnes(manko.tco2e), .items: .texts(handling), .share: .percent(share)], evidence)
        }
        var closed: Int?
        for k in i..<pathway.years.count where pathway.gapTco2e[k] <= tolerance {
            closed = pathway.years[k]
            break
        }
        if let closed, closed <= closeByYear {
            return CheckOutcome(
                .closing, [.year: yearValue, .gap: .tonnes(gap), .share: .percent(share), .closeYear: .year(closed), .closeByYear: .year(closeByYear)], evidence)
        }
        return CheckOutcome(.open, [.year: yearValue, .gap: .tonnes(gap), .share: .percent(share), .closeByYear: .year(closeByYear)], evidence)
    }

    /// 3.2: short-term actions (starting within `horizonYears` of the review year) have an
    /// owner, funding (or a cost) and staff; the start year is their timetable.
    func shortTermActions(horizonYears: Int, minSharePercent: Double) -> CheckOutcome {
        let until = reviewYear + horizonYears
        var total = 0
        var incomplete = 0
        var ids: [String] = []
        var evidence: [String] = []
        // Read in place (by index): a copy of an action would retain all of its strings.
        let actions = self.actions
        for i in actions.indices {
            guard let start = actions[i].startYear, start <= until else { continue }
            total += 1
            let complete = !(actions[i].owner ?? "").isEmpty && (!(actions[i].funding ?? "").isEmpty || actions[i].costDkk != nil) && actions[i].staffFte != nil
            if complete { continue }
            incomplete += 1
            if ids.count < Self.maxItemPointers {
                ids.append(actions[i].id)
                evidence.append(Self.actionPointer(i))
            }
        }
        if total == 0 { return CheckOutcome(.noneScheduled, [.year: .year(until)], Evidence.actions) }
        if incomplete == 0 { return CheckOutcome(.pass, [.count: .count(total), .year: .year(until)], Evidence.actions) }
        if incomplete > ids.count { ids.append("…") }
        let arguments: MessageArguments = [.count: .count(incomplete), .total: .count(total), .items: .texts(ids), .year: .year(until)]
        return CheckOutcome(percent(total - incomplete, of: total) + 1e-9 >= minSharePercent ? .partial : .fail, arguments, evidence)
    }

    /// 3.2: quantified actions carry a cost, so they can be ranked by DKK per tonne.
    func prioritisation(minSharePercent: Double) -> CheckOutcome {
        var quantified = 0
        var withCost = 0
        let actions = self.actions
        for i in actions.indices where actions[i].reductionTco2e != nil {
            quantified += 1
            if actions[i].costDkk != nil { withCost += 1 }
        }
        if quantified == 0 { return CheckOutcome(.noActions, Evidence.actions) }
        if withCost == 0 { return CheckOutcome(.missing, [.total: .count(quantified)], Evidence.actions) }
        let arguments: MessageArguments = [.count: .count(withCost), .total: .count(quantified)]
        return CheckOutcome(percent(withCost, of: quantified) + 1e-9 >= minSharePercent ? .pass : .partial, arguments, Evidence.actions)
    }

    /// 3.2: monitoring with indicators and at least annual reporting.
    func monitoring(cadences: [String]) -> CheckOutcome {
        guard let monitoring = plan.monitoring else { return CheckOutcome(.missing, Evidence.monitoring) }
        let indicators = monitoring.indicators ?? []
        if indicators.isEmpty { return CheckOutcome(.noIndicators, Evidence.monitoringIndicators) }
        guard let cadence = monitoring.reportingCadence, !cadence.isEmpty else { return CheckOutcome(.noCadence, Evidence.monitoringReportingCadence) }
        guard Self.matches(cadence, cadences) else { return CheckOutcome(.infrequent, [.cadence: .text(cadence)], Evidence.monitoringReportingCadence) }
        return CheckOutcome(.pass, [.cadence: .text(cadence), .count: .count(indicators.count)], Evidence.monitoringReportingCadenceAndMonitoringIndicators)
    }

    /// 3.2: a revision of the plan at most `maxYears` after the review year.
    func revision(maxYears: Int) -> CheckOutcome {
        let latest = reviewYear + maxYears
        let pointer = Evidence.monitoringRevisionYear
        guard let year = plan.monitoring?.revisionYear else { return CheckOutcome(.missing, [.latestYear: .year(latest)], pointer) }
        return CheckOutcome(year <= latest ? .pass : .late, [.year: .year(year), .latestYear: .year(latest)], pointer)
    }
}
