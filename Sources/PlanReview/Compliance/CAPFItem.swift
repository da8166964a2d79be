import PlanReviewContract
import PlanReviewJSON

/// An item of the Danish edition of the C40 Climate Action Planning Framework (CAPF) as used in
/// DK2020 (Realdania, KL, the regions and CONCITO, 2020): three pillars, twelve items.
///
/// Every rule of a ruleset names one item; a ruleset that names another is rejected at load.
public enum CAPFItem: String, Sendable, Codable, CaseIterable, Comparable {
    case visionAndCommitment = "1.1"
    case coordination = "1.2"
    case goals = "1.3"
    case staffResources = "1.4"
    case engagement = "1.5"
    case context = "2.1"
    case powers = "2.2"
    case inventory = "2.3"
    case pathways = "2.4"
    case riskAssessment = "2.5"
    case actions = "3.1"
    case implementation = "3.2"

    /// "1", "2" or "3".
    public var pillar: String {
        switch self {
        case .visionAndCommitment, .coordination, .goals, .staffResources, .engagement: "1"
        case .context, .powers, .inventory, .pathways, .riskAssessment: "2"
        case .actions, .implementation: "3"
        }
    }

    public var title: LocalizedText {
        switch self {
        case .visionAndCommitment: LocalizedText(da: "Vision og forpligtelse", en: "Vision and commitment")
        case .coordination: LocalizedText(da: "Koordinering med relevante institutioner", en: "Coordination with relevant institutions")
        case .goals: LocalizedText(da: "Mål", en: "Goals")
        case .staffResources: LocalizedText(da: "Personaleressourcer", en: "Staff resources")
        case .engagement: LocalizedText(da: "Kommunikation og inddragelse", en: "Communication and engagement")
        case .context: LocalizedText(da: "Kommunal kontekst", en: "Municipal context")
        case .powers: LocalizedText(da: "Kommunens beføjelser", en: "Municipal powers")
        case .inventory: LocalizedText(da: "Drivhusgasopgørelse (GPC)", en: "Greenhouse gas inventory (GPC)")
        case .pathways: LocalizedText(da: "Udledningsforløb", en: "Emission pathways")
        case .riskAssessment: LocalizedText(da: "Klimarisikovurdering", en: "Climate risk assessment")
        case .actions: LocalizedText(da: "Tiltag til reduktion og tilpasning", en: "Mitigation and adaptation actions")
        case .implementation: LocalizedText(da: "Implementering, barrierer og opfølgning", en: "Implementation, barriers and monitoring")
        }
    }

    /// The pillar titles of the Danish CAPF.
    public static func pillarTitle(_ pillar: String) -> LocalizedText {
        switch pillar {
        case "1": LocalizedText(da: "Tilslutning til klimamål og samarbejde", en: "Commitment and collaboration")
        case "2": LocalizedText(da: "Udfordringer og muligheder", en: "Challenges and opportunities")
        default: LocalizedText(da: "Fremskyndelse og implementering", en: "Acceleration and implementation")
        }
    }

    public static func < (a: CAPFItem, b: CAPFItem) -> Bool { a.rawValue < b.rawValue }
}
