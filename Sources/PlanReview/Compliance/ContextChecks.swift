/// Checks of CAPF pillar 2, "Udfordringer og muligheder" (challenges and opportunities): items
/// 2.1–2.5. Meanings and sources: docs/RULES.md.
extension RuleContext {
    /// 2.1: the municipality's population, and its emission profile from the inventory.
    func municipalContext() -> CheckOutcome {
        guard let population = job.municipality.population else { return CheckOutcome(.missing, ["/municipality/population"]) }
        guard let pathway, pathway.baselineTco2e > 0 else {
            return CheckOutcome(.populationOnly, [.population: .count(population)], ["/municipality/population"])
        }
        var largest = GPCSector.stationaryEnergy
        for sector in GPCSector.allCases where pathway.baselineBySector[sector] > pathway.baselineBySector[largest] { largest = sector }
        let share = 100 * pathway.baselineBySector[largest] / pathway.baselineTco2e
        return CheckOutcome(
            .pass, [.population: .count(population), .sector: .text(ComplianceText.sector(largest, language)), .share: .percent(share)],
            ["/municipality/population", "/plan/inventory/entries"])
    }

    /// 2.2: every action says whether the municipality acts directly or through influence
    /// (C40 CAPF "city powers").
    func municipalPowers() -> CheckOutcome {
        let actions = self.actions
        guard !actions.isEmpty else { return CheckOutcome(.noActions, ["/plan/actions"]) }
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
            return CheckOutcome(.pass, [.total: .count(actions.count), .direct: .count(direct), .influence: .count(influence)], ["/plan/actions"])
        }
        if missing == actions.count { return CheckOutcome(.missing, [.total: .count(actions.count)], evidence) }
        return CheckOutcome(.partial, [.count: .count(missing), .total: .count(actions.count)], evidence)
    }

    /// Per GPC sector and scope: 0 absent, 1 only "not estimated" (NE), 2 reported (a figure or
    /// NO/IE/C), with the first NE entry's index.
    private func coverage(_ inventory: Inventory) -> (state: [UInt8], notEstimatedAt: [Int]) {
        var state = [UInt8](repeating: 0, count: 15)
        var notEstimatedAt = [Int](repeating: -1, count: 15)
        for (i, e) in inventory.entries.enumerated() {
            let k = Self.sectorIndex(e.sector) * 3 + min(max(e.scope, 1), 3) - 1
            if e.tco2e != nil || (e.notation != nil && e.notation != .ne) {
                state[k] = 2
            } else if state[k] == 0 {
                state[k] = 1
                notEstimatedAt[k] = i
            }
        }
        return (state, notEstimatedAt)
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
        guard let inventory = plan.inventory else { return CheckOutcome(.noInventory, ["/plan/inventory"]) }
        let (state, neAt) = coverage(inventory)
        var missing: [String] = []
        var evidence = ["/plan/inventory/entries"]
        for source in sources {
            let k = Self.sectorIndex(source.sector) * 3 + source.scope - 1
            switch state[k] {
            case 2: continue
            case 1:
                missing.append(ComplianceText.source(source.sector, scope: source.scope, language) + " – " + ComplianceText.word(.notEstimated, language))
                evidence.append("/plan/inventory/entries/" + String(neAt[k]))
            default:
                missing.append(ComplianceText.source(source.sector, scope: source.scope, language))
            }
        }
        if missing.isEmpty { return CheckOutcome(.pass, [.count: .count(inventory.entries.count)], evidence) }
        return CheckOutcome(.missing, [.missing: .texts(missing)], evidence)
    }

    /// 2.3: BASIC+ sectors (IPPU, AFOLU) reported, each with a figure or a notation key.
    func gpcBasicPlus(sectors: [GPCSector]) -> CheckOutcome {
        guard let inventory = plan.inventory else { return CheckOutcome(.noInventory, ["/plan/inventory"]) }
        let (state, _) = coverage(inventory)
        let missing = sectors.filter { s in !(0..<3).contains { state[Self.sectorIndex(s) * 3 + $0] == 2 } }
        if missing.isEmpty { return CheckOutcome(.pass, ["/plan/inventory/entries"]) }
        return CheckOutcome(.missing, [.missing: .sectors(missing)], ["/plan/inventory/entries"])
    }

    /// 2.3: where AFOLU is a large share (rural municipalities), its main subsectors must be in
    /// the inventory; without any AFOLU figure the share cannot be known (`incomplete`).
    func afoluShare(largeSharePercent: Double, subsectors: [String]) -> CheckOutcome {
        guard let inventory = plan.inventory else { return CheckOutcome(.noInventory, ["/plan/inventory"]) }
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
        let evidence = ["/plan/inventory/entries"]
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
        guard let inventory = plan.inventory else { return CheckOutcome(.noInventory, ["/plan/inventory"]) }
        let age = reviewYear - inventory.baseYear
        var arguments: MessageArguments = [.baseYear: .year(inventory.baseYear), .year: .year(reviewYear), .count: .count(age)]
        let evidence = plan.adoptedByCouncil == nil ? ["/plan/inventory/baseYear"] : ["/plan/inventory/baseYear", "/plan/adoptedByCouncil"]
        if age <= maxAgeYears { return CheckOutcome(.pass, arguments, evidence) }
        arguments.pairs.append((.minimum, .count(maxAgeYears)))
        return CheckOutcome(.old, arguments, evidence)
    }

    /// 2.3: notation keys used as GPC §2.3 intends: no bare zeros (NO or NE instead), and NE
    /// entries are gaps to close.
    func notationKeys() -> CheckOutcome {
        guard let inventory = plan.inventory else { return CheckOutcome(.noInventory, ["/plan/inventory"]) }
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
        if items.isEmpty { return CheckOutcome(.pass, [.count: .count(keys)], ["/plan/inventory/entries"]) }
        return CheckOutcome(.warn, [.count: .count(keys), .items: .texts(items)], evidence)
    }

    /// 2.4: a business-as-usual projection of the plan's own (not the base year held flat).
    func businessAsUsual() -> CheckOutcome {
        guard let pathway else { return CheckOutcome(.noInventory, ["/plan/inventory"]) }
        guard pathway.bauSource == .given else { return CheckOutcome(.missing, ["/plan/businessAsUsual"]) }
        let i = pathway.years.firstIndex(of: PathwayCalculator.milestoneYear) ?? (pathway.years.count - 1)
        return CheckOutcome(
            .pass, [.year: .year(pathway.years[i]), .bau: .tonnes(pathway.businessAsUsualTco2e[i]), .planned: .tonnes(pathway.plannedTco2e[i])],
            ["/plan/businessAsUsual"])
    }

    /// 2.4: the planned trajectory (BAU minus actions) meets every target in its year.
    func pathwayTargets() -> CheckOutcome {
        guard let pathway else { return CheckOutcome(.noInventory, ["/plan/inventory"]) }
        var applied = 0
        var misses: [String] = []
        for t in pathway.targets where t.applied {
            applied += 1
            let i = t.year - pathway.baseYear
            guard i >= 0, i < pathway.gapTco2e.count, pathway.gapTco2e[i] > 0 else { continue }
            misses.append(String(t.year) + " (" + ComplianceText.word(.gap, language) + " " + NumberText.grouped(Int64(clamping: pathway.gapTco2e[i]), language) + " t)")
        }
        if applied == 0 { return CheckOutcome(.noTargets, ["/plan/targets"]) }
        if misses.isEmpty { return CheckOutcome(.pass, [.count: .count(applied)], ["/plan/targets", "/plan/actions"]) }
        return CheckOutcome(.warn, [.count: .count(misses.count), .items: .texts(misses)], ["/plan/targets", "/plan/actions"])
    }

    /// 2.4: the plan's targets against the 1.5 °C benchmarks of the ruleset (Klimaloven, IPCC AR6).
    func benchmarks(ids: [String]) -> CheckOutcome {
        guard let pathway else { return CheckOutcome(.noInventory, ["/plan/inventory"]) }
        var met: [String] = []
        var problems: [String] = []
        // Points that cannot be evaluated are listed once per benchmark with their years.
        var unevaluable: [(id: String, years: [Int], reason: String?)] = []
        for b in pathway.benchmarks where ids.contains(b.id) {
            if let ok = b.met, let plan = b.planReductionPercent {
                let label = label(b.id) + " " + String(b.year)
                let figures = NumberText.oneDecimal(plan, language) + " % " + (ok ? "≥ " : "< ") + NumberText.oneDecimal(b.reductionPercent, language) + " %"
                if ok { met.append(label + " (" + figures + ")") } else { problems.append(label + ": " + figures) }
            } else if let k = unevaluable.firstIndex(where: { $0.id == b.id }) {
                unevaluable[k].years.append(b.year)
            } else {
                unevaluable.append((b.id, [b.year], b.reason))
            }
        }
        for u in unevaluable {
            let reason = u.reason.map { " (" + $0.prefix(1).lowercased() + $0.dropFirst().trimmingSuffix(".") + ")" } ?? ""
            problems.append(label(u.id) + " " + u.years.map(String.init).joined(separator: "/") + ": " + ComplianceText.word(.notEvaluable, language) + reason)
        }
        let evidence = ["/plan/targets", "/plan/inventory/history"]
        if problems.isEmpty { return CheckOutcome(.pass, [.items: .texts(met)], evidence) }
        return CheckOutcome(.warn, [.items: .texts(problems)], evidence)
    }

    private func label(_ benchmarkId: String) -> String {
        ruleset.benchmarks.first { $0.id == benchmarkId }?.label?.text(language) ?? benchmarkId
    }

    /// 2.4: the planned trajectory stays within the plan's own carbon budget (Tyndall method).
    func carbonBudget() -> CheckOutcome {
        guard let budget = pathway?.budget else { return CheckOutcome(.notApplicable, ["/plan/carbonBudget"]) }
        var arguments: MessageArguments = [.budget: .tonnes(budget.budgetTco2e), .planned: .tonnes(budget.plannedCumulativeTco2e), .year: .year(budget.toYear)]
        if budget.overshootTco2e <= 0 { return CheckOutcome(.pass, arguments, ["/plan/carbonBudget"]) }
        arguments.pairs.append((.overshoot, .tonnes(budget.overshootTco2e)))
        arguments.pairs.append((.closeYear, .year(budget.yearExhaustedUnderPlan ?? budget.toYear)))
        return CheckOutcome(.fail, arguments, ["/plan/carbonBudget", "/plan/actions"])
    }

    /// 2.5: the risk assessment covers the Danish hazards (DK2020: cloudburst, storm surge,
    /// sea-level rise, groundwater, heat, drought). An inland municipality assesses storm surge
    /// with a low likelihood rather than leaving it out.
    func riskHazards(required: [ClimateHazard]) -> CheckOutcome {
        guard let assessment = plan.adaptation?.riskAssessment else {
            return CheckOutcome(.noAssessment, [.missing: .hazards(required)], ["/plan/adaptation/riskAssessment"])
        }
        let assessed = assessment.hazards ?? []
        let missing = required.filter { h in !assessed.contains { $0.hazard == h } }
        let pointer = "/plan/adaptation/riskAssessment/hazards"
        if missing.isEmpty { return CheckOutcome(.pass, [.count: .count(required.count)], [pointer]) }
        return CheckOutcome(.missing, [.missing: .hazards(missing), .count: .count(required.count - missing.count)], [pointer])
    }

    /// 2.5: a stated climate scenario and horizon, and likelihood and consequence per hazard.
    func riskMethod(minHorizonYear: Int) -> CheckOutcome {
        guard let assessment = plan.adaptation?.riskAssessment else { return CheckOutcome(.noAssessment, ["/plan/adaptation/riskAssessment"]) }
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

extension StringProtocol {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : String(self)
    }
}
