import PlanReviewContract
import PlanReviewJSON

/// CAPF 3.1 "Tiltag": quantified mitigation actions, sector coverage, adaptation actions, equity.
/// Each check's spec (parameters, outcomes) is beside its code; meanings and sources: docs/RULES.md.
extension CheckSpec {
    static let actionsChecks: [CheckSpec] = [
        CheckSpec(
            kind: .actionsQuantified, parameters: [param("minSharePercent", .percent, .number(75))],
            outcomes: [
                yields(.pass, .pass, [.total]), yields(.partial, .warn, [.count, .total, .items]), yields(.fail, .fail, [.count, .total, .items, .minimum]),
                yields(.noActions, .fail),
            ]),
        CheckSpec(
            kind: .sectorCoverage,
            parameters: [
                param("minSectorSharePercent", .percent, .number(20)), param("largeSharePercent", .percent, .number(25)),
                param("minCoveragePercent", .percent, .number(10)),
            ],
            outcomes: [
                yields(.thin, .warn, [.items, .minimum]),yields(.pass, .pass, [.items]), yields(.missing, .fail, [.missing]), yields(.noInventory, .notApplicable)]),
        CheckSpec(
            kind: .adaptationActions, parameters: [param("significantLevels", .strings, .list(["high", "very_high"]))],
            outcomes: [
                yields(.unknown, .incomplete),yields(.pass, .pass, [.count]), yields(.partial, .warn, [.count, .missing]), yields(.missing, .fail)]),
        CheckSpec(kind: .equity, parameters: [], outcomes: [yields(.pass, .pass), yields(.fail, .fail), yields(.missing, .fail)]),
    ]
}

extension RuleContext {
    /// 3.1: mitigation actions, each with a CO2 estimate (`reductionTco2e` and `startYear`).
    func actionsQuantified(minSharePercent: Double) -> CheckOutcome {
        let actions = self.actions
        guard !actions.isEmpty else { return CheckOutcome(.noActions, Evidence.actions) }
        var unquantified = 0
        var ids: [String] = []
        var evidence: [String] = []
        // Read in place (by index): a copy of an action would retain all of its strings.
        for i in actions.indices where actions[i].reductionTco2e == nil || actions[i].startYear == nil {
            unquantified += 1
            if ids.count < Self.maxItemPointers {
                ids.append(actions[i].id)
                evidence.append(Self.actionPointer(i, "/reductionTco2e"))
            }
        }
        if unquantified == 0 { return CheckOutcome(.pass, [.total: .count(actions.count)], Evidence.actions) }
        if unquantified > ids.count { ids.append("…") }
        var arguments: MessageArguments = [.count: .count(unquantified), .total: .count(actions.count), .items: .texts(ids)]
        if percent(actions.count - unquantified, of: actions.count) + 1e-9 >= minSharePercent { return CheckOutcome(.partial, arguments, evidence) }
        arguments.append((.minimum, .percent(minSharePercent)))
        return CheckOutcome(.fail, arguments, evidence)
    }

    /// 3.1: every sector with at least `minSectorSharePercent` of the baseline has a quantified
    /// action (a rural plan must act on agriculture, a city on heating and transport).
    /// Plausibility (issue 12), weighting by tonnes: a sector with at least `largeSharePercent`
    /// of the emissions whose actions cover less than `minCoveragePercent` of it is `thin` (warn).
    func sectorCoverage(minSectorSharePercent: Double, largeSharePercent: Double, minCoveragePercent: Double) -> CheckOutcome {
        guard let pathway else { return CheckOutcome(.noInventory, Evidence.inventory) }
        var covered: [GPCSector] = []
        var missing: [SectorPercent] = []
        if pathway.baselineTco2e > 0 {
            for c in pathway.sectorContributions {
                let share = 100 * c.baselineTco2e / pathway.baselineTco2e
                guard share + 1e-9 >= minSectorSharePercent else { continue }
                if c.fullEffectReductionTco2e > 0 {
                    covered.append(c.sector)
                } else {
                    missing.append(SectorPercent(sector: c.sector, percent: share))
                }
            }
        }
        if missing.isEmpty {
            var thin: [SectorPercent] = []
            if pathway.baselineTco2e > 0 {
                for c in pathway.sectorContributions where c.baselineTco2e > 0 && 100 * c.baselineTco2e / pathway.baselineTco2e + 1e-9 >= largeSharePercent {
                    let coverage = 100 * c.fullEffectReductionTco2e / c.baselineTco2e
                    if coverage < minCoveragePercent {
                        thin.append(SectorPercent(sector: c.sector, percent: coverage))
                    }
                }
            }
            if !thin.isEmpty { return CheckOutcome(.thin, [.items: .sectorPercents(thin), .minimum: .percent(minCoveragePercent)], Evidence.inventoryEntriesAndActions) }
            return CheckOutcome(.pass, [.items: .sectors(covered)], Evidence.inventoryEntriesAndActions)
        }
        return CheckOutcome(.missing, [.missing: .sectorPercents(missing)], Evidence.inventoryEntriesAndActions)
    }

    /// 3.1: adaptation actions, covering every hazard the risk assessment rates significant.
    func adaptationActions(significantLevels: [String]) -> CheckOutcome {
        let actions = plan.adaptation?.actions ?? []
        guard !actions.isEmpty else { return CheckOutcome(.missing, Evidence.adaptationActions) }
        if unknown.hazardLevel { return CheckOutcome(.unknown, Evidence.adaptationRiskAssessmentHazards) }
        var covered = HazardSet()
        for i in actions.indices { for h in actions[i].hazards ?? [] { covered.insert(h) } }
        let missing = (significantHazards(significantLevels) ?? HazardSet()).subtracting(covered)
        if missing.isEmpty { return CheckOutcome(.pass, [.count: .count(actions.count)], Evidence.adaptationActions) }
        return CheckOutcome(.partial, [.count: .count(actions.count), .missing: .hazards(missing.hazards)], Evidence.adaptationActionsAndAdaptationRiskAssessmentHazards)
    }

    /// 3.1: inclusivity and equity considered (CAPF "inclusive climate action").
    func equity() -> CheckOutcome {
        let pointer = Evidence.engagementEquityConsidered
        switch plan.engagement?.equityConsidered {
        case true?: return CheckOutcome(.pass, pointer)
        case false?: return CheckOutcome(.fail, pointer)
        case nil: return CheckOutcome(.missing, pointer)
        }
    }
}
