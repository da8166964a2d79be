import Foundation
import PlanReviewContract

/// All 98 municipalities (the official list, passed in as a value) with their latest results, and the
/// national total: what `/`, `/api/overview`, `/overview.csv` and `planreview overview build` show.
public struct Overview: Sendable, Codable, Equatable {
    public var generatedAt: Date
    public var national: NationalTotal
    public var municipalities: [OverviewRow]

    public init(municipalities: [MunicipalityRef], reviews: [Int: StoredReview], progress: [Int: StoredProgress], generatedAt: Date) {
        self.generatedAt = generatedAt
        let known = Set(municipalities.map(\.code))
        national = NationalTotal(municipalitiesTotal: municipalities.count, reviews: reviews.filter { known.contains($0.key) }.map(\.value))
        self.municipalities = municipalities.sorted { $0.code < $1.code }.map {
            OverviewRow(municipality: $0, review: reviews[$0.code], progress: progress[$0.code])
        }
    }

    /// The one-line national summary `Scripts/demo` prints.
    public var summaryLine: String {
        let planned = national.plannedReduction2030Percent.map { "\(NumberFormat.percent($0))" } ?? "—"
        return "\(national.municipalitiesWithResult) af \(national.municipalitiesTotal) kommuner med resultat; "
            + "planlagt reduktion 2030 for dem: \(planned) (Klimaloven: \(NumberFormat.percent(national.klimalovenPercent)))"
    }
}
