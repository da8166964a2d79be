import Foundation
import PlanReviewContract
import PlanReviewJSON

/// Compares the plan's target trajectory (and planned trajectory) with the ruleset's benchmarks:
/// Klimaloven, IPCC AR6, Carbon Law (Config/rulesets/dk2020.yaml, each with its source).
///
/// The plan's equivalent reduction in year Y vs reference year R is 1 − value(Y) / total(R),
/// with total(R) from the inventory (base year) or `history`. Without total(R) the benchmark
/// is `not_applicable` with the reason. `met` compares the unrounded percentages (the result
/// shows them rounded to 0.1: 69.96 % shows as 70 % and does not meet 70 %); a net-zero point is met when the
/// trajectory is at or below the residual threshold in Y.
enum BenchmarkEvaluator {
    static func evaluate(_ definitions: [BenchmarkDefinition], series: Series, references: ReferenceLookup, language: Language) -> [BenchmarkResult] {
        var results: [BenchmarkResult] = []
        results.reserveCapacity(definitions.reduce(0) { $0 + ($1.points?.count ?? $1.years?.count ?? 0) })
        // A definition's points usually share their reason (one missing reference total): its text is
        // built once (each was a string interpolation per point).
        var lastReason: (reason: PathwayText, text: String)?
        for definition in definitions {
            let title = definition.title.text(language)
            let referenceYear = definition.referenceYear ?? series.baseYear
            var points: [(year: Int, reduction: Double, netZero: Bool)] = []
            if let fixed = definition.points {
                points = fixed.map { ($0.year, $0.netZero == true ? 100 : ($0.reductionPercent ?? 0), $0.netZero == true) }
            } else if let rate = definition.annualReductionPercent, let years = definition.years {
                // Carbon Law style: a constant annual rate from the reference year.
                points = years.map { y in (y, round1(100 * (1 - pow(1 - rate / 100, Double(max(y - referenceYear, 0))))), false) }
            }
            for point in points {
                var result = BenchmarkResult(
                    id: definition.id, title: title, source: definition.source,
                    year: point.year, referenceYear: referenceYear, reductionPercent: point.reduction,
                    planReductionPercent: nil, met: nil, plannedReductionPercent: nil, metByPlanned: nil,
                    status: .notApplicable, reason: nil)
                let reason: PathwayText?
                if point.year < series.baseYear || point.year <= referenceYear {
                    reason = .benchmarkYearBeforeBase(year: point.year, baseYear: max(series.baseYear, referenceYear))
                } else if series.index(point.year) == nil {
                    reason = .benchmarkYearAfterPathway(year: point.year, lastYear: series.endYear)
                } else if let total = references[referenceYear] {
                    reason = total > 0 ? nil : .benchmarkZeroReference(referenceYear: referenceYear)
                } else {
                    reason = .benchmarkMissingReference(referenceYear: referenceYear)
                }
                if let reason {
                    if let lastReason, lastReason.reason == reason {
                        result.reason = lastReason.text
                    } else {
                        let text = reason.text(language)
                        lastReason = (reason, text)
                        result.reason = text
                    }
                    results.append(result)
                    continue
                }
                let i = series.index(point.year)!
                let total = references[referenceYear]!
                // Compared unrounded (69.96 % does not meet 70 %); rounded only for display.
                let planPercent = 100 * (1 - series.target[i] / total)
                let plannedPercent = 100 * (1 - series.planned[i] / total)
                result.planReductionPercent = round1(planPercent)
                result.plannedReductionPercent = round1(plannedPercent)
                if point.netZero {
                    result.met = series.target[i] <= series.residualThreshold
                    result.metByPlanned = series.planned[i] <= series.residualThreshold
                } else {
                    result.met = planPercent >= point.reduction
                    result.metByPlanned = plannedPercent >= point.reduction
                }
                result.status = .evaluated
                results.append(result)
            }
        }
        return results
    }
}
