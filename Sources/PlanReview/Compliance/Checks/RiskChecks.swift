import PlanReviewContract
import PlanReviewJSON

/// CAPF 2.5 "Risikovurdering": the Danish hazards, scenario and method.
/// Each check's spec (parameters, outcomes) is beside its code; meanings and sources: docs/RULES.md.
extension CheckSpec {
    static let riskChecks: [CheckSpec] = [
        CheckSpec(
            kind: .riskHazards, parameters: [param("hazards", .hazards, danishHazards)],
            outcomes: [yields(.pass, .pass, [.count]), yields(.missing, .fail, [.missing, .count]), yields(.noAssessment, .fail, [.missing])]),
        CheckSpec(
            kind: .riskMethod, parameters: [param("minHorizonYear", .year, .number(2050))],
            outcomes: [yields(.pass, .pass, [.scenario, .year]), yields(.warn, .warn, [.items]), yields(.noAssessment, .notApplicable)]),
    ]
}

extension RuleContext {
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
        if (assessment.scenario ?? "").isEmpty {
            items.append(ComplianceText.word(.noScenario, language))
            evidence.append("/plan/adaptation/riskAssessment/scenario")
        }
        if let horizon = assessment.horizonYear {
            if horizon < minHorizonYear {
                items.append(language == .da ? "tidshorisonten \(horizon) ligger før \(minHorizonYear)" : "the horizon \(horizon) is before \(minHorizonYear)")
                evidence.append("/plan/adaptation/riskAssessment/horizonYear")
            }
        } else {
            items.append(ComplianceText.word(.noHorizon, language))
            evidence.append("/plan/adaptation/riskAssessment/horizonYear")
        }
        let unrated = (assessment.hazards ?? []).filter { ($0.likelihood ?? "").isEmpty || ($0.consequence ?? "").isEmpty }.count
        if unrated > 0 {
            items.append(String(unrated) + " " + ComplianceText.word(.unrated, language))
            evidence.append("/plan/adaptation/riskAssessment/hazards")
        }
        if items.isEmpty {
            return CheckOutcome(.pass, [.scenario: .text(assessment.scenario ?? ""), .year: .year(assessment.horizonYear ?? 0)], Evidence.adaptationRiskAssessmentScenarioAndAdaptationRiskAssessmentHorizonYear)
        }
        return CheckOutcome(.warn, [.items: .texts(items)], evidence)
    }
}
