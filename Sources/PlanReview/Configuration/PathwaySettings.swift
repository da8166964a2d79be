import Foundation
import PlanReviewContract
import PlanReviewJSON
import Yams

/// `pathway:` in a ruleset.
public struct PathwaySettings: Sendable, Codable, Equatable {
    /// A net-zero target means residual emissions ≤ this share of the base-year total. Default 0.
    public var residualSharePercent: Double
    /// The series end at this year, or at a later net-zero target year. Default 2050.
    public var horizonYear: Int

    public init(residualSharePercent: Double = 0, horizonYear: Int = 2050) {
        self.residualSharePercent = residualSharePercent
        self.horizonYear = horizonYear
    }

    enum CodingKeys: String, CodingKey {
        case residualSharePercent, horizonYear
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        residualSharePercent = try c.decodeIfPresent(Double.self, forKey: .residualSharePercent) ?? 0
        horizonYear = try c.decodeIfPresent(Int.self, forKey: .horizonYear) ?? 2050
    }
}
