import PlanReviewContract
import PlanReviewJSON

/// Plausibility remarks (issue 12) that go into the result's `notes[]`: the actions of a sector
/// that together cut more than the sector emits in the base year.
enum Plausibility {
    static func notes(job: Job, pathway: Pathway?, language: Language) -> [ResultNote] {
        guard let pathway else { return [] }
        var notes: [ResultNote] = []
        for c in pathway.sectorContributions where c.baselineTco2e > 0 && c.fullEffectReductionTco2e > c.baselineTco2e * 1.000_001 {
            let share = 100 * c.fullEffectReductionTco2e / c.baselineTco2e
            let sector = ComplianceText.sector(c.sector, language)
            let message = language == .da
                ? "Tiltagene i \(sector) reducerer \(NumberText.oneDecimal(share, language)) % af sektorens udledning i basisåret: mere end sektoren udleder. Kontrollér tiltagenes effekt."
                : "The actions in \(sector) cut \(NumberText.oneDecimal(share, language)) % of the sector's base-year emissions: more than the sector emits. Check the actions' estimates."
            notes.append(ResultNote(pointer: "/plan/actions", code: "actions_exceed_sector", message: message))
        }
        return notes
    }
}
