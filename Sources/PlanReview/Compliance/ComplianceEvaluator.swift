import PlanReviewContract
import PlanReviewJSON

/// Turns a valid job and its pathway into rule results (one per rule of the ruleset, in its
/// order), and rule results into the result's `status` and `scores`.
///
/// Pure and deterministic. The ruleset's rules are compiled at load (`RuleDefinition`), so a
/// review switches over the checks, fills the message templates of the job's language and builds
/// the evidence pointers; nothing else is allocated per rule.
public enum ComplianceEvaluator {
    public static func evaluate(job: Job, pathway: Pathway?, ruleset: Ruleset, language: Language) -> [RuleResult] {
        var notes: [ResultNote] = []
        return evaluate(job: job, pathway: pathway, ruleset: ruleset, language: language, unknown: PlanReading.UnknownWords(), notes: &notes)
    }

    /// As above, for a job read against the vocabularies (`PlanReading`): rules that need an
    /// unknown word are `incomplete`; plausibility remarks are appended to `notes`.
    static func evaluate(job: Job, pathway: Pathway?, ruleset: Ruleset, language: Language, unknown: PlanReading.UnknownWords, notes: inout [ResultNote]) -> [RuleResult] {
        notes += Plausibility.notes(job: job, pathway: pathway, language: language)
        guard !ruleset.rules.isEmpty else { return [] }
        let context = RuleContext(job: job, pathway: pathway, ruleset: ruleset, language: language, unknown: unknown)
        var results: [RuleResult] = []
        results.reserveCapacity(ruleset.rules.count)
        // One buffer for building every message's bytes.
        var bytes = MessageBytes(capacity: 512)
        // Fields are read in place: copying a RuleDefinition would retain all of its parts.
        ruleset.rules.withUnsafeBufferPointer { rules in
            for i in rules.indices {
                let outcome = context.run(rules[i].check)
                results.append(RuleResult(
                    id: rules[i].id, capf: rules[i].capf.rawValue, pillar: rules[i].pillar, severity: rules[i].severity,
                    status: rules[i].messages.status(outcome.outcome),
                    message: rules[i].messages.render(outcome.outcome, outcome.arguments, language, into: &bytes),
                    evidence: outcome.evidence))
            }
        }
        return results
    }

    /// `non_compliant` if an essential rule fails, else `incomplete` if an essential rule could
    /// not be evaluated, else `compliant` (warnings allowed; also with no rules at all).
    public static func status(for rules: [RuleResult]) -> ReviewStatus {
        var incomplete = false
        for rule in rules where rule.severity == .essential {
            if rule.status == .fail { return .nonCompliant }
            if rule.status == .incomplete { incomplete = true }
        }
        return incomplete ? .incomplete : .compliant
    }

    /// 0–100 overall and per pillar: the weighted share of credit among the rules that apply
    /// (`pass` counts 1, `warn` 0.5, `fail` and `incomplete` 0; `not_applicable` is left out),
    /// rounded to 0.1. Weights come from `ruleset.rules[].weight` (default 1). With no applicable
    /// rules a score is 0. docs/RULES.md, "Scores".
    public static func scores(for rules: [RuleResult], ruleset: Ruleset) -> Scores {
        // The evaluator returns the rules in the ruleset's order: weights by index, else by id.
        let definitions = ruleset.rules
        var aligned = rules.count == definitions.count
        if aligned { for i in rules.indices where rules[i].id != definitions[i].id { aligned = false; break } }
        var byId: [String: Double] = [:]
        if !aligned { for i in definitions.indices { byId[definitions[i].id] = definitions[i].weight ?? 1 } }
        var earned = (0.0, 0.0, 0.0)
        var possible = (0.0, 0.0, 0.0)
        for i in rules.indices where rules[i].status != .notApplicable {
            let w = aligned ? (definitions[i].weight ?? 1) : (byId[rules[i].id] ?? 1)
            let credit: Double =
                switch rules[i].status {
                case .pass: 1
                case .warn: 0.5
                default: 0
                }
            switch rules[i].pillar {
            case "1":
                earned.0 += w * credit
                possible.0 += w
            case "2":
                earned.1 += w * credit
                possible.1 += w
            default:
                earned.2 += w * credit
                possible.2 += w
            }
        }
        func score(_ e: Double, _ p: Double) -> Double { p > 0 ? round1(100 * e / p) : 0 }
        return Scores(
            overall: score(earned.0 + earned.1 + earned.2, possible.0 + possible.1 + possible.2),
            pillars: PillarScores(pillar1: score(earned.0, possible.0), pillar2: score(earned.1, possible.1), pillar3: score(earned.2, possible.2)))
    }
}
