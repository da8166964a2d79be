import PlanReviewContract
import PlanReviewJSON

/// CAPF 2.1 "Kommunens kontekst" and 2.2 "Forvaltning og beføjelser".
/// Each check's spec (parameters, outcomes) is beside its code; meanings and sources: docs/RULES.md.
extension CheckSpec {
    static let contextChecks: [CheckSpec] = [
        CheckSpec(
            kind: .municipalContext, parameters: [],
            outcomes: [yields(.pass, .pass, [.population, .sector, .share]), yields(.populationOnly, .pass, [.population]), yields(.missing, .fail)]),
        CheckSpec(
            kind: .municipalPowers, parameters: [],
            outcomes: [
                yields(.pass, .pass, [.total, .direct, .influence]), yields(.partial, .warn, [.count, .total]), yields(.missing, .fail, [.total]),
                yields(.noActions, .notApplicable),
            ]),
    ]
}

extension RuleContext {
    /// 2.1: the municipality's population, and its emission profile from the inventory.
    func municipalContext() -> CheckOutcome {
        guard let population = job.municipality.population else { return CheckOutcome(.missing, Evidence.municipalityPopulation) }
        guard let pathway, pathway.baselineTco2e > 0 else {
            return CheckOutcome(.populationOnly, [.population: .count(population)], Evidence.municipalityPopulation)
        }
        var largest = GPCSector.stationaryEnergy
        for sector in GPCSector.allCases where pathway.baselineBySector[sector] > pathway.baselineBySector[largest] { largest = sector }
        let share = 100 * pathway.baselineBySector[largest] / pathway.baselineTco2e
        return CheckOutcome(
            .pass, [.population: .count(population), .sector: .text(ComplianceText.sector(largest, language)), .share: .percent(share)],
            Evidence.municipalityPopulationAndInventoryEntries)
    }

    /// 2.2: every action says whether the municipality acts directly or through influence
    /// (C40 CAPF "city powers").
    func municipalPowers() -> CheckOutcome {
        let actions = self.actions
        guard !actions.isEmpty else { return CheckOutcome(.noActions, Evidence.actions) }
        var direct = 0
        var influence = 0
        var missing = 0
        var evidence: [String] = []
        for i in actions.indices {
            switch actions[i].municipalPower {
            case .direct?: direct += 1
            case .influence?, MunicipalPower.none?: influence += 1
            case nil:
                missing += 1
                if evidence.count < Self.maxItemPointers { evidence.append(Self.actionPointer(i, "/municipalPower")) }
            }
        }
        if missing == 0 {
            return CheckOutcome(.pass, [.total: .count(actions.count), .direct: .count(direct), .influence: .count(influence)], Evidence.actions)
        }
        if missing == actions.count { return CheckOutcome(.missing, [.total: .count(actions.count)], evidence) }
        return CheckOutcome(.partial, [.count: .count(missing), .total: .count(actions.count)], evidence)
    }
}
