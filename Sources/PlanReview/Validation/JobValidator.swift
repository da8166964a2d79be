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
        let planPointer = JSONPointer(tokens: ["plan"])
        let inventory = plan.inventory

        if let history = inventory?.history {
            duplicateYears(history.map(\.year), at: planPointer.appending("inventory").appending("history"), positions.history, &issues)
        }
        if let bau = plan.businessAsUsual {
            let pointer = planPointer.appending("businessAsUsual")
            duplicateYears(bau.map(\.year), at: pointer, positions.businessAsUsual, &issues)
            if let base = inventory?.baseYear {
                for (i, p) in bau.enumerated() where p.year <= base {
                    issues.append(ValidationIssue(pointer: pointer.appending(positions.businessAsUsual?[i] ?? i).appending("year").description, reason: "must be after the inventory base year \(base), found \(p.year)", code: .invalidYearRange))
                }
            }
        }
        if let budget = plan.carbonBudget, budget.toYear < budget.fromYear {
            issues.append(ValidationIssue(pointer: planPointer.appending("carbonBudget").appending("toYear").description, reason: "toYear \(budget.toYear) is before fromYear \(budget.fromYear)", code: .invalidYearRange))
        }
        if let actions = plan.actions {
            let pointer = planPointer.appending("actions")
            duplicateIds(actions.map(\.id), at: pointer, &issues, positions: positions.actions)
            for i in actions.indices {
                if let start = actions[i].startYear, let full = actions[i].fullEffectYear, full < start {
                    issues.append(ValidationIssue(pointer: pointer.appending(positions.actions?[i] ?? i).appending("fullEffectYear").description, reason: "fullEffectYear \(full) is before startYear \(start)", code: .fullEffectBeforeStart))
                }
            }
        }
        if let actions = plan.adaptation?.actions {
            let withId = actions.indices.filter { actions[$0].id != nil }
            duplicateIds(withId.map { actions[$0].id! }, at: planPointer.appending("adaptation").appending("actions"), &issues, positions: withId.map { positions.adaptationActions?[$0] ?? $0 })
        }
        if let targets = plan.targets {
            checkTargets(targets, positions: positions.targets, inventory: inventory, residualSharePercent: residualSharePercent, at: planPointer.appending("targets"), &issues)
        }
        return issues
    }

    private static func duplicateYears(_ years: [Int], at pointer: JSONPointer, _ positions: [Int]?, _ issues: inout [ValidationIssue]) {
        var first: [Int: Int] = [:]
        for (k, y) in years.enumerated() {
            let i = positions?[k] ?? k
            if let j = first[y] {
                issues.append(ValidationIssue(pointer: pointer.appending(i).appending("year").description, reason: "duplicate year \(y) (also at \(pointer.appending(j)))", code: .duplicateYear))
            } else {
                first[y] = i
            }
        }
    }

    private static func duplicateIds(_ ids: [String], at pointer: JSONPointer, _ issues: inout [ValidationIssue], positions: [Int]? = nil) {
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
    /// an earlier one (compared in tCO2e where the reference totals are known, else in percent
    /// against the same reference year), and any target after the first net-zero year.
    private static func checkTargets(_ targets: [Target], positions: [Int]?, inventory: Inventory?, residualSharePercent: Double, at pointer: JSONPointer, _ issues: inout [ValidationIssue]) {
        let baseYear = inventory?.baseYear
        let baseline = inventory?.totalTco2e
        var history: [Int: Double] = [:]
        for p in inventory?.history ?? [] where history[p.year] == nil { history[p.year] = p.tco2e }
        func total(_ year: Int) -> Double? { year == baseYear ? baseline : history[year] }

        var valid: [(index: Int, target: Target, kind: Target.Kind)] = []
        var seenYears: [Int: Int] = [:]
        for (k, t) in targets.enumerated() {
            let i = positions?[k] ?? k
            let p = pointer.appending(i)
            guard let kind = t.kind else {
                let reason = t.netZero == false && t.reductionPercent == nil && t.tco2e == nil
                    ? "netZero must be true; a target needs exactly one of reductionPercent, netZero: true, tco2e"
                    : "needs exactly one of reductionPercent, netZero: true, tco2e"
                issues.append(ValidationIssue(pointer: p.description, reason: reason, code: .ambiguousTarget))
                continue
            }
            if let baseYear, t.year <= baseYear {
                issues.append(ValidationIssue(pointer: p.appending("year").description, reason: "target year \(t.year) is not after the inventory base year \(baseYear)", code: .targetNotAfterBaseYear))
                continue
            }
            // `baseYear` only matters for a reductionPercent target; elsewhere it is ignored.
            if kind == .reduction, let ref = t.baseYear, ref >= t.year {
                issues.append(ValidationIssue(pointer: p.appending("baseYear").description, reason: "baseYear \(ref) is not before the target year \(t.year)", code: .invalidYearRange))
                continue
            }
            if let j = seenYears[t.year] {
                issues.append(ValidationIssue(pointer: p.appending("year").description, reason: "duplicate target year \(t.year) (also at \(pointer.appending(j)))", code: .duplicateYear))
                continue
            }
            seenYears[t.year] = i
            valid.append((i, t, kind))
        }
        valid.sort { $0.target.year < $1.target.year }

        if let netZeroYear = valid.first(where: { $0.kind == .netZero })?.target.year {
            for v in valid where v.kind != .netZero && v.target.year > netZeroYear {
                issues.append(ValidationIssue(pointer: pointer.appending(v.index).appending("year").description, reason: "target for \(v.target.year) comes after the net-zero year \(netZeroYear)", code: .contradictoryTargets))
            }
            valid.removeAll { $0.kind != .netZero && $0.target.year > netZeroYear }
        }

        // Strictest absolute target so far, and strictest percentage per reference year so far.
        var strictestAbsolute: (tco2e: Double, year: Int)?
        var strictestPercent: [Int: (percent: Double, year: Int)] = [:]
        for v in valid {
            let t = v.target
            var absolute: Double?
            switch v.kind {
            case .absolute: absolute = t.tco2e
            case .netZero: absolute = baseline.map { $0 * residualSharePercent / 100 }
            case .reduction:
                let ref = t.baseYear ?? baseYear
                if let ref, let total = total(ref), let pct = t.reductionPercent { absolute = total * (1 - pct / 100) }
            }
            if let absolute, let earlier = strictestAbsolute, absolute > earlier.tco2e + 1e-6 * max(1, earlier.tco2e) {
                issues.append(ValidationIssue(
                    pointer: pointer.appending(v.index).description,
                    reason: "the \(t.year) target (\(tonnes(absolute)) tCO2e) is less strict than the \(earlier.year) target (\(tonnes(earlier.tco2e)) tCO2e)",
                    code: .contradictoryTargets))
            } else if absolute == nil, v.kind == .reduction, let pct = t.reductionPercent, let ref = t.baseYear ?? baseYear,
                let earlier = strictestPercent[ref], pct < earlier.percent - 1e-9
            {
                issues.append(ValidationIssue(
                    pointer: pointer.appending(v.index).appending("reductionPercent").description,
                    reason: "the \(t.year) target (\(tonnes(pct)) % vs \(ref)) is less strict than the \(earlier.year) target (\(tonnes(earlier.percent)) % vs \(ref))",
                    code: .contradictoryTargets))
            }
            if let absolute, absolute < (strictestAbsolute?.tco2e ?? .infinity) { strictestAbsolute = (absolute, t.year) }
            if v.kind == .reduction, let pct = t.reductionPercent, let ref = t.baseYear ?? baseYear, pct > (strictestPercent[ref]?.percent ?? -1) {
                strictestPercent[ref] = (pct, t.year)
            }
        }
    }

    private static func tonnes(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? String(Int64(r)) : String(r)
    }
}
