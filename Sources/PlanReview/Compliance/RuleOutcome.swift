import PlanReviewContract
import PlanReviewJSON

/// The outcomes checks report; each rule's `messages:` has one template per outcome its check
/// can report (YAML key: the raw value).
public enum RuleOutcome: String, Sendable, CaseIterable {
    case pass, fail, warn, partial, missing, few, late, low, old, open, covered, closing, small, unknown, infrequent
    case noneScheduled = "none"
    case notApplicable = "not_applicable"
    case noActions = "no_actions"
    case noInventory = "no_inventory"
    case noAssessment = "no_assessment"
    case noTargets = "no_targets"
    case noTarget = "no_target"
    case noReference = "no_reference"
    case noSignificant = "no_significant"
    case noCommittee = "no_committee"
    case noCadence = "no_cadence"
    case noIndicators = "no_indicators"
    case populationOnly = "population_only"
    case unresolved
    case implied
    case impliedFail = "implied_fail"
    case split
    case splitWarn = "split_warn"
    case stated
    case thin
    case unaccounted
    case unaccountedLate = "unaccounted_late"

    /// Dense index for per-rule tables.
    var index: Int {
        switch self {
        case .pass: 0
        case .fail: 1
        case .warn: 2
        case .partial: 3
        case .missing: 4
        case .few: 5
        case .late: 6
        case .low: 7
        case .old: 8
        case .open: 9
        case .covered: 10
        case .closing: 11
        case .small: 12
        case .unknown: 13
        case .infrequent: 14
        case .noneScheduled: 15
        case .notApplicable: 16
        case .noActions: 17
        case .noInventory: 18
        case .noAssessment: 19
        case .noTargets: 20
        case .noTarget: 21
        case .noReference: 22
        case .noSignificant: 23
        case .noCommittee: 24
        case .noCadence: 25
        case .noIndicators: 26
        case .populationOnly: 27
        case .unresolved: 28
        case .implied: 29
        case .impliedFail: 30
        case .split: 31
        case .splitWarn: 32
        case .stated: 33
        case .thin: 34
        case .unaccounted: 35
        case .unaccountedLate: 36
        }
    }

    static let count = 37
}
