import PlanReviewContract

/// `progress:` in a ruleset: what "on track" allows (docs/DOMAIN.md, "Progress").
public struct ProgressSettings: Sendable, Codable, Equatable {
    /// The latest reported year may lie this far above the planned pathway (percent of planned).
    /// Default 5: about the revision of a municipal account between vintages (Energi- og
    /// CO2-regnskabet is revised backwards when national factors change).
    public var tolerancePercent: Double
    /// A report whose latest year is more than this many years before the reference year is too
    /// old to judge. Default 3: the municipal accounts appear about two years after the year.
    public var maxDataAgeYears: Int
    /// A needed annual reduction rate above this is not achievable unless the municipality has
    /// already achieved it. Default 0.1172: the Carbon Law rate (Rockström et al. 2017, the rate
    /// Klimatkollen holds municipalities to).
    public var achievableRateCap: Double

    public init(tolerancePercent: Double = 5, maxDataAgeYears: Int = 3, achievableRateCap: Double = 0.1172) {
        self.tolerancePercent = tolerancePercent
        self.maxDataAgeYears = maxDataAgeYears
        self.achievableRateCap = achievableRateCap
    }

    enum CodingKeys: String, CodingKey {
        case tolerancePercent, maxDataAgeYears, achievableRateCap
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ProgressSettings()
        tolerancePercent = try c.decodeIfPresent(Double.self, forKey: .tolerancePercent) ?? defaults.tolerancePercent
        maxDataAgeYears = try c.decodeIfPresent(Int.self, forKey: .maxDataAgeYears) ?? defaults.maxDataAgeYears
        achievableRateCap = try c.decodeIfPresent(Double.self, forKey: .achievableRateCap) ?? defaults.achievableRateCap
        guard tolerancePercent >= 0, tolerancePercent <= 100 else {
            throw DecodingError.dataCorruptedError(forKey: .tolerancePercent, in: c, debugDescription: "must be between 0 and 100")
        }
        guard maxDataAgeYears >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .maxDataAgeYears, in: c, debugDescription: "must not be negative")
        }
        guard achievableRateCap > 0, achievableRateCap < 1 else {
            throw DecodingError.dataCorruptedError(forKey: .achievableRateCap, in: c, debugDescription: "must be a rate between 0 and 1")
        }
    }
}
