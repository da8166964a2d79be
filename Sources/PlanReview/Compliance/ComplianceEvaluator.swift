/// The seam for the compliance rules (CAPF items): turns a valid job and its pathway into rule
/// results, and rule results into the result's `status` and `scores`.
///
/// - Important: `evaluate` returns no rules yet. The compliance work replaces its body with the
///   rules of `ruleset.rules` (Config/rulesets/dk2020.yaml `rules:`); `status` and `scores` below
///   already follow the contract for whatever rules it returns.
public enum ComplianceEvaluator {
    public static func evaluate(job: Job, pathway: Pathway?, ruleset: Ruleset, language: Language) -> [RuleResult] {
        []
    }

    /// `non_compliant` if an essential rule fails, else `incomplete` if an essential rule could
    /// not be evaluated, else `compliant` (also with no rules at all).
    public static func status(for rules: [RuleResult]) -> ReviewStatus {
        let essential = rules.filter { $0.severity == .essential }
        if essential.contains(where: { $0.status == .fail }) { return .nonCompliant }
        if essential.contains(where: { $0.status == .incomplete }) { return .incomplete }
        return .compliant
    }

    /// 0–100 overall and per pillar: the weighted share of passed rules among the rules that
    /// apply (`pass` counts 1, `warn` 0.5, `fail` and `incomplete` 0; `not_applicable` is left
    /// out). Weights come from `ruleset.rules[].weight` (default 1). With no applicable rules a
    /// score is 0.
    public static func scores(for rules: [RuleResult], ruleset: Ruleset) -> Scores {
        var weights: [String: Double] = [:]
        for rule in ruleset.rules { weights[rule.id] = rule.weight ?? 1 }
        var earned: [String: Double] = [:]
        var possible: [String: Double] = [:]
        var earnedAll = 0.0
        var possibleAll = 0.0
        for rule in rules where rule.status != .notApplicable {
            let w = weights[rule.id] ?? 1
            let credit: Double =
                switch rule.status {
                case .pass: 1
                case .warn: 0.5
                default: 0
                }
            earned[rule.pillar, default: 0] += w * credit
            possible[rule.pillar, default: 0] += w
            earnedAll += w * credit
            possibleAll += w
        }
        func score(_ e: Double, _ p: Double) -> Double { p > 0 ? round1(100 * e / p) : 0 }
        return Scores(
            overall: score(earnedAll, possibleAll),
            pillars: PillarScores(
                pillar1: score(earned["1"] ?? 0, possible["1"] ?? 0),
                pillar2: score(earned["2"] ?? 0, possible["2"] ?? 0),
                pillar3: score(earned["3"] ?? 0, possible["3"] ?? 0)))
    }
}
