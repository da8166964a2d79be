import PlanReviewContract
import PlanReviewJSON

/// CAPF 2.3 "Opgørelse af drivhusgasemissioner": GPC BASIC/BASIC+, AFOLU, base year, notation keys.
/// Each check's spec (parameters, outcomes) is beside its code; meanings and sources: docs/RULES.md.
extension CheckSpec {
    static let inventoryChecks: [CheckSpec] = [
        CheckSpec(
            kind: .gpcBasic,
            parameters: [param("sources", .sources, .list(["stationary_energy/1", "stationary_energy/2", "transport/1", "transport/2", "waste/1", "waste/3"]))],
            outcomes: [yields(.pass, .pass, [.count]), yields(.missing, .fail, [.missing]), yields(.noInventory, .fail)]),
        CheckSpec(
            kind: .gpcBasicPlus, parameters: [param("sectors", .sectors, .list(["ippu", "afolu"]))],
            outcomes: [yields(.pass, .pass), yields(.missing, .fail, [.missing]), yields(.noInventory, .notApplicable)]),
        CheckSpec(
            kind: .afoluShare, parameters: [param("largeSharePercent", .percent, .number(25)), param("subsectors", .strings, .list(["livestock", "land"]))],
            outcomes: [
                yields(.small, .pass, [.share]), yields(.pass, .pass, [.share]), yields(.missing, .fail, [.share, .missing]), yields(.unknown, .incomplete), yields(.unresolved, .incomplete, [.share]),
                yields(.noInventory, .notApplicable),
            ]),
        CheckSpec(
            kind: .baseYearAge, parameters: [param("maxAgeYears", .count, .number(5))],
            outcomes: [yields(.pass, .pass, [.baseYear, .year, .count]), yields(.old, .fail, [.baseYear, .year, .count, .minimum]), yields(.noInventory, .notApplicable)]),
        CheckSpec(
            kind: .notationKeys, parameters: [],
            outcomes: [yields(.pass, .pass, [.count]), yields(.warn, .warn, [.count, .items]), yields(.noInventory, .notApplicable)]),
    ]
}

extension RuleContext {
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
                    evidence.append(Self.pointer("/plan/inventory/entries/", i))
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
        // Read in place: a copy of an entry would retain its strings.
        let entries = inventory.entries
        for i in entries.indices where entries[i].sector == .afolu {
            if let t = entries[i].tco2e {
                afolu += t
                hasFigure = true
            } else if let key = entries[i].notation, key != .ne {
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
            let reported = entries.indices.contains { i in
                entries[i].sector == .afolu && (entries[i].tco2e != nil || (entries[i].notation != nil && entries[i].notation != .ne))
                    && (entries[i].subsector.map { RuleContext.equalsIgnoringCase($0, lowercased: name) } ?? false)
            }
            if !reported { missing.append(ComplianceText.subsector(name, language)) }
        }
        if missing.isEmpty { return CheckOutcome(.pass, [.share: .percent(share)], evidence) }
        // An AFOLU subsector outside the vocabulary may be the missing one (notes[]).
        if unknown.afoluSubsector { return CheckOutcome(.unresolved, [.share: .percent(share)], evidence) }
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
            if evidence.count < Self.maxItemPointers { evidence.append(Self.pointer("/plan/inventory/entries/", i)) }
        }
        if items.isEmpty { return CheckOutcome(.pass, [.count: .count(keys)], Evidence.inventoryEntries) }
        return CheckOutcome(.warn, [.count: .count(keys), .items: .texts(items)], evidence)
    }
}
