/// The municipalities' planned pathways added up against Klimaloven: 70 % less in 2030 than in 1990
/// (Lov om klima, LOV nr 965 af 26/06/2020, § 1).
///
/// - Important: it covers only the municipalities with a result and a pathway, never all 98, and
///   each plan's own reference: its 1990 total where the plan gives one, else its base-year total
///   (a later, lower figure, so the reduction reads smaller than it would against 1990).
public struct NationalTotal: Sendable, Codable, Equatable {
    /// Klimaloven's 2030 reduction vs 1990, percent.
    public static let klimalovenPercent2030 = 70.0

    public var municipalitiesTotal: Int
    public var municipalitiesWithResult: Int
    /// Those whose result has a pathway with a 2030 value: the ones summed.
    public var municipalitiesCounted: Int
    /// Of those, how many are measured from their 1990 total (the rest from their base year).
    public var municipalitiesWith1990: Int
    public var referenceTco2e: Double
    public var planned2030Tco2e: Double
    public var target2030Tco2e: Double
    /// 100 · (1 − planned2030 / reference); nil when nothing is counted.
    public var plannedReduction2030Percent: Double?
    public var targetReduction2030Percent: Double?
    public var klimalovenPercent: Double = Self.klimalovenPercent2030

    public init(municipalitiesTotal: Int, reviews: [StoredReview]) {
        self.municipalitiesTotal = municipalitiesTotal
        municipalitiesWithResult = reviews.count
        var counted = 0, with1990 = 0
        var reference = 0.0, planned = 0.0, target = 0.0
        for review in reviews {
            let f = review.figures
            guard let planned2030 = f.planned2030Tco2e, let base = f.reference1990Tco2e ?? f.baselineTco2e, base > 0 else { continue }
            counted += 1
            if f.reference1990Tco2e != nil { with1990 += 1 }
            reference += base
            planned += planned2030
            target += f.target2030Tco2e ?? planned2030
        }
        municipalitiesCounted = counted
        municipalitiesWith1990 = with1990
        referenceTco2e = reference
        planned2030Tco2e = planned
        target2030Tco2e = target
        plannedReduction2030Percent = reference > 0 ? ((1000 * (1 - planned / reference)).rounded() / 10) : nil
        targetReduction2030Percent = reference > 0 ? ((1000 * (1 - target / reference)).rounded() / 10) : nil
    }

    /// Whether the counted plans together reach Klimaloven's 70 %.
    public var meetsKlimaloven: Bool? { plannedReduction2030Percent.map { $0 >= klimalovenPercent } }
}
