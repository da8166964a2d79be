import PlanReviewContract
import PlanReviewJSON

/// Checks of CAPF pillar 2, "Udfordringer og muligheder" (challenges and opportunities): items
/// 2.1–2.5. Meanings and sources: docs/RULES.md.
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
        for (i, a) in actions.enumerated() {
            switch a.municipalPower {
            case .direct?: direct += 1
            case .influence?, MunicipalPower.none?: influence += 1
            case nil:
                missing += 1
                if evidence.count < Self.maxItemPointers { evidence.append(Self.actionPointer(i) + "/municipalPower") }
            }
        }
        if missing == 0 {
            return CheckOutcome(.pass, [.total: .count(actions.count), .direct: .count(direct), .influence: .count(influence)], Evidence.actions)
        }
        if missing == actions.count { return CheckOutcome(.missing, [.total: .count(actions.count)], evidence) }
        return CheckOutcome(.partial, [.count: .count(missing), .total: .count(actions.count)], evidence)
    }

    /// Per GPC sector and scope (bit `sector * 3 + scope - 1`): reported (a figure, or NO/IE/C),
    /// and only "not estimated" (NE).
    private func coverage(_ inventory: Inventory) -> (reported: UInt16, notEstimated: UInt16) {
        var reported: UInt16 = 0
        var notEstimated: UInt16 = 0
        for e in inventory.entries {
            let bit: UInt16 = 1 << (Self.sectorIndex(e.sector) * 3 + min(max(e.scope, 1), 3) - 1)
            if e.tco2e != nil || (e.notation != nil && e.notation != .ne) { reported |= bit } else { notEstimated |= bit }
        }
        return (reported, notEstimated & ~reported)
    }

    static func sectorIndex(_ sector: GPCSector) -> Int {
        switch sector {
        case .stationaryEnergy: 0
        case .transport: 1
        case .waste: 2
        case .ippu: 3
        case .afolu: 4
        }
    }

    /// 2.3: GPC BASIC: stationary energy and transport scopes 1 and 2, waste scopes 1 and 3 (GPC
    /// 2014, Table 3.1), each with a figure or a notation key other than NE.
    func gpcBasic(sources: [GPCSource]) -> CheckOutcome {
        guard let inventory = plan.inventory else { return CheckOutcome(.noInventory, Evidence.inventory) }
        let (reported, notEstimated) = coverage(inventory)
        var missing: [String] = []
        var evidence = Evidence.inventoryEntries
        for source in sources {
            let bit: UInt16 = 1 << (Self.sectorIndex(source.sector) * 3 + source.scope - 1)
            if reported & bit != 0 { continue }
            if notEstimated & bit != 0 {
                missing.append(ComplianceText.source(source.sector, scope: source.scope, language) + " – " + ComplianceText.word(.notEstimated, language))
                if let i = inventory.entries.firstIndex(where: { $0.sector == source.sector && $0.scope == source.scope }) {
                    evidence.append("/plan/inventory/entries/" + String(i))
                }
            } else {
                missing.append(ComplianceText.source(source.sector, scope: source.scope, language))
            }
        }
        if missing.isEmpty { return CheckOutcome(.pass, [.count: .count(inventory.entries.count)], evidence) }
        return CheckOutcome(.missing, [.missing: .texts(missing)], evidence)
    }

    /// 2.3: BASIC+ sectors (IPPU, AFOLU) reported, each with a figure or a notation key.
    func gpcBasicPlus(sectors: [GPCSector]) -> CheckOutcome {
        guard let inventory = plan.inventory else { return CheckOutcome(.noInventory, Evidence.inventory) }
        let (reported, _) = coverage(inventory)
        let missing = sectors.filter { s in reported & (0b111 << (Self.sectorIndex(s) * 3)) == 0 }
        if missing.isEmpty { return CheckOutcome(.pass, Evidence.inventoryEntries) }
        return CheckOutcome(.missing, [.missing: .sectors(missing)], Evidence.inventoryEntries)
    }

    /// 2.3: where AFOLU is a large share (rural municipalities), its main subsectors must be in
    /// the inventory; without any AFOLU figure the share cannot be known (`incomplete`).
    func afoluShare(largeSharePercent: Double, subsectors: [String]) -> CheckOutcome {
        guard let inventory = plan.inventory else { return CheckOutcome(.noInventory, Evidence.inventory) }
        var afolu = 0.0
        var hasFigure = false
        var notOccurring = false
        for e in inventory.entries where e.sector == .afolu {
            if let t = e.tco2e {
                afolu += t
                hasFigure = true
            } else if let key = e.notation, key != .ne {
                notOccurring = true
            }
        }
        let evidence = Evidence.inventoryEntries
        let total = pathway?.baselineTco2e ?? inventory.totalTco2e
        guard hasFigure || notOccurring else { return CheckOutcome(.unknown, evidence) }
        let share = total > 0 ? 100 * afolu / total : 0
        if share < largeSharePercent { return CheckOutcome(.small, [.share: .percent(share)], evidence) }
        var missing: [String] = []
        for name in subsectors {
            let reported = inventory.entries.contains { e in
                e.sector == .afolu && (e.tco2e != nil || (e.notation != nil && e.notation != .ne)) && (e.subsector.map { RuleContext.matches($0, [name]) } ?? false)
            }
            if !reported { missing.append(ComplianceText.subsector(name, language)) }
        }
        if missing.isEmpty { return CheckOutcome(.pass, [.share: .percent(share)], evidence) }
        return CheckOutcome(.missing, [.share: .percent(share), .missing: .texts(missing)], evidence)
    }

    /// 2.3: the inventory's base year is at most `maxAgeYears` before the review year.
    func baseYearAge(maxAgeYears: Int) -> CheckOutcome {
        guard let inventory = plan.inventory else { return CheckOutcome(.noInventory, Evidence.inventory) }
        let age = reviewYear - inventory.baseYear
        var arguments: MessageArguments = [.baseYear: .year(inventory.baseYear), .year: .year(reviewYear), .count: .count(age)]
        let evidence = plan.adoptedByCouncil == nil ? Evidence.inventoryBaseYear : Evidence.inventoryBaseYearAndAdoptedByCouncil
        if age <= maxAgeYears { return CheckOutcome(.pass, arguments, evidence) }
        arguments.append((.minimum, .count(maxAgeYears)))
        return CheckOutcome(.old, arguments, evidence)
    }

    /// 2.3: notation keys used as GPC §2.3 intends: no bare zeros (NO or NE instead), and NE
    /// entries are gaps to close.
    func notationKeys() -> CheckOutcome {
        guard let inventory = plan.inventory else { return CheckOutcome(.noInventory, Evidence.inventory) }
        var items: [String] = []
        var evidence: [String] = []
        var keys = 0
        for (i, e) in inventory.entries.enumerated() {
            let problem: ComplianceText.Word?
            if e.notation != nil { keys += 1 }
            if e.notation == .ne {
                problem = .notEstimated
            } else if e.notation == nil, e.tco2e == 0 {
                problem = .zeroWithoutKey
            } else {
                problem = nil
            }
            guard let problem else { continue }
            if items.count < 6 {
                let name = ComplianceText.sector(e.sector, language) + (e.subsector.map { "/" + $0 } ?? "") + ", scope " + String(e.scope)
                items.append(name + ": " + ComplianceText.word(problem, language))
            }
            if evidence.count < Self.maxItemPointers { evidence.append("/plan/inventory/entries/" + String(i)) }
        }
        if items.isEmpty { return CheckOutcome(.pass, [.count: .count(keys)], Evidence.inventoryEntries) }
        return CheckOutcome(.warn, [.count: .count(keys), .items: .texts(items)], evidence)
    }

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
        for b in pathway.benchmarks where ids.contains(b.id) {
            if let ok = b.met, let plan = b.planReductionPercent {
                let item = BenchmarkItem(label: label(b.id), years: [b.year], planPercent: plan, requiredPercent: b.reductionPercent, met: ok, reason: nil)
                if ok { met.append(item) } else { problems.append(item) }
            } else if let k = unevaluable.firstIndex(where: { $0.label == label(b.id) }) {
                unevaluable[k].years.append(b.year)
            } else {
                unevaluable.append(BenchmarkItem(label: label(b.id), years: [b.year], planPercent: nil, requiredPercent: b.reductionPercent, met: nil, reason: b.reason))
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
        var arguments: MessageArguments = [.budget: .tonnes(budget.budgetTco2e), .planned: .tonnes(budget.plannedCumulativeTco2e), .year: .year(budget.toYear)]
        if budget.overshootTco2e <= 0 { return CheckOutcome(.pass, arguments, Evidence.carbonBudget) }
        arguments.append((.overshoot, .tonnes(budget.overshootTco2e)))
        arguments.append((.closeYear, .year(budget.yearExhaustedUnderPlan ?? budget.toYear)))
        return CheckOutcome(.fail, arguments, Evidence.carbonBudgetAndActions)
    }

    /// 2.5: the risk assessment covers the Danish hazards (DK2020: cloudburst, storm surge,
    /// sea-level rise, groundwater, heat, drought). An inland municipality assesses storm surge
    /// with a low likelihood rather than leaving it out.
    func riskHazards(required: [ClimateHazard]) -> CheckOutcome {
        guard let assessment = plan.adaptation?.riskAssessment else {
            return CheckOutcome(.noAssessment, [.missing: .hazards(required)], Evidence.adaptationRiskAssessment)
        }
        let assessed = assessment.hazards ?? []
        let missing = required.filter { h in !assessed.contains { $0.hazard == h } }
        let pointer = Evidence.adaptationRiskAssessmentHazards
        if missing.isEmpty { return CheckOutcome(.pass, [.count: .count(required.count)], pointer) }
        return CheckOutcome(.missing, [.missing: .hazards(missing), .count: .count(required.count - missing.count)], pointer)
    }

    /// 2.5: a stated climate scenario and horizon, and likelihood and consequence per hazard.
    func riskMethod(minHorizonYear: Int) -> CheckOutcome {
        guard let assessment = plan.adaptation?.riskAssessment else { return CheckOutcome(.noAssessment, Evidence.adaptationRiskAssessment) }
        var items: [String] = []
        var evidence: [String] = []
        let base = "/plan/adaptation/riskAssessment"
        if (assessment.scenario ?? "").isEmpty {
            items.append(ComplianceText.word(.noScenario, language))
            evidence.append(base + "/scenario")
        }
        if let horizon = assessment.horizonYear {
            if horizon < minHorizonYear {
                items.append(language == .da ? "tidshorisonten \(horizon) ligger før \(minHorizonYear)" : "the horizon \(horizon) is before \(minHorizonYear)")
                evidence.append(base + "/horizonYear")
            }
        } else {
            items.append(ComplianceText.word(.noHorizon, language))
            evidence.append(base + "/horizonYear")
        }
        let unrated = (assessment.hazards ?? []).filter { ($0.likelihood ?? "").isEmpty || ($0.consequence ?? "").isEmpty }.count
        if unrated > 0 {
            items.append(String(unrated) + " " + ComplianceText.word(.unrated, language))
            evidence.append(base + "/hazards")
        }
        if items.isEmpty {
            return CheckOutcome(.pass, [.scenario: .text(assessment.scenario ?? ""), .year: .year(assessment.horizonYear ?? 0)], [base + "/scenario", base + "/horizonYear"])
        }
        return CheckOutcome(.warn, [.items: .texts(items)], evidence)
    }
}
