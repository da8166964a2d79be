import Foundation
import PlanReviewContract
import PlanReviewJSON
import Yams

/// A benchmark: fixed points (`points`) or a constant annual rate (`annualReductionPercent` at `years`).
public struct BenchmarkDefinition: Sendable, Codable, Equatable {
    public var id: String
    public var title: LocalizedText
    /// A short name for charts and rule messages ("Klimaloven", "IPCC AR6"); the id when absent.
    public var label: LocalizedText?
    public var source: String
    /// The year reductions are measured against; nil means the plan's inventory base year.
    public var referenceYear: Int?
    public var points: [BenchmarkPoint]?
    /// Carbon Law style: reduction(year) = 1 − (1 − rate)^(year − referenceYear).
    public var annualReductionPercent: Double?
    public var years: [Int]?

    public init(id: String, title: LocalizedText, label: LocalizedText? = nil, source: String, referenceYear: Int?, points: [BenchmarkPoint]? = nil, annualReductionPercent: Double? = nil, years: [Int]? = nil) {
        self.id = id
        self.title = title
        self.label = label
        self.source = source
        self.referenceYear = referenceYear
        self.points = points
        self.annualReductionPercent = annualReductionPercent
        self.years = years
    }
}

public struct BenchmarkPoint: Sendable, Codable, Equatable {
    public var year: Int
    /// Required unless `netZero`.
    public var reductionPercent: Double?
    /// Climate neutrality: met when the target trajectory is at net zero in `year`.
    public var netZero: Bool?

    public init(year: Int, reductionPercent: Double? = nil, netZero: Bool? = nil) {
        self.year = year
        self.reductionPercent = reductionPercent
        self.netZero = netZero
    }
}
