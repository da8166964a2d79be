import PlanReview
import PlanReviewContract

/// One entry of the "ret først" / "fix first" list: a rule that is not met, with what is at
/// stake, in the order a municipality should take them.
struct FixFirstItem: Equatable {
    let rule: RuleResult
    let title: String
    /// Tonnes the rule's shortfall stands for (the 2030 gap, the net-zero year's residual), when
    /// the rule is about one of them.
    let tonnesAtStake: Double?
    /// The rule's weight in the score (the ruleset's; essential 3, recommended 1 by default).
    let weight: Double

    /// The order: what blocks compliance or costs score first — essential fails, essential rules
    /// without data, recommended fails, recommended rules without data — then the warnings,
    /// essential before recommended; within each group the most tonnes at stake, then the largest
    /// weight, then the ruleset's order.
    static func ordered(_ items: [FixFirstItem]) -> [FixFirstItem] {
        func group(_ r: RuleResult) -> Int {
            let essential = r.severity == .essential
            switch r.status {
            case .fail: return essential ? 0 : 2
            case .incomplete: return essential ? 1 : 3
            case .warn: return essential ? 4 : 5
            default: return 6
            }
        }
        return items.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if group(x.rule) != group(y.rule) { return group(x.rule) < group(y.rule) }
            if (x.tonnesAtStake ?? 0) != (y.tonnesAtStake ?? 0) { return (x.tonnesAtStake ?? 0) > (y.tonnesAtStake ?? 0) }
            if x.weight != y.weight { return x.weight > y.weight }
            return a.offset < b.offset
        }.map(\.element)
    }
}

extension PlanReport {
    /// How many entries the list shows; the rest are in the sections below it.
    static let fixFirstLimit = 8

    /// Every rule that fails, lacks data or warns, in the order of `FixFirstItem.ordered`.
    var fixFirst: [FixFirstItem] {
        let items = result.rules.filter { [RuleStatus.fail, .incomplete, .warn].contains($0.status) }.map { rule in
            FixFirstItem(
                rule: rule, title: title(rule), tonnesAtStake: tonnesAtStake(rule),
                weight: ruleset?.rule(rule.id)?.weight ?? (rule.severity == .essential ? 3 : 1))
        }
        return FixFirstItem.ordered(items)
    }

    /// The tonnes behind the pathway rules (docs/RULES.md 2.3): the 2030 manko for the 2030
    /// rules, the residual in the net-zero year for the net-zero pathway.
    func tonnesAtStake(_ rule: RuleResult) -> Double? {
        guard let p = result.pathway else { return nil }
        let tonnes: Double? =
            switch rule.id {
            case "manko_2030", "target_2030": p.gap2030Tco2e
            case "net_zero_pathway", "net_zero_2050": p.gapNetZeroYearTco2e
            default: nil
            }
        return tonnes.flatMap { $0 > 0 ? $0 : nil }
    }

    /// "Ikke opfyldt · væsentlig · 86.900 t på spil": what the list says about an entry.
    func fixFirstDetail(_ item: FixFirstItem) -> String {
        var parts = [ReportText.status(item.rule.status, language), ReportText.severity(item.rule.severity, language)]
        if let t = item.tonnesAtStake { parts.append("\(tonnes(t)) \(term(.tonnesAtStake))") }
        return parts.joined(separator: " · ")
    }
}
