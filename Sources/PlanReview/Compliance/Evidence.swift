import PlanReviewContract
import PlanReviewJSON

/// Evidence pointers that do not depend on the job, allocated once (a review then only retains
/// them).
enum Evidence {
    static let actions: [String] = ["/plan/actions"]
    static let adaptationActions: [String] = ["/plan/adaptation/actions"]
    static let adaptationActionsAndAdaptationRiskAssessmentHazards: [String] = ["/plan/adaptation/actions", "/plan/adaptation/riskAssessment/hazards"]
    static let adaptationGoalsAndAdaptationRiskAssessmentHazards: [String] = ["/plan/adaptation/goals", "/plan/adaptation/riskAssessment/hazards"]
    static let adaptationRiskAssessment: [String] = ["/plan/adaptation/riskAssessment"]
    static let businessAsUsual: [String] = ["/plan/businessAsUsual"]
    static let carbonBudget: [String] = ["/plan/carbonBudget"]
    static let carbonBudgetAndActions: [String] = ["/plan/carbonBudget", "/plan/actions"]
    static let engagementStakeholderGroupsAndEngagementMethods: [String] = ["/plan/engagement/stakeholderGroups", "/plan/engagement/methods"]
    static let governanceStaffFte: [String] = ["/plan/governance/staffFte"]
    static let governanceStaffFteAndGovernanceResponsibleCommittee: [String] = ["/plan/governance/staffFte", "/plan/governance/responsibleCommittee"]
    static let inventory: [String] = ["/plan/inventory"]
    static let inventoryBaseYear: [String] = ["/plan/inventory/baseYear"]
    static let inventoryBaseYearAndAdoptedByCouncil: [String] = ["/plan/inventory/baseYear", "/plan/adoptedByCouncil"]
    static let inventoryEntries: [String] = ["/plan/inventory/entries"]
    static let inventoryEntriesAndActions: [String] = ["/plan/inventory/entries", "/plan/actions"]
    static let monitoring: [String] = ["/plan/monitoring"]
    static let monitoringIndicators: [String] = ["/plan/monitoring/indicators"]
    static let monitoringReportingCadence: [String] = ["/plan/monitoring/reportingCadence"]
    static let monitoringReportingCadenceAndMonitoringIndicators: [String] = ["/plan/monitoring/reportingCadence", "/plan/monitoring/indicators"]
    static let municipalityPopulation: [String] = ["/municipality/population"]
    static let municipalityPopulationAndInventoryEntries: [String] = ["/municipality/population", "/plan/inventory/entries"]
    static let targets: [String] = ["/plan/targets"]
    static let targetsAndActions: [String] = ["/plan/targets", "/plan/actions"]
    static let targetsAndInventoryHistory: [String] = ["/plan/targets", "/plan/inventory/history"]
    static let adaptationRiskAssessmentHazards: [String] = ["/plan/adaptation/riskAssessment/hazards"]
    static let adaptationRiskAssessmentScenarioAndAdaptationRiskAssessmentHorizonYear: [String] = [
        "/plan/adaptation/riskAssessment/scenario", "/plan/adaptation/riskAssessment/horizonYear",
    ]
    static let adoptedByCouncil: [String] = ["/plan/adoptedByCouncil"]
    static let commitmentLetterSigned: [String] = ["/plan/commitmentLetterSigned"]
    static let engagementEquityConsidered: [String] = ["/plan/engagement/equityConsidered"]
    static let governancePartners: [String] = ["/plan/governance/partners"]
    static let monitoringRevisionYear: [String] = ["/plan/monitoring/revisionYear"]
}
