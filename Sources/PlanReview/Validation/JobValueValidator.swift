import PlanReviewContract
import PlanReviewJSON

/// The value rules (`ValueRule`) applied to a job given as a value (`Reviewer.review(job:)`):
/// what the JSON mapper checks while reading a body, for a `Job` built in code.
enum JobValueValidator {
    static func validate(_ job: Job) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        // Paths are built only for a failing value (autoclosures).
        func check(_ violation: ValueRule.Violation?, _ path: @autoclosure () -> [String]) {
            if let violation { issues.append(ValidationIssue(pointer: JSONPointer(tokens: path()).description, reason: violation.reason, code: violation.code)) }
        }
        func year(_ y: Int?, _ path: @autoclosure () -> [String]) {
            if let y { check(ValueRule.year(y), path()) }
        }
        func nonNegative(_ v: Double?, _ path: @autoclosure () -> [String]) {
            if let v { check(ValueRule.nonNegative(v), path()) }
        }
        func tonnes(_ v: Double?, _ path: @autoclosure () -> [String]) {
            if let v { check(ValueRule.tonnes(v), path()) }
        }
        let plan = job.plan
        if let p = job.municipality.population { check(ValueRule.nonNegative(p), ["municipality", "population"]) }
        if let date = plan.adoptedByCouncil { check(ValueRule.isoDate(date), ["plan", "adoptedByCouncil"]) }
        if let inventory = plan.inventory {
            year(inventory.baseYear, ["plan", "inventory", "baseYear"])
            for (i, e) in inventory.entries.enumerated() {
                if let t = e.tco2e { check(ValueRule.entryTonnes(t, sector: e.sector), ["plan", "inventory", "entries", "\(i)", "tco2e"]) }
                check(ValueRule.scope(e.scope), ["plan", "inventory", "entries", "\(i)", "scope"])
                check(ValueRule.figureOrNotation(hasFigure: e.tco2e != nil, hasNotation: e.notation != nil), ["plan", "inventory", "entries", "\(i)"])
            }
            for (i, p) in (inventory.history ?? []).enumerated() {
                year(p.year, ["plan", "inventory", "history", "\(i)", "year"])
                check(ValueRule.pointTonnes(p.tco2e, sector: p.sector), ["plan", "inventory", "history", "\(i)", "tco2e"])
            }
        }
        for (i, t) in (plan.targets ?? []).enumerated() {
            year(t.year, ["plan", "targets", "\(i)", "year"])
            year(t.baseYear, ["plan", "targets", "\(i)", "baseYear"])
            tonnes(t.tco2e, ["plan", "targets", "\(i)", "tco2e"])
            if let pct = t.reductionPercent { check(ValueRule.reductionPercent(pct), ["plan", "targets", "\(i)", "reductionPercent"]) }
        }
        for (i, p) in (plan.businessAsUsual ?? []).enumerated() {
            year(p.year, ["plan", "businessAsUsual", "\(i)", "year"])
            tonnes(p.tco2e, ["plan", "businessAsUsual", "\(i)", "tco2e"])
        }
        if let b = plan.carbonBudget {
            check(ValueRule.budget(b.budgetTco2e), ["plan", "carbonBudget", "budgetTco2e"])
            year(b.fromYear, ["plan", "carbonBudget", "fromYear"])
            year(b.toYear, ["plan", "carbonBudget", "toYear"])
            tonnes(b.startEmissionsTco2e, ["plan", "carbonBudget", "startEmissionsTco2e"])
        }
        if let actions = plan.actions {
            for i in actions.indices {
                check(ValueRule.nonEmpty(actions[i].id), ["plan", "actions", "\(i)", "id"])
                tonnes(actions[i].reductionTco2e, ["plan", "actions", "\(i)", "reductionTco2e"])
                nonNegative(actions[i].costDkk, ["plan", "actions", "\(i)", "costDkk"])
                nonNegative(actions[i].staffFte, ["plan", "actions", "\(i)", "staffFte"])
                year(actions[i].startYear, ["plan", "actions", "\(i)", "startYear"])
                year(actions[i].fullEffectYear, ["plan", "actions", "\(i)", "fullEffectYear"])
                if actions[i].reductionTco2e != nil && actions[i].startYear == nil {
                    check(ValueRule.startYearRequired, ["plan", "actions", "\(i)", "startYear"])
                }
            }
        }
        if let m = plan.manko {
            year(m.year, ["plan", "manko", "year"])
            tonnes(m.tco2e, ["plan", "manko", "tco2e"])
        }
        if let date = job.referenceDate { check(ValueRule.isoDate(date), ["referenceDate"]) }
        if let governance = plan.governance { nonNegative(governance.staffFte, ["plan", "governance", "staffFte"]) }
        if let revision = plan.monitoring?.revisionYear { year(revision, ["plan", "monitoring", "revisionYear"]) }
        return issues
    }
}
