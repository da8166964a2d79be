import PlanReviewContract
import PlanReviewJSON
import Yams

/// A rule's message templates and statuses, one per outcome of its check, in a table indexed by
/// outcome so that a review looks them up without hashing.
public struct RuleMessages: Sendable, Equatable {
    private var templates: [LocalizedTemplate?]
    private var statuses: [RuleStatus?]

    /// Compiles `raw` (outcome name → texts) against `spec`: every outcome of the check needs a
    /// message; unknown outcomes and placeholders are errors (`parameter` is "<outcome>.<lang>").
    static func compile(_ raw: [String: LocalizedText], spec: CheckSpec) throws(RuleCheckError) -> RuleMessages {
        var templates = [LocalizedTemplate?](repeating: nil, count: RuleOutcome.count)
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
            templates[outcome.index] = LocalizedTemplate(da: da, en: en)
        }
        for o in spec.outcomes {
            guard templates[o.outcome.index] != nil else {
                throw RuleCheckError(parameter: nil, message: "no message for outcome '\(o.outcome.rawValue)' of check '\(spec.kind.rawValue)' (needs: \(spec.outcomes.map(\.outcome.rawValue).joined(separator: ", ")))")
            }
            statuses[o.outcome.index] = o.status
        }
        return RuleMessages(templates: templates, statuses: statuses)
    }

    public subscript(outcome: RuleOutcome) -> LocalizedTemplate? { templates[outcome.index] }

    /// The outcome's message in `language` ("" for an outcome without a template, which the
    /// loader does not allow).
    public func render(_ outcome: RuleOutcome, _ arguments: MessageArguments, _ language: Language) -> String {
        var bytes = MessageBytes(capacity: 512)
        return render(outcome, arguments, language, into: &bytes)
    }

    func render(_ outcome: RuleOutcome, _ arguments: MessageArguments, _ language: Language, into bytes: inout MessageBytes) -> String {
        templates.withUnsafeBufferPointer { t in
            guard let template = t[outcome.index] else { return "" }
            return (language == .da ? template.da : template.en).render(arguments, language, into: &bytes)
        }
    }

    /// The rule status an outcome stands for (fixed per check, `CheckSpec`).
    public func status(_ outcome: RuleOutcome) -> RuleStatus { statuses[outcome.index] ?? .incomplete }

    /// The templates as written, by outcome name.
    public var sources: [String: LocalizedText] {
        var out: [String: LocalizedText] = [:]
        for outcome in RuleOutcome.allCases {
            if let t = templates[outcome.index] { out[outcome.rawValue] = LocalizedText(da: t.da.source, en: t.en.source) }
        }
        return out
    }
}
