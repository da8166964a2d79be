import Foundation
import PlanReviewContract
import PlanReviewJSON

/// The carbon budget evaluation, Tyndall Centre style (Anderson, Broderick & Stoddard 2020,
/// "A factor of two: how the mitigation plans of 'climate progressive' nations fall far short
/// of Paris-compliant pathways", Climate Policy 20:1290; Kuriakose et al. 2022, "Quantifying the
/// implications of the Paris Agreement for ... local authorities", Tyndall Centre reports):
///
/// - an exponential pathway E(t) = E0·e^(−k(t−t0)) whose cumulative emissions from t0 to
///   infinity equal the budget B: ∫ E0·e^(−kτ) dτ = E0/k = B, so k = E0/B;
/// - its annual reduction rate: E(t+1)/E(t) = e^(−k), rate = 1 − e^(−k);
/// - the year 95 % of B is used: 1 − e^(−kτ) = 0.95 → τ = ln(20)/k;
/// - against the plan: cumulative planned emissions from `fromYear` (flat at the last pathway
///   year afterwards, at the base-year total before the base year), the overshoot over B, and
///   the first year the cumulative planned emissions exceed B (searched to 2100).
enum CarbonBudgetPathway {
    static func evaluate(_ budget: CarbonBudget, baseline: Double, series: Series) -> BudgetResult {
        let startEmissions = budget.startEmissionsTco2e.map(round1) ?? baseline
        let k = startEmissions / budget.budgetTco2e
        let rate = round4(1 - exp(-k))
        let year95 = k > 0 ? round1(Double(budget.fromYear) + log(20) / k) : nil

        func planned(_ year: Int) -> Double {
            if year < series.baseYear { return baseline }
            if let i = series.index(year) { return series.planned[i] }
            return series.planned.last ?? baseline
        }
        var cumulative = 0.0
        var cumulativeToEnd = 0.0
        var exhausted: Int?
        let last = max(budget.toYear, PathwayCalculator.budgetSearchEndYear)
        if budget.fromYear <= last {
            for year in budget.fromYear...last {
                let v = planned(year)
                cumulative += v
                if year <= budget.toYear { cumulativeToEnd = cumulative }
                if exhausted == nil, year <= PathwayCalculator.budgetSearchEndYear, cumulative > budget.budgetTco2e { exhausted = year }
            }
        }
        let plannedCumulative = round1(cumulativeToEnd)
        return BudgetResult(
            budgetTco2e: round1(budget.budgetTco2e),
            fromYear: budget.fromYear,
            toYear: budget.toYear,
            startEmissionsTco2e: startEmissions,
            startEmissionsSource: budget.startEmissionsTco2e == nil ? "inventory" : "given",
            annualReductionRate: rate,
            year95PercentUsed: year95,
            plannedCumulativeTco2e: plannedCumulative,
            overshootTco2e: round1(max(0, plannedCumulative - budget.budgetTco2e)),
            yearExhaustedUnderPlan: exhausted)
    }
}
