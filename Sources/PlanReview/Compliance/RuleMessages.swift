import PlanReviewContract
import PlanReviewJSON
import Yams

/// A rule's message templates and statuses, one per outcome of its check, in a table indexed by
/// outcome so that a review looks them up without hashing.
public struct RuleMessages: Sendable, Equatable {
    /// By `outcome.index * 2`, Danish then English: a review reads one reference (an optional
    /// `LocalizedTemplate` read from a table is a copy of two, retained and released).
    private var templates: [MessageTemplate?]
    private var statuses: [RuleStatus?]

    /// Compiles `raw` (outcome name → texts) against `spec`: every outcome of the check needs a
    /// message; unknown outcomes and placeholders are errors (`parameter` is "<outcome>.<lang>").
    static func compile(_ raw: [String: LocalizedText], spec: CheckSpec) throws(RuleCheckError) -> RuleMessages {
        var templates = [MessageTemplate?](repeating: nil, count: 2 * RuleOutcome.count)
        var statuses = [RuleStatus?](repeating: nil, count: RuleOutcome.count)
        for name in raw.keys.sorted() {
            guard let outcome = RuleOutcome(rawValue: name), let o = spec.outcome(outcome) else {
                throw RuleCheckError(parameter: name, message: "check '\(spec.kind.rawValue)' has no outcome '\(name)' (its outcomes: \(spec.outcomes.map(\.outcome.rawValue).joined(separator: ", ")))")
            }
            let text = raw[name]!
            let da: MessageTemplate
            let en: MessageTemplate
            do { da = try MessageTemplate.compile(text.da, allowed: o.arguments) } catch { throw RuleCheckError(parameter: "\(name).da", message: error.description) }
            do { en = try MessageTemplate.compile(text.en, allowed: o.arguments) } catch { throw RuleCheckError(parameter: "\(name).en", message: error.description) }
            templates[2 * outcome.index] = da
            templates[2 * outcome.index + 1] = en
        }
        for o in spec.outcomes {
            guard templates[2 * o.outcome.index] != nil else {
                throw RuleCheckError(parameter: nil, message: "no message for outcome '\(o.outcome.rawValue)' of check '\(spec.kind.rawValue)' (needs: \(spec.outcomes.map(\.outcome.rawValue).joined(separator: ", ")))")
            }
            statuses[o.outcome.index] = o.status
        }
        return RuleMessages(templates: templates, statuses: statuses)
    }

    public subscript(outcome: RuleOutcome) -> LocalizedTemplate? {
        guard let da = templates[2 * outcome.index], let en = templates[2 * outcome.index + 1] else { return nil }
        return LocalizedTemplate(da: da, en: en)
    }

    /// The outcome's message in `language` ("" for an outcome without a template, which the
    /// loader does not allow).
    public func render(_ outcome: RuleOutcome, _ arguments: MessageArguments, _ language: Language) -> String {
        var bytes = MessageBytes(capacity: 512)
        return render(outcome, arguments, language, into: &bytes)
    }

    func render(_ outcome: RuleOutcome, _ arguments: MessageArguments, _ language: Language, into bytes: inout MessageBytes) -> String {
        templates.withUnsafeBufferPointer { t in
            t[2 * outcome.index + (language == .da ? 0 : 1)]?.render(arguments, language, into: &bytes) ?? ""
        }
    }

    /// The rule status an outcome stands for (fixed per check, `CheckSpec`).
    public func status(_ outcome: RuleOutcome) -> RuleStatus { statuses[outcome.index] ?? .incomplete }

    /// The templates as written, by outcome name.
    public var sources: [String: LocalizedText] {
        var out: [String: LocalizedText] = [:]
        for outcome in RuleOutcome.allCases {
            if let t = self[outcome] { out[outcome.rawValue] = LocalizedText(da: t.da.source, en: t.en.source) }
        }
        return out
    }
}
