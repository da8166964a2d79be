import PlanReviewContract
import PlanReviewJSON

/// What a named check accepts and produces: its parameters (with defaults), and its outcomes,
/// each with a fixed rule status and the placeholders its message can use. The loader checks a
/// ruleset's `params:` and `messages:` against this; docs/RULES.md documents the same table.
public struct CheckSpec: Sendable {
    public let kind: CheckKind
    public let parameters: [ParameterSpec]
    public let outcomes: [OutcomeSpec]

    public func outcome(_ outcome: RuleOutcome) -> OutcomeSpec? { outcomes.first { $0.outcome == outcome } }
    public func parameter(_ name: String) -> ParameterSpec? { parameters.first { $0.name == name } }
}

public struct ParameterSpec: Sendable {
    public enum Kind: String, Sendable {
        /// 1900–2100.
        case year
        /// A whole number ≥ 0.
        case count
        /// 0–100.
        case percent
        /// A number ≥ 0.
        case decimal
        /// Climate hazards of the contract.
        case hazards
        /// GPC sectors.
        case sectors
        /// "sector/scope" pairs, e.g. "transport/2".
        case sources
        /// Free strings (compared case-insensitively).
        case strings
        /// Benchmark ids of the same ruleset.
        case benchmarks
        /// A rule status a rule reports for an accepted practice: `pass` or `warn`.
        case status
        /// The status of a rule whose finding depends on a statement the job may have left out:
        /// `fail` or `incomplete`.
        case unstated
    }

    public let name: String
    public let kind: Kind
    public let defaultValue: RuleParameterValue
}

public struct OutcomeSpec: Sendable {
    public let outcome: RuleOutcome
    public let status: RuleStatus
    public let arguments: [MessageArgument]
}

extension CheckSpec {
    /// A parameter of a check with its default (the spec tables of Checks/).
    static func param(_ name: String, _ kind: ParameterSpec.Kind, _ value: RuleParameterValue) -> ParameterSpec {
        ParameterSpec(name: name, kind: kind, defaultValue: value)
    }

    /// An outcome of a check: the rule status it stands for and the placeholders it fills.
    static func yields(_ outcome: RuleOutcome, _ status: RuleStatus, _ arguments: [MessageArgument] = []) -> OutcomeSpec {
        OutcomeSpec(outcome: outcome, status: status, arguments: arguments)
    }

    /// The hazards DK2020 asks a Danish risk assessment to cover.
    static let danishHazards: RuleParameterValue = .list(["cloudburst", "storm_surge", "sea_level_rise", "groundwater", "heat", "drought"])
}
