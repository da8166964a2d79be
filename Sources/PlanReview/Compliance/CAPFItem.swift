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

    /// The item's title in the Danish CAPF (Realdania/CONCITO 2020), with an English rendering.
    public var title: LocalizedText {
        switch self {
        case .visionAndCommitment: LocalizedText(da: "Vision, forpligtelse og tilslutning", en: "Vision, commitment and endorsement")
        case .coordination: LocalizedText(da: "Koordinering", en: "Coordination")
        case .goals: LocalizedText(da: "Mål og målsætninger", en: "Goals and targets")
        case .staffResources: LocalizedText(da: "Personaleressourcer", en: "Staff resources")
        case .engagement: LocalizedText(da: "Kommunikation", en: "Communication")
        case .context: LocalizedText(da: "Kommunens kontekst", en: "Municipal context")
        case .powers: LocalizedText(da: "Forvaltning og beføjelser", en: "Governance and powers")
        case .inventory: LocalizedText(da: "Opgørelse af drivhusgasemissioner", en: "Greenhouse gas emissions inventory")
        case .pathways: LocalizedText(da: "Udledningsstier", en: "Emission pathways")
        case .riskAssessment: LocalizedText(da: "Risikovurdering", en: "Risk assessment")
        case .actions: LocalizedText(da: "Tiltag, der er ligelige og inkluderende", en: "Actions that are equitable and inclusive")
        case .implementation: LocalizedText(da: "Identifikation af barrierer", en: "Identification of barriers")
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
