import PlanReviewContract
import PlanReviewJSON

/// The domain's human texts in both result languages (validation reasons stay English: they are
/// for the developers of the submitting system, not for the plan's readers).
enum PathwayText: Equatable {
    case bauFlatFromBaseline
    case noTargets
    case targetWithoutReferenceTotal(year: Int, referenceYear: Int)
    case unquantifiedActions(count: Int)
    case plannedBelowZero(year: Int)
    case budgetBeforeBaseYear(fromYear: Int, baseYear: Int)
    case historyOverriddenByInventory(year: Int)
    case zeroBaseline
    // Benchmark reasons
    case benchmarkMissingReference(referenceYear: Int)
    case benchmarkZeroReference(referenceYear: Int)
    case benchmarkYearBeforeBase(year: Int, baseYear: Int)
    case benchmarkYearAfterPathway(year: Int, lastYear: Int)

    var code: String {
        switch self {
        case .bauFlatFromBaseline: "bau_flat_from_baseline"
        case .noTargets: "no_targets"
        case .targetWithoutReferenceTotal: "target_without_reference_total"
        case .unquantifiedActions: "unquantified_actions"
        case .plannedBelowZero: "planned_below_zero"
        case .budgetBeforeBaseYear: "budget_before_base_year"
        case .historyOverriddenByInventory: "history_overridden_by_inventory"
        case .zeroBaseline: "zero_baseline"
        case .benchmarkMissingReference: "missing_reference_total"
        case .benchmarkZeroReference: "zero_reference_total"
        case .benchmarkYearBeforeBase: "year_before_base_year"
        case .benchmarkYearAfterPathway: "year_after_pathway"
        }
    }

    func text(_ language: Language) -> String {
        switch (self, language) {
        case (.bauFlatFromBaseline, .da):
            return "Intet business-as-usual-forløb i planen: BAU er basisårets udledning holdt konstant."
        case (.bauFlatFromBaseline, .en):
            return "No business-as-usual projection in the plan: BAU is the base-year total held flat."
        case (.noTargets, .da):
            return "Planen har ingen mål: målforløbet er basisårets udledning holdt konstant."
        case (.noTargets, .en):
            return "The plan has no targets: the target trajectory is the base-year total held flat."
        case let (.targetWithoutReferenceTotal(year, ref), .da):
            return "Målet for \(year) er angivet i forhold til \(ref), men opgørelsens historik har ingen total for \(ref): målet indgår ikke i målforløbet."
        case let (.targetWithoutReferenceTotal(year, ref), .en):
            return "The \(year) target is stated against \(ref), but the inventory history has no \(ref) total: it is left out of the target trajectory."
        case let (.unquantifiedActions(n), .da):
            return "\(n) tiltag uden reductionTco2e tæller med 0 i det planlagte forløb."
        case let (.unquantifiedActions(n), .en):
            return "\(n) action(s) without reductionTco2e count as 0 in the planned trajectory."
        case let (.plannedBelowZero(year), .da):
            return "Tiltagenes reduktioner overstiger BAU fra \(year): det planlagte forløb er under nul."
        case let (.plannedBelowZero(year), .en):
            return "The actions' reductions exceed BAU from \(year): the planned trajectory is below zero."
        case let (.budgetBeforeBaseYear(from, base), .da):
            return "Kulstofbudgettet starter i \(from), før basisåret \(base): årene før basisåret regnes med basisårets udledning."
        case let (.budgetBeforeBaseYear(from, base), .en):
            return "The carbon budget starts in \(from), before the base year \(base): years before it count at the base-year total."
        case let (.historyOverriddenByInventory(year), .da):
            return "Opgørelsens historik har en anden total for basisåret \(year) end opgørelsen: opgørelsens sum bruges."
        case let (.historyOverriddenByInventory(year), .en):
            return "The inventory history gives a different total for the base year \(year) than the inventory: the inventory's sum is used."
        case (.zeroBaseline, .da):
            return "Opgørelsens total er 0 tCO2e: reduktionsrater kan ikke beregnes."
        case (.zeroBaseline, .en):
            return "The inventory total is 0 tCO2e: reduction rates cannot be computed."
        case let (.benchmarkMissingReference(ref), .da):
            return "Ingen total for \(ref) i opgørelsens historik."
        case let (.benchmarkMissingReference(ref), .en):
            return "No \(ref) total in the inventory history."
        case let (.benchmarkZeroReference(ref), .da):
            return "Totalen for \(ref) er 0 tCO2e."
        case let (.benchmarkZeroReference(ref), .en):
            return "The \(ref) total is 0 tCO2e."
        case let (.benchmarkYearBeforeBase(year, base), .da):
            return "\(year) ligger før planens basisår \(base)."
        case let (.benchmarkYearBeforeBase(year, base), .en):
            return "\(year) is before the plan's base year \(base)."
        case let (.benchmarkYearAfterPathway(year, last), .da):
            return "\(year) ligger efter forløbets sidste år \(last)."
        case let (.benchmarkYearAfterPathway(year, last), .en):
            return "\(year) is after the pathway's last year \(last)."
        }
    }

    func note(_ language: Language) -> PathwayNote {
        PathwayNote(code: code, message: text(language))
    }
}
