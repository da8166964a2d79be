import PlanReviewContract
import PlanReviewJSON

/// Totals by year (a handful): a scan beats hashing.
struct ReferenceLookup {
    private let totals: [ReferenceTotal]

    init(_ totals: [ReferenceTotal]) { self.totals = totals }

    subscript(year: Int) -> Double? {
        for t in totals where t.year == year { return t.tco2e }
        return nil
    }
}
