import PlanReview
import PlanReviewContract

/// A row of the actions table: an action of the plan as the reviewer reads it.
struct ActionRow: Equatable {
    let id: String
    let title: String
    let sector: GPCSector
    /// t CO2e a year at full effect; nil for an unquantified action.
    let fullEffectTco2e: Double?
    /// `costDkk / reductionTco2e`: kroner per tonne of yearly reduction at full effect; nil
    /// without a cost or a reduction (ReportText `.costNote` says what it covers).
    let costPerTonneYear: Double?
    let owner: String?
    let status: String?
    /// Why the pathway leaves the action out (`cancelled`, `paused`, `compensation`), if it does.
    let excludedReason: String?
}

extension PlanReport {
    /// The job's actions, in the plan's order, with the pathway's exclusions; empty without them.
    var actionRows: [ActionRow] {
        let excluded = Dictionary(result.pathway?.excludedActions.map { ($0.id, $0.reason) } ?? [], uniquingKeysWith: { a, _ in a })
        return (actions ?? []).map { a in
            let perTonne: Double? =
                if let cost = a.costDkk, let t = a.reductionTco2e, t > 0 { cost / t } else { nil }
            return ActionRow(
                id: a.id, title: a.title, sector: a.sector, fullEffectTco2e: a.reductionTco2e, costPerTonneYear: perTonne,
                owner: a.owner, status: a.status, excludedReason: excluded[a.id])
        }
    }

    /// "i gang" / "opgivet – udeladt af forløbet": the status column.
    func statusText(_ row: ActionRow) -> String {
        let status = row.status.map { ReportText.actionStatus($0, language) }
        guard let reason = row.excludedReason else { return status ?? "–" }
        let why = ReportText.exclusion(reason, language)
        let head = status.map { $0 == why ? $0 : "\($0), \(why)" } ?? why
        return "\(head) – \(term(.excludedMark))"
    }

    func costText(_ row: ActionRow) -> String { row.costPerTonneYear.map { tonnes($0.rounded()) } ?? "–" }
}
