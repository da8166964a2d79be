import PlanReviewContract
import PlanReviewJSON

/// The names a template may use in braces. Which ones a message can use depends on the check and
/// the outcome (docs/RULES.md lists them per check).
public enum MessageArgument: String, Sendable, CaseIterable {
    case date, year, latestYear, referenceYear, baseYear, closeYear, closeByYear, targetYear
    case percent, requiredPercent, share, minimum, count, total, direct, influence
    case target, planned, gap, bau, budget, overshoot
    case population, fte, committee, cadence, scenario, sector, items, missing
    case stated, netZeroYear
}
