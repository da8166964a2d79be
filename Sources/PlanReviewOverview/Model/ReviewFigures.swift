import Foundation

/// The figures of one plan review the overview shows, read from a `planreview.result/v1` body at
/// ingest and stored beside it: what a row of the overview needs without decoding the whole result.
///
/// Percentages are reductions against the plan's own base year (`baselineTco2e`), as the pathway
/// defines its lines; `reference1990Tco2e` is the plan's 1990 total when its history gives one, which
/// the national total against Klimaloven (70 % in 2030 vs 1990, Klimaloven § 1) prefers.
public struct ReviewFigures: Sendable, Codable, Equatable {
    public var status: String
    public var scoreOverall: Double?
    public var scorePillar1: Double?
    public var scorePillar2: Double?
    public var scorePillar3: Double?
    public var baseYear: Int?
    public var baselineTco2e: Double?
    /// The target line in 2030.
    public var target2030Tco2e: Double?
    /// The planned line (BAU − actions) in 2030.
    public var planned2030Tco2e: Double?
    /// planned − target in 2030 ("manko"; > 0 is a shortfall).
    public var gap2030Tco2e: Double?
    public var afoluTco2e: Double?
    public var reference1990Tco2e: Double?
    /// Inhabitants, when the job or the result gave them.
    public var population: Int?
    /// The result message's AMQP timestamp (when the worker published it).
    public var reviewedAt: Date?

    public init(status: String) { self.status = status }

    /// Reduction of the 2030 target against the base year, percent.
    public var target2030ReductionPercent: Double? { Self.reductionPercent(target2030Tco2e, from: baselineTco2e) }
    /// Reduction of the planned pathway in 2030 against the base year, percent.
    public var planned2030ReductionPercent: Double? { Self.reductionPercent(planned2030Tco2e, from: baselineTco2e) }
    /// Baseline per inhabitant, t CO2e; nil without a population.
    public var tco2ePerInhabitant: Double? {
        guard let baselineTco2e, let population, population > 0 else { return nil }
        return baselineTco2e / Double(population)
    }
    /// AFOLU's share of the baseline, percent (may be negative with net removals).
    public var afoluSharePercent: Double? {
        guard let afoluTco2e, let baselineTco2e, baselineTco2e != 0 else { return nil }
        return 100 * afoluTco2e / baselineTco2e
    }

    static func reductionPercent(_ value: Double?, from base: Double?) -> Double? {
        guard let value, let base, base > 0 else { return nil }
        return 100 * (base - value) / base
    }
}
