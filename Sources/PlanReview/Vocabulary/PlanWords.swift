import PlanReviewContract
import PlanReviewJSON

/// The enumerated words of contract v1.1 with their Danish synonyms. Each `parse` returns the
/// canonical case for a code or a synonym (case and surrounding spaces ignored), nil for any
/// other word (which the caller notes; the rule that needs it becomes `incomplete`).
protocol PlanWord: RawRepresentable<String>, CaseIterable, Hashable {
    /// Danish synonyms by case (CONTRACT.md, "Contract v1.1").
    static var danish: [Self: [String]] { get }
}

extension PlanWord {
    static func parse(_ word: String) -> Self? {
        // A code as written (every word once `PlanReading` has read the plan) is its own key:
        // the key is built only for other words.
        if let exact = Self(rawValue: word) { return exact }
        let key = GPCVocabulary.key(word)
        if key != word, let exact = Self(rawValue: key) { return exact }
        for (value, words) in danish where words.contains(key) { return value }
        return nil
    }
}

/// `plan.actions[].status`.
enum ActionStatus: String, PlanWord {
    case planned, adopted
    case inProgress = "in_progress"
    case completed, paused, cancelled

    static let danish: [ActionStatus: [String]] = [
        .planned: ["planlagt"], .adopted: ["vedtaget"], .inProgress: ["igang", "i gang"], .completed: ["gennemført"],
        .paused: ["sat i bero"], .cancelled: ["opgivet", "aflyst"],
    ]

    /// Cancelled and paused actions contribute nothing to the planned pathway (a plan review
    /// treats a pause as a cancellation until it is resumed).
    var contributes: Bool { self != .cancelled && self != .paused }
}

/// `plan.actions[].kind`.
enum ActionKind: String, PlanWord {
    case reduction, removal, compensation

    static let danish: [ActionKind: [String]] = [
        .reduction: ["reduktion"], .removal: ["optag", "binding", "kulstofbinding"], .compensation: ["kompensation"],
    ]
}

/// Likelihood and consequence of a hazard. `none` (not occurring) is accepted beside the
/// contract's four levels, as v1 samples and docs/RULES.md used it.
enum HazardLevel: String, PlanWord, Comparable {
    case none, low, medium, high
    case veryHigh = "very_high"

    static let danish: [HazardLevel: [String]] = [
        .none: ["ingen"], .low: ["lav"], .medium: ["middel", "mellem"], .high: ["høj"], .veryHigh: ["meget høj", "meget_høj"],
    ]

    private var rank: Int { HazardLevel.allCases.firstIndex(of: self)! }
    static func < (a: HazardLevel, b: HazardLevel) -> Bool { a.rank < b.rank }
}

/// `plan.manko.handling[]`.
enum MankoHandling: String, PlanWord {
    case nationalMeasures = "national_measures"
    case futureTechnology = "future_technology"
    case revision
    case regionalCooperation = "regional_cooperation"
    case compensation, other

    static let danish: [MankoHandling: [String]] = [
        .nationalMeasures: ["nationale tiltag"], .futureTechnology: ["ny teknologi", "fremtidig teknologi"], .revision: ["revision"],
        .regionalCooperation: ["regionalt samarbejde"], .compensation: ["kompensation"], .other: ["andet"],
    ]
}

/// `plan.carbonBudget.scope`.
enum BudgetScope: String, PlanWord {
    case energyCO2 = "energy_co2"
    case allGHG = "all_ghg"

    static let danish: [BudgetScope: [String]] = [.energyCO2: ["energi-co2", "energi_co2"], .allGHG: ["alle drivhusgasser"]]

    /// The sectors whose emissions the budget covers (Tyndall budgets: CO2 from energy).
    var sectors: GPCSectorSet {
        switch self {
        case .energyCO2: GPCSectorSet([.stationaryEnergy, .transport])
        case .allGHG: .all
        }
    }
}
