import PlanReviewContract
import PlanReviewJSON

/// What a check found: the outcome (which fixes the status), the figures for its message, and
/// JSON Pointers into the job to what it read (or to where a missing section belongs).
struct CheckOutcome {
    var outcome: RuleOutcome
    var arguments: MessageArguments
    var evidence: [String]

    init(_ outcome: RuleOutcome, _ arguments: MessageArguments, _ evidence: [String]) {
        self.outcome = outcome
        self.arguments = arguments
        self.evidence = evidence
    }

    init(_ outcome: RuleOutcome, _ evidence: [String]) {
        self.init(outcome, .none, evidence)
    }
}
