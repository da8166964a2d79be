import PlanReviewContract
import PlanReviewJSON

/// Consistency checks across fields of a well-typed `Job`: duplicate ids and years, targets that
/// contradict each other or the base year, actions that reach full effect before they start.
///
/// Each check is O(n) or O(n log n) in the list it looks at, so a body at the limits stays fast.
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

    /// The value checks the JSON mapper does while reading, for a job given as a value: years
    /// 1900–2100, emissions and amounts ≥ 0, percentages 0–100, scope 1–3, a positive budget,
    /// non-empty action ids, startYear with reductionTco2e.
    public static func validateValues(_ job: Job) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        // Paths are built only for a failing value (autoclosures).
        func year(_ y: Int?, _ path: @autoclosure () -> [String]) {
            if let y, !(1900...2100).contains(y) { issues.append(ValidationIssue(pointer: JSONPointer(tokens: path()).description, reason: "must be between 1900 and 2100, found \(y)", code: .yearOutOfRange)) }
        }
        func nonNegative(_ v: Double?, _ path: @autoclosure () -> [String]) {
            if let v, !(v >= 0) || !v.isFinite { issues.append(ValidationIssue(pointer: JSONPointer(tokens: path()).description, reason: "must be a finite number ≥ 0, found \(v)", code: .negativeValue)) }
        }
        func tonnes(_ v: Double?, _ path: @autoclosure () -> [String]) {
            nonNegative(v, path())
            if let v, v > ValidationLimits.maxAnnualTco2e { issues.append(ValidationIssue(pointer: JSONPointer(tokens: path()).description, reason: "must be at most 1e12 tCO2e, found \(v)", code: .outOfRange)) }
        }
        let plan = job.plan
        if let p = job.municipality.population, p < 0 { issues.append(ValidationIssue(pointer: "/municipality/population", reason: "must not be negative, found \(p)", code: .negativeValue)) }
        if let inventory = plan.inventory {
            year(inventory.baseYear, ["plan", "inventory", "baseYear"])
            for (i, e) in inventory.entries.enumerated() {
                tonnes(e.tco2e, ["plan", "inventory", "entries", "\(i)", "tco2e"])
                if !(1...3).contains(e.scope) { issues.append(ValidationIssue(pointer: "/plan/inventory/entries/\(i)/scope", reason: "must be 1, 2 or 3, found \(e.scope)", code: .invalidValue)) }
                if (e.tco2e == nil) == (e.notation == nil) { issues.append(ValidationIssue(pointer: "/plan/inventory/entries/\(i)", reason: "needs exactly one of tco2e and a notation key", code: .invalidValue)) }
            }
            for (i, p) in (inventory.history ?? []).enumerated() {
                year(p.year, ["plan", "inventory", "history", "\(i)", "year"])
                tonnes(p.tco2e, ["plan", "inventory", "history", "\(i)", "tco2e"])
            }
        }
        for (i, t) in (plan.targets ?? []).enumerated() {
            year(t.year, ["plan", "targets", "\(i)", "year"])
            year(t.baseYear, ["plan", "targets", "\(i)", "baseYear"])
            tonnes(t.tco2e, ["plan", "targets", "\(i)", "tco2e"])
            if let pct = t.reductionPercent, !(0...100).contains(pct) { issues.append(ValidationIssue(pointer: "/plan/targets/\(i)/reductionPercent", reason: "must be between 0 and 100, found \(pct)", code: .outOfRange)) }
        }
        for (i, p) in (plan.businessAsUsual ?? []).enumerated() {
            year(p.year, ["plan", "businessAsUsual", "\(i)", "year"])
            tonnes(p.tco2e, ["plan", "businessAsUsual", "\(i)", "tco2e"])
        }
        if let b = plan.carbonBudget {
            if !(b.budgetTco2e > 0) || !(b.budgetTco2e <= ValidationLimits.maxBudgetTco2e) { issues.append(ValidationIssue(pointer: "/plan/carbonBudget/budgetTco2e", reason: "must be greater than 0, found \(b.budgetTco2e)", code: .outOfRange)) }
            year(b.fromYear, ["plan", "carbonBudget", "fromYear"])
            year(b.toYear, ["plan", "carbonBudget", "toYear"])
            tonnes(b.startEmissionsTco2e, ["plan", "carbonBudget", "startEmissionsTco2e"])
        }
        if let actions = plan.actions {
            for i in actions.indices {
                if actions[i].id.isEmpty { issues.append(ValidationIssue(pointer: "/plan/actions/\(i)/id", reason: "must not be empty", code: .invalidValue)) }
                tonnes(actions[i].reductionTco2e, ["plan", "actions", "\(i)", "reductionTco2e"])
                nonNegative(actions[i].costDkk, ["plan", "actions", "\(i)", "costDkk"])
                nonNegative(actions[i].staffFte, ["plan", "actions", "\(i)", "staffFte"])
                year(actions[i].startYear, ["plan", "actions", "\(i)", "startYear"])
                year(actions[i].fullEffectYear, ["plan", "actions", "\(i)", "fullEffectYear"])
                if actions[i].reductionTco2e != nil && actions[i].startYear == nil {
                    issues.append(ValidationIssue(pointer: "/plan/actions/\(i)/startYear", reason: "required when reductionTco2e is given", code: .missingField))
                }
            }
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
