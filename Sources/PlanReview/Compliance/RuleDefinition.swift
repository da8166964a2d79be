import PlanReviewContract
import PlanReviewJSON
import Yams

/// A compliance rule of a ruleset, compiled: which CAPF item it belongs to, how much it weighs,
/// the check it runs with typed parameters, and its message templates per outcome.
///
/// YAML (Config/rulesets/dk2020.yaml, docs/RULES.md):
/// ```yaml
/// - id: target_2030
///   capf: "1.3"
///   severity: essential
///   weight: 3
///   check: interim_target
///   params: { year: 2030, referenceYear: 1990, minReductionPercent: 70 }
///   title: { da: "...", en: "..." }
///   messages:
///     pass: { da: "Målet for {year} svarer til {percent} % ...", en: "..." }
///     fail: { da: "...", en: "..." }
/// ```
/// `pillar` may be given and must then agree with `capf`. Every outcome of the check needs a
/// message in both languages; unknown keys, checks, parameters, outcomes and placeholders are
/// load errors that name the rule, the field and the YAML line.
public struct RuleDefinition: Sendable, Codable, Equatable {
    public var id: String
    public var capf: CAPFItem
    /// "1", "2" or "3", from `capf`.
    public var pillar: String
    public var severity: RuleSeverity
    /// Weight in the scores (default 1).
    public var weight: Double?
    public var title: LocalizedText
    public var check: RuleCheck
    /// `params:` as written (defaults not filled in).
    public var parameters: [String: RuleParameterValue]
    public var messages: RuleMessages

    /// - Throws: `RuleCheckError` when `messages` does not fit the check.
    public init(
        id: String, capf: CAPFItem, severity: RuleSeverity, weight: Double? = nil, title: LocalizedText, check: RuleCheck,
        parameters: [String: RuleParameterValue] = [:], messages: [RuleOutcome: LocalizedText]
    ) throws(RuleCheckError) {
        self.id = id
        self.capf = capf
        self.pillar = capf.pillar
        self.severity = severity
        self.weight = weight
        self.title = title
        self.check = check
        self.parameters = parameters
        self.messages = try RuleMessages.compile(Dictionary(uniqueKeysWithValues: messages.map { ($0.key.rawValue, $0.value) }), spec: check.kind.spec)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, capf, pillar, severity, weight, title, check, params, messages
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let ruleId = (try? c.decode(String.self, forKey: .id)) ?? "?"
        let source = decoder.userInfo[RulesetSource.userInfoKey] as? RulesetSource

        func located(_ key: CodingKeys?) -> String {
            let mark = key.flatMap { k in c.contains(k) ? (try? c.superDecoder(forKey: k))?.mark : nil } ?? decoder.mark
            return "rule '\(ruleId)'" + (mark.map { " (\(source?.describe($0) ?? "line \($0.line)"))" } ?? "")
        }
        func fault(_ key: CodingKeys?, _ message: String) -> DecodingError {
            let path = c.codingPath + (key.map { [$0] } ?? [])
            return DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "\(located(key)): \(message)"))
        }

        // Every key is known: a typo in `params` or `severity` must not pass silently.
        let all = try decoder.container(keyedBy: AnyCodingKey.self)
        for key in all.allKeys where CodingKeys(rawValue: key.stringValue) == nil {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath + [key],
                debugDescription: "\(located(nil)): unknown key '\(key.stringValue)' (known: \(CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")))"))
        }

        do {
            id = try c.decode(String.self, forKey: .id)
            guard !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == ".") }) else {
                throw fault(.id, "'\(id)' is not a rule id (ASCII letters, digits, _ - .)")
            }
            let capfText = try c.decode(String.self, forKey: .capf)
            guard let item = CAPFItem(rawValue: capfText) else {
                throw fault(.capf, "unknown CAPF item '\(capfText)' (the Danish CAPF has: \(CAPFItem.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            capf = item
            pillar = item.pillar
            if let given = try c.decodeIfPresent(String.self, forKey: .pillar), given != item.pillar {
                throw fault(.pillar, "pillar '\(given)' does not match CAPF item \(item.rawValue) (pillar \(item.pillar))")
            }
            let severityText = try c.decode(String.self, forKey: .severity)
            guard let s = RuleSeverity(rawValue: severityText) else { throw fault(.severity, "'\(severityText)' is not essential or recommended") }
            severity = s
            weight = try c.decodeIfPresent(Double.self, forKey: .weight)
            if let w = weight, !(w.isFinite && w > 0 && w <= 100) { throw fault(.weight, "must be a number above 0 (at most 100), found \(w)") }
            title = try c.decode(LocalizedText.self, forKey: .title)

            let checkName = try c.decode(String.self, forKey: .check)
            guard let kind = CheckKind(rawValue: checkName) else {
                throw fault(.check, "unknown check '\(checkName)' (known: \(CheckKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            parameters = try c.decodeIfPresent([String: RuleParameterValue].self, forKey: .params) ?? [:]
            do { check = try RuleCheck.compile(kind, parameters: parameters) } catch {
                let paramMark = error.parameter.flatMap { name in
                    (try? c.nestedContainer(keyedBy: AnyCodingKey.self, forKey: .params)).flatMap { try? $0.superDecoder(forKey: AnyCodingKey(name)).mark }
                }
                let location = "rule '\(ruleId)'" + (paramMark.map { " (\(source?.describe($0) ?? "line \($0.line)"))" } ?? "")
                throw DecodingError.dataCorrupted(.init(
                    codingPath: c.codingPath + [CodingKeys.params] + (error.parameter.map { [AnyCodingKey($0)] } ?? []),
                    debugDescription: "\(paramMark == nil ? located(.params) : location): \(error.message)"))
            }

            guard c.contains(.messages) else { throw fault(nil, "needs messages: one per outcome of check '\(checkName)' (\(kind.spec.outcomes.map(\.outcome.rawValue).joined(separator: ", ")))") }
            let raw = try c.decode([String: LocalizedText].self, forKey: .messages)
            do { messages = try RuleMessages.compile(raw, spec: kind.spec) } catch {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: c.codingPath + [CodingKeys.messages] + (error.parameter.map { $0.split(separator: ".").map { AnyCodingKey(String($0)) } } ?? []),
                    debugDescription: "\(located(.messages)): \(error.message)"))
            }
        } catch let decoding as DecodingError {
            // Name the rule and its line in errors from nested decoding too.
            switch decoding {
            case .keyNotFound(let key, let ctx):
                throw DecodingError.dataCorrupted(.init(codingPath: ctx.codingPath + [key], debugDescription: "\(located(nil)): required field is missing"))
            case .typeMismatch(let type, let ctx) where !ctx.debugDescription.hasPrefix("rule '"):
                throw DecodingError.dataCorrupted(.init(codingPath: ctx.codingPath, debugDescription: "\(located(nil)): expected \(type): \(ctx.debugDescription)"))
            case .valueNotFound(let type, let ctx):
                throw DecodingError.dataCorrupted(.init(codingPath: ctx.codingPath, debugDescription: "\(located(nil)): missing \(type) value"))
            default:
                throw decoding
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(capf.rawValue, forKey: .capf)
        try c.encode(pillar, forKey: .pillar)
        try c.encode(severity, forKey: .severity)
        try c.encodeIfPresent(weight, forKey: .weight)
        try c.encode(title, forKey: .title)
        try c.encode(check.kind.rawValue, forKey: .check)
        if !parameters.isEmpty { try c.encode(parameters, forKey: .params) }
        try c.encode(messages.sources, forKey: .messages)
    }
}
