import PlanReviewContract
import PlanReviewJSON

/// `plan.adaptation`: risk assessment, goals, actions.
extension JobMapper {
    mutating func mapAdaptation(_ node: Int) -> Adaptation? {
        guard let m = object(node, ContractField.Adaptation.self) else { return nil }
        var adaptation = Adaptation()
        if let v = optional(m, .riskAssessment), let r = object(v, ContractField.Risk.self) {
            var risk = RiskAssessment()
            if let x = optional(r, .scenario) { risk.scenario = string(x) }
            if let x = optional(r, .horizonYear) { risk.horizonYear = year(x) }
            if let x = optional(r, .hazards) {
                var hazards: [HazardAssessment] = []
                _ = elements(x, maxLength: limits.maxArrayLength) { m, e in
                    guard let h = m.object(e, ContractField.Hazard.self) else { return }
                    let hazard = m.required(h, .hazard).flatMap { m.enumeration($0, ClimateHazard.self) }
                    let likelihood = m.optional(h, .likelihood).flatMap { m.string($0) }
                    let consequence = m.optional(h, .consequence).flatMap { m.string($0) }
                    if let hazard { hazards.append(HazardAssessment(hazard: hazard, likelihood: likelihood, consequence: consequence)) }
                }
                risk.hazards = hazards
            }
            adaptation.riskAssessment = risk
        }
        if let v = optional(m, .goals) {
            var goals: [AdaptationGoal] = []
            _ = elements(v, maxLength: limits.maxArrayLength) { m, e in
                guard let g = m.object(e, ContractField.Goal.self) else { return }
                var goal = AdaptationGoal()
                if let x = m.optional(g, .hazard) { goal.hazard = m.enumeration(x, ClimateHazard.self) }
                if let x = m.optional(g, .text) { goal.text = m.string(x) }
                if let x = m.optional(g, .year) { goal.year = m.year(x) }
                goals.append(goal)
            }
            adaptation.goals = goals
        }
        if let v = optional(m, .actions) {
            var actions: [AdaptationAction] = []
            var at: [Int] = []
            _ = elementsIndexed(v, maxLength: limits.maxActions) { m, i, e in
                guard let a = m.object(e, ContractField.AdaptationAction.self) else { return }
                at.append(i)
                var action = AdaptationAction()
                if let x = m.optional(a, .id) { action.id = m.nonEmptyString(x) }
                if let x = m.optional(a, .title) { action.title = m.string(x) }
                if let x = m.optional(a, .hazards) {
                    var hazards: [ClimateHazard] = []
                    _ = m.elements(x, maxLength: 100) { m, h in if let hz = m.enumeration(h, ClimateHazard.self) { hazards.append(hz) } }
                    action.hazards = hazards
                }
                if let x = m.optional(a, .startYear) { action.startYear = m.year(x) }
                if let x = m.optional(a, .costDkk) { action.costDkk = m.nonNegative(x) }
                if let x = m.optional(a, .owner) { action.owner = m.string(x) }
                actions.append(action)
            }
            adaptation.actions = actions
            if at.count != doc.count(v) { positions.adaptationActions = at }
        }
        return adaptation
    }
}
