import PlanReviewContract
import PlanReviewJSON

/// `plan`: its sections, in the contract's order.
extension JobMapper {
    mutating func mapPlan(_ node: Int) -> Plan? {
        guard let m = object(node, ContractField.Plan.self) else { return nil }
        var plan = Plan()
        if let v = optional(m, .title) { plan.title = string(v) }
        if let v = optional(m, .adoptedByCouncil), let s = string(v) {
            if let violation = ValueRule.isoDate(s) { issue(v, violation) } else { plan.adoptedByCouncil = s }
        }
        if let v = optional(m, .commitmentLetterSigned) { plan.commitmentLetterSigned = bool(v) }
        if let v = optional(m, .inventory) { plan.inventory = mapInventory(v) }
        if let v = optional(m, .targets) {
            var targets: [Target] = []
            var at: [Int] = []
            _ = elementsIndexed(v, maxLength: limits.maxArrayLength) { m, i, e in
                if let t = m.mapTarget(e) {
                    targets.append(t)
                    at.append(i)
                }
            }
            plan.targets = targets
            if at.count != doc.count(v) { positions.targets = at }
        }
        if let v = optional(m, .businessAsUsual), let (points, at) = mapPoints(v) {
            plan.businessAsUsual = points
            positions.businessAsUsual = at
        }
        if let v = optional(m, .carbonBudget) { plan.carbonBudget = mapCarbonBudget(v) }
        if let v = optional(m, .actions) {
            var actions: [MitigationAction] = []
            actions.reserveCapacity(doc.count(v))
            // Positions only once an action is left out (until then they are the indices).
            var at: [Int]?
            _ = elementsIndexed(v, maxLength: limits.maxActions) { m, i, e in
                if m.mapAction(e, into: &actions) {
                    at?.append(i)
                } else if at == nil {
                    at = Array(0..<i)
                }
            }
            plan.actions = actions
            positions.actions = at
        }
        if let v = optional(m, .adaptation) { plan.adaptation = mapAdaptation(v) }
        if let v = optional(m, .governance), let g = object(v, ContractField.Governance.self) {
            var gov = Governance()
            if let x = optional(g, .responsibleCommittee) { gov.responsibleCommittee = string(x) }
            if let x = optional(g, .staffFte) { gov.staffFte = nonNegative(x) }
            if let x = optional(g, .partners) { gov.partners = strings(x) }
            plan.governance = gov
        }
        if let v = optional(m, .engagement), let g = object(v, ContractField.Engagement.self) {
            var e = Engagement()
            if let x = optional(g, .stakeholderGroups) { e.stakeholderGroups = strings(x) }
            if let x = optional(g, .methods) { e.methods = strings(x) }
            if let x = optional(g, .equityConsidered) { e.equityConsidered = bool(x) }
            plan.engagement = e
        }
        if let v = optional(m, .monitoring), let g = object(v, ContractField.Monitoring.self) {
            var mon = Monitoring()
            if let x = optional(g, .reportingCadence) { mon.reportingCadence = string(x) }
            if let x = optional(g, .indicators) { mon.indicators = strings(x) }
            if let x = optional(g, .revisionYear) { mon.revisionYear = year(x) }
            plan.monitoring = mon
        }
        if let v = optional(m, .manko), let g = object(v, ContractField.Manko.self) {
            let mankoYear = required(g, .year).flatMap { self.year($0) }
            let tco2e = required(g, .tco2e).flatMap { self.tonnes($0) }
            let handling = optional(g, .handling).flatMap { self.strings($0) }
            let text = optional(g, .text).flatMap { self.string($0) }
            if let mankoYear, let tco2e { plan.manko = PlanManko(year: mankoYear, tco2e: tco2e, handling: handling, text: text) }
        }
        return plan
    }

    private mutating func mapInventory(_ node: Int) -> Inventory? {
        guard let m = object(node, ContractField.Inventory.self) else { return nil }
        let standard = optional(m, .standard).flatMap { string($0) }
        let level = optional(m, .level).flatMap { enumeration($0, InventoryLevel.self) }
        let baseYear = required(m, .baseYear).flatMap { year($0) }
        var entries: [InventoryEntry]?
        if let v = required(m, .entries) {
            var list: [InventoryEntry] = []
            list.reserveCapacity(doc.count(v))
            // A partial inventory would give a wrong baseline to the consistency checks: all or nothing.
            if elements(v, maxLength: limits.maxArrayLength, { m, e in if let x = m.mapEntry(e) { list.append(x) } }), list.count == doc.count(v) { entries = list }
        }
        var history: [EmissionsPoint]?
        if let v = optional(m, .history), let (points, at) = mapPoints(v) {
            history = points
            positions.history = at
        }
        var source: InventorySource?
        if let v = optional(m, .source), let s = object(v, ContractField.Source.self) {
            let name = required(s, .name).flatMap { string($0) }
            let vintage = optional(s, .vintage).flatMap { string($0) }
            let method = optional(s, .method).flatMap { string($0) }
            if let name { source = InventorySource(name: name, vintage: vintage, method: method) }
        }
        guard let baseYear, let entries else { return nil }
        return Inventory(standard: standard, level: level, baseYear: baseYear, entries: entries, history: history, source: source)
    }

    private mutating func mapEntry(_ node: Int) -> InventoryEntry? {
        guard let m = object(node, ContractField.Entry.self) else { return nil }
        let sector = required(m, .sector).flatMap { enumeration($0, GPCSector.self) }
        let subsector = optional(m, .subsector).flatMap { string($0) }
        var scope: Int?
        if let v = required(m, .scope), let s = int(v) {
            if let violation = ValueRule.scope(s) { issue(v, violation) } else { scope = s }
        }
        let tco2eNode = optional(m, .tco2e)
        let notationNode = optional(m, .notation)
        // Removals (negative figures) only in AFOLU, as in the national accounts (v1.1).
        let tco2e = tco2eNode.flatMap { node in number(node) { ValueRule.entryTonnes($0, sector: sector) } }
        let notation = notationNode.flatMap { enumeration($0, NotationKey.self) }
        let gpcRef = optional(m, .gpcRef).flatMap { nonEmptyString($0) }
        if let violation = ValueRule.figureOrNotation(hasFigure: tco2eNode != nil, hasNotation: notationNode != nil) {
            issue(node, violation)
            return nil
        }
        guard let sector, let scope, tco2e != nil || notation != nil else { return nil }
        return InventoryEntry(sector: sector, subsector: subsector, scope: scope, tco2e: tco2e, notation: notation, gpcRef: gpcRef)
    }

    /// The valid points and, when some were invalid, the positions of the valid ones.
    private mutating func mapPoints(_ node: Int) -> ([EmissionsPoint], [Int]?)? {
        var points: [EmissionsPoint] = []
        var at: [Int] = []
        let isArray = elementsIndexed(node, maxLength: limits.maxArrayLength) { m, i, e in
            guard let p = m.object(e, ContractField.Point.self) else { return }
            let pointYear = m.required(p, .year).flatMap { m.year($0) }
            let sector = m.optional(p, .sector).flatMap { m.enumeration($0, GPCSector.self) }
            let tco2e = m.required(p, .tco2e).flatMap { m.number($0) { ValueRule.pointTonnes($0, sector: sector) } }
            if let pointYear, let tco2e {
                points.append(EmissionsPoint(year: pointYear, tco2e: tco2e, sector: sector))
                at.append(i)
            }
        }
        guard isArray else { return nil }
        return (points, at.count == doc.count(node) ? nil : at)
    }

    mutating func mapTarget(_ node: Int) -> Target? {
        guard let m = object(node, ContractField.Target.self) else { return nil }
        let before = issues.total
        let targetYear = required(m, .year).flatMap { year($0) }
        let reductionPercent = optional(m, .reductionPercent).flatMap { number($0, ValueRule.reductionPercent) }
        let baseYear = optional(m, .baseYear).flatMap { year($0) }
        let netZero = optional(m, .netZero).flatMap { bool($0) }
        let tco2e = optional(m, .tco2e).flatMap { tonnes($0) }
        var sectors: [GPCSector]?
        if let v = optional(m, .sectors) {
            var list: [GPCSector] = []
            _ = elements(v, maxLength: GPCSector.allCases.count) { m, e in if let s = m.enumeration(e, GPCSector.self) { list.append(s) } }
            if list.isEmpty, issues.total == before { issue(v, .invalidValue, "must name at least one sector") }
            sectors = list
        }
        // A target with an unreadable member is left out, so the consistency checks do not
        // report it a second time.
        guard let targetYear, issues.total == before else { return nil }
        return Target(year: targetYear, reductionPercent: reductionPercent, baseYear: baseYear, netZero: netZero, tco2e: tco2e, sectors: sectors)
    }

    private mutating func mapCarbonBudget(_ node: Int) -> CarbonBudget? {
        guard let m = object(node, ContractField.Budget.self) else { return nil }
        let budget = required(m, .budgetTco2e).flatMap { number($0, ValueRule.budget) }
        let from = required(m, .fromYear).flatMap { year($0) }
        let to = required(m, .toYear).flatMap { year($0) }
        let start = optional(m, .startEmissionsTco2e).flatMap { tonnes($0) }
        let scope = optional(m, .scope).flatMap { nonEmptyString($0) }
        let source = optional(m, .source).flatMap { string($0) }
        guard let budget, let from, let to else { return nil }
        return CarbonBudget(budgetTco2e: budget, fromYear: from, toYear: to, startEmissionsTco2e: start, scope: scope, source: source)
    }

    /// Appends the action when it is readable. Its fields are read first, in the contract's order
    /// (the order of the issues), and the action is built once at the end from them: building it
    /// early with placeholders and appending copied it (a retain and a release per string).
    private mutating func mapAction(_ node: Int, into actions: inout [MitigationAction]) -> Bool {
        guard let m = object(node, ContractField.Action.self) else { return false }
        let id = required(m, .id).flatMap { nonEmptyString($0) }
        let title = required(m, .title).flatMap { string($0) }
        let sector = required(m, .sector).flatMap { enumeration($0, GPCSector.self) }
        let reduction = optional(m, .reductionTco2e).flatMap { tonnes($0) }
        let startYear = optional(m, .startYear).flatMap { year($0) }
        let fullEffectYear = optional(m, .fullEffectYear).flatMap { year($0) }
        let owner = optional(m, .owner).flatMap { string($0) }
        let costDkk = optional(m, .costDkk).flatMap { nonNegative($0) }
        let funding = optional(m, .funding).flatMap { string($0) }
        let staffFte = optional(m, .staffFte).flatMap { nonNegative($0) }
        let status = optional(m, .status).flatMap { string($0) }
        let kind = optional(m, .kind).flatMap { string($0) }
        let municipalPower = optional(m, .municipalPower).flatMap { enumeration($0, MunicipalPower.self) }
        let barriers = optional(m, .barriers).flatMap { strings($0) }
        let coBenefits = optional(m, .coBenefits).flatMap { strings($0) }
        if optional(m, .reductionTco2e) != nil && optional(m, .startYear) == nil {
            issue(node, field: "startYear", ValueRule.startYearRequired)
        }
        guard let id, let title, let sector else { return false }
        actions.append(MitigationAction(
            id: id, title: title, sector: sector, reductionTco2e: reduction, startYear: startYear,
            fullEffectYear: fullEffectYear, owner: owner, costDkk: costDkk, funding: funding, staffFte: staffFte,
            status: status, municipalPower: municipalPower, barriers: barriers, coBenefits: coBenefits, kind: kind))
        return true
    }
}
