import PlanReviewContract
import PlanReviewJSON

/// Consistency checks across fields of a well-typed `Job`: duplicate ids and years, targets that
/// contradict each other or the base year, actions that reach full effect before they start.
///
/// Each check is O(n) or O(n log n) in the list it looks at, so a body at the limits stays fast.
/// Single values (ranges, signs) are `ValueRule`'s; these checks relate values to each other.
public enum JobValidator {
    public static func validate(_ job: Job, residualSharePercent: Double = 0, positions: JobPositions = JobPositions()) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let plan = job.plan
        let inventory = plan.inventory

        if let history = inventory?.history {
            // One total per year and sector (v1.1: sector totals beside the all-sector total).
            duplicateYears(history.map { $0.year * 8 + ($0.sector.map { GPCSector.allCases.firstIndex(of: $0)! + 1 } ?? 0) }, at: Sections.history, positions.history, &issues, shown: { $0 / 8 })
        }
        if let bau = plan.businessAsUsual {
            let pointer = Sections.businessAsUsual
            duplicateYears(bau.map(\.year), at: pointer, positions.businessAsUsual, &issues)
            if let base = inventory?.baseYear {
                let total = inventory?.totalTco2e ?? 0
                for (i, p) in bau.enumerated() where p.year <= base {
                    let at = pointer.appending(positions.businessAsUsual?[i] ?? i)
                    // v1.1: a point in the base year is the inventory total (within 0.5 %).
                    if p.year == base {
                        if abs(p.tco2e - total) <= 0.005 * abs(total) { continue }
                        issues.append(ValidationIssue(pointer: at.appending("tco2e").description, reason: "the base-year point (\(tonnes(p.tco2e)) tCO2e) differs from the inventory total \(tonnes(total)) tCO2e by more than 0.5 %", code: .invalidValue))
                        continue
                    }
                    issues.append(ValidationIssue(pointer: at.appending("year").description, reason: "must not be before the inventory base year \(base), found \(p.year)", code: .invalidYearRange))
                }
            }
        }
        if let budget = plan.carbonBudget, budget.toYear < budget.fromYear {
            issues.append(ValidationIssue(pointer: "/plan/carbonBudget/toYear", reason: "toYear \(budget.toYear) is before fromYear \(budget.fromYear)", code: .invalidYearRange))
        }
        if let actions = plan.actions {
            let pointer = Sections.actions
            duplicateIds(actions.map(\.id), at: pointer, &issues, positions: positions.actions)
            for i in actions.indices {
                if let start = actions[i].startYear, let full = actions[i].fullEffectYear, full < start {
                    issues.append(ValidationIssue(pointer: pointer.appending(positions.actions?[i] ?? i).appending("fullEffectYear").description, reason: "fullEffectYear \(full) is before startYear \(start)", code: .fullEffectBeforeStart))
                }
            }
        }
        if let actions = plan.adaptation?.actions {
            let withId = actions.indices.filter { actions[$0].id != nil }
            duplicateIds(withId.map { actions[$0].id! }, at: Sections.adaptationActions, &issues, positions: withId.map { positions.adaptationActions?[$0] ?? $0 })
        }
        if let targets = plan.targets {
            checkTargets(targets, positions: positions.targets, inventory: inventory, residualSharePercent: residualSharePercent, at: Sections.targets, &issues)
        }
        return issues
    }

    /// The pointers of the lists checked, built once (per review they were an allocation each).
    private enum Sections {
        static let history = JSONPointer(tokens: ["plan", "inventory", "history"])
        static let businessAsUsual = JSONPointer(tokens: ["plan", "businessAsUsual"])
        static let actions = JSONPointer(tokens: ["plan", "actions"])
        static let adaptationActions = JSONPointer(tokens: ["plan", "adaptation", "actions"])
        static let targets = JSONPointer(tokens: ["plan", "targets"])
    }

    private static func duplicateYears(_ years: [Int], at pointer: JSONPointer, _ positions: [Int]?, _ issues: inout [ValidationIssue], shown: (Int) -> Int = { $0 }) {
        var first = SmallMap<Int, Int>(minimumCapacity: years.count)
        for (k, y) in years.enumerated() {
            let i = positions?[k] ?? k
            if let j = first[y] {
                issues.append(ValidationIssue(pointer: pointer.appending(i).appending("year").description, reason: "duplicate year \(shown(y)) (also at \(pointer.appending(j)))", code: .duplicateYear))
            } else {
                first[y] = i
            }
        }
    }

    private static func duplicateIds(_ ids: [String], at pointer: JSONPointer, _ issues: inout [ValidationIssue], positions: [Int]? = nil) {
        // A Dictionary: a linear scan compared whole strings (30 actions: 59.5k -> 105.7k instructions).
        var first: [String: Int] = [:]
        first.reserveCapacity(ids.count)
        for (k, id) in ids.enumerated() {
            let i = positions?[k] ?? k
            if let j = first[id] {
                issues.append(ValidationIssue(pointer: pointer.appending(i).appending("id").description, reason: "duplicate action id '\(id.prefix(64))' (also at \(pointer.appending(j)))", code: .duplicateActionId))
            } else {
                first[id] = i
            }
        }
    }

    /// Kinds, years against the base year, and contradictions: a later target less strict than
    /// an earlier one for the same sectors (compared in tCO2e where the reference totals are
    /// known, else in percent against the same reference year). Targets after the first net-zero
    /// year are implied by it (contract v1.1) and not compared.
    private static func checkTargets(_ targets: [Target], positions: [Int]?, inventory: Inventory?, residualSharePercent: Double, at pointer: JSONPointer, _ issues: inout [ValidationIssue]) {
        let baseYear = inventory?.baseYear
        let baseline = inventory?.totalTco2e
        var history = SmallMap<Int, Double>()
        for p in inventory?.history ?? [] where history[p.year] == nil { history[p.year] = p.tco2e }
        func total(_ year: Int) -> Double? { year == baseYear ? baseline : history[year] }

        var valid: [(index: Int, target: Target, kind: Target.Kind, sectors: GPCSectorSet)] = []
        var seenYears = SmallMap<Int, [(index: Int, sectors: GPCSectorSet)]>()
        for (k, t) in targets.enumerated() {
            let i = positions?[k] ?? k
            // Built only for an issue.
            func p() -> JSONPointer { pointer.appending(i) }
            guard let kind = t.kind else {
                let reason = t.netZero == false && t.reductionPercent == nil && t.tco2e == nil
                    ? "netZero must be true; a target needs exactly one of reductionPercent, netZero: true, tco2e"
                    : "needs exactly one of reductionPercent, netZero: true, tco2e"
                issues.append(ValidationIssue(pointer: p().description, reason: reason, code: .ambiguousTarget))
                continue
            }
            if let baseYear, t.year <= baseYear {
                issues.append(ValidationIssue(pointer: p().appending("year").description, reason: "target year \(t.year) is not after the inventory base year \(baseYear)", code: .targetNotAfterBaseYear))
                continue
            }
            // `baseYear` only matters for a reductionPercent target; elsewhere it is ignored.
            if kind == .reduction, let ref = t.baseYear, ref >= t.year {
                issues.append(ValidationIssue(pointer: p().appending("baseYear").description, reason: "baseYear \(ref) is not before the target year \(t.year)", code: .invalidYearRange))
                continue
            }
            // v1.1: several targets for one year when their sectors are disjoint.
            let sectors = t.sectors.map(GPCSectorSet.init) ?? .all
            if let clash = seenYears[t.year, default: []].first(where: { !$0.sectors.isDisjoint(with: sectors) }) {
                issues.append(ValidationIssue(pointer: p().appending("year").description, reason: "duplicate target year \(t.year) for the same sectors (also at \(pointer.appending(clash.index)))", code: .duplicateYear))
                continue
            }
            seenYears[t.year, default: []].append((i, sectors))
            valid.append((i, t, kind, sectors))
        }
        valid.sort { $0.target.year < $1.target.year }

        // v1.1: a net-zero target means 100 % from its year on, so it satisfies every later
        // target; later targets are not compared with it (or each other) for strictness.
        if let netZeroYear = valid.first(where: { $0.kind == .netZero && $0.sectors.count == GPCSector.allCases.count })?.target.year {
            valid.removeAll { $0.target.year > netZeroYear }
        }

        // Per sector set: the strictest absolute target so far, and the strictest percentage per
        // reference year so far.
        var strictestAbsolute = SmallMap<GPCSectorSet, (tco2e: Double, year: Int)>()
        var strictestPercent = SmallMap<GPCSectorSet, SmallMap<Int, (percent: Double, year: Int)>>()
        for v in valid {
            let t = v.target
            let group = v.sectors
            let whole = group.count == GPCSector.allCases.count
            var absolute: Double?
            switch v.kind {
            case .absolute: absolute = t.tco2e
            case .netZero: absolute = whole ? baseline.map { $0 * residualSharePercent / 100 } : 0
            case .reduction:
                let ref = t.baseYear ?? baseYear
                if whole, let ref, let total = total(ref), let pct = t.reductionPercent { absolute = total * (1 - pct / 100) }
            }
            if let absolute, let earlier = strictestAbsolute[group], absolute > earlier.tco2e + 1e-6 * max(1, abs(earlier.tco2e)) {
                issues.append(ValidationIssue(
                    pointer: pointer.appending(v.index).description,
                    reason: "the \(t.year) target (\(tonnes(absolute)) tCO2e) is less strict than the \(earlier.year) target (\(tonnes(earlier.tco2e)) tCO2e)",
                    code: .contradictoryTargets))
            } else if absolute == nil, v.kind == .reduction, let pct = t.reductionPercent, let ref = t.baseYear ?? baseYear,
                let earlier = strictestPercent[group]?[ref], pct < earlier.percent - 1e-9
            {
                issues.append(ValidationIssue(
                    pointer: pointer.appending(v.index).appending("reductionPercent").description,
                    reason: "the \(t.year) target (\(tonnes(pct)) % vs \(ref)) is less strict than the \(earlier.year) target (\(tonnes(earlier.percent)) % vs \(ref))",
                    code: .contradictoryTargets))
            }
            if let absolute, absolute < (strictestAbsolute[group]?.tco2e ?? .infinity) { strictestAbsolute[group] = (absolute, t.year) }
            if v.kind == .reduction, let pct = t.reductionPercent, let ref = t.baseYear ?? baseYear, pct > (strictestPercent[group]?[ref]?.percent ?? -1) {
                strictestPercent[group, default: SmallMap()][ref] = (pct, t.year)
            }
        }
    }

    private static func tonnes(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int64(r)) : String(r)
    }
}
