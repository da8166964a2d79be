import Foundation
import PlanReviewContract
import PlanReviewJSON

/// The carbon budget evaluation, Tyndall Centre style (Anderson, Broderick & Stoddard 2020,
/// "A factor of two: how the mitigation plans of 'climate progressive' nations fall far short
/// of Paris-compliant pathways", Climate Policy 20:1290; Kuriakose et al. 2022, "Quantifying the
/// implications of the Paris Agreement for ... local authorities", Tyndall Centre reports).
///
/// Both sides are discrete yearly sums (contract v1.1), so a plan that follows the budget
/// pathway exactly uses exactly the budget:
/// - the pathway E(t) = E0·q^(t−t0) with Σ_{t≥t0} E(t) = E0/(1 − q) = B, so the annual reduction
///   rate is 1 − q = E0/B and k = −ln q;
/// - 95 % of B is used after n years with q^n = 0.05: year95 = t0 + ln(20)/k;
/// - the plan: Σ of its planned emissions of the budget's `scope` from `fromYear` to `toYear`;
///   before the base year from `history` (linear between its points and the base year, else the
///   base-year value); after the last pathway year as the plan states it: zero once its target
///   line is at net zero, else its last planned value.
enum CarbonBudgetPathway {
    /// The budget's scope: as given, else `energy_co2` when `source` names the Tyndall Centre
    /// (its local budgets are CO2 from energy only), else `all_ghg`.
    static func scope(of budget: CarbonBudget) -> BudgetScope {
        if let word = budget.scope, let scope = BudgetScope.parse(word) { return scope }
        return (budget.source ?? "").lowercased().contains("tyndall") ? .energyCO2 : .allGHG
    }

    static func evaluate(
        _ budget: CarbonBudget, scope: BudgetScope, scopeBaseline: Double, planned: [Double], earlier: [(year: Int, tco2e: Double)], series: Series
    ) -> BudgetResult {
        let fromHistory = earlier.first { $0.year == budget.fromYear }
        let startEmissions: Double
        let source: String
        if let given = budget.startEmissionsTco2e {
            (startEmissions, source) = (round1(given), "given")
        } else if budget.fromYear < series.baseYear, let fromHistory {
            (startEmissions, source) = (round1(fromHistory.tco2e), "history")
        } else {
            (startEmissions, source) = (scopeBaseline, "inventory")
        }
        let share = budget.budgetTco2e > 0 ? startEmissions / budget.budgetTco2e : 0
        let rate = round4(min(share, 1))
        let k = share > 0 && share < 1 ? -log(1 - share) : nil
        let year95 = k.map { round1(Double(budget.fromYear) + log(20) / $0) }

        let points = earlier.filter { $0.year < series.baseYear } + [(series.baseYear, scopeBaseline)]
        let netZeroTail = (series.target.last ?? 1) <= series.residualThreshold
        func value(_ year: Int) -> Double {
            if year < series.baseYear {
                guard let after = points.firstIndex(where: { $0.year > year }), after > 0 else { return points.first?.1 ?? scopeBaseline }
                let (y0, v0) = points[after - 1]
                let (y1, v1) = points[after]
                return v0 + (v1 - v0) * Double(year - y0) / Double(y1 - y0)
            }
            if let i = series.index(year) { return planned[i] }
            return netZeroTail ? 0 : (planned.last ?? scopeBaseline)
        }
        var cumulative = 0.0
        var cumulativeToEnd = 0.0
        var exhausted: Int?
        let last = max(budget.toYear, PathwayCalculator.budgetSearchEndYear)
        if budget.fromYear <= last {
            for year in budget.fromYear...last {
                cumulative += value(year)
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
            startEmissionsSource: source,
            annualReductionRate: rate,
            year95PercentUsed: year95,
            plannedCumulativeTco2e: plannedCumulative,
            overshootTco2e: round1(max(0, plannedCumulative - budget.budgetTco2e)),
            yearExhaustedUnderPlan: exhausted,
            scope: scope.rawValue)
    }
}
