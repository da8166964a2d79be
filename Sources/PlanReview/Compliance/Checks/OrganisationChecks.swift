import PlanReviewContract
import PlanReviewJSON

/// CAPF 1.4 "Personaleressourcer" and 1.5 "Kommunikation": staff, committee, engagement.
/// Each check's spec (parameters, outcomes) is beside its code; meanings and sources: docs/RULES.md.
extension CheckSpec {
    static let organisationChecks: [CheckSpec] = [
        CheckSpec(
            kind: .staffResources, parameters: [param("minStaffFte", .decimal, .number(1))],
            outcomes: [
                yields(.pass, .pass, [.fte, .committee]), yields(.noCommittee, .warn, [.fte]), yields(.low, .fail, [.fte, .minimum]), yields(.missing, .fail, [.minimum]),
            ]),
        CheckSpec(
            kind: .engagement, parameters: [param("minStakeholderGroups", .count, .number(2))],
            outcomes: [yields(.pass, .pass, [.count, .items]), yields(.partial, .warn, [.count, .minimum]), yields(.missing, .fail)]),
    ]
}

extension RuleContext {
    /// 1.4: staff (full-time equivalents) and a responsible committee.
    func staffResources(minStaffFte: Double) -> CheckOutcome {
        let governance = plan.governance
        guard let fte = governance?.staffFte else {
            return CheckOutcome(.missing, [.minimum: .decimal(minStaffFte)], Evidence.governanceStaffFte)
        }
        if fte + 1e-9 < minStaffFte {
            return CheckOutcome(.low, [.fte: .decimal(fte), .minimum: .decimal(minStaffFte)], Evidence.governanceStaffFte)
        }
        guard let committee = governance?.responsibleCommittee, !committee.isEmpty else {
            return CheckOutcome(.noCommittee, [.fte: .decimal(fte)], Evidence.governanceStaffFteAndGovernanceResponsibleCommittee)
        }
        return CheckOutcome(.pass, [.fte: .decimal(fte), .committee: .text(committee)], Evidence.governanceStaffFteAndGovernanceResponsibleCommittee)
    }

    /// 1.5: stakeholder groups and engagement methods.
    func engagement(minStakeholderGroups: Int) -> CheckOutcome {
        let groups = plan.engagement?.stakeholderGroups ?? []
        let methods = plan.engagement?.methods ?? []
        let evidence = Evidence.engagementStakeholderGroupsAndEngagementMethods
        if groups.isEmpty { return CheckOutcome(.missing, evidence) }
        if groups.count < minStakeholderGroups || methods.isEmpty {
            return CheckOutcome(.partial, [.count: .count(groups.count), .minimum: .count(minStakeholderGroups)], evidence)
        }
        return CheckOutcome(.pass, [.count: .count(groups.count), .items: .texts(groups)], evidence)
    }
}
