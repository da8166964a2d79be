/// A rule message template from the ruleset, split once at load into literal text and
/// placeholders (`{gap}`), so that rendering a message per job is a concatenation.
///
/// `{{` and `}}` stand for literal braces. A placeholder must be one the check provides for the
/// outcome (`CheckSpec`); the loader rejects any other.
public struct MessageTemplate: Sendable, Equatable, CustomStringConvertible {
    enum Part: Sendable, Equatable {
        case literal(String)
        case argument(MessageArgument)
    }

    let parts: [Part]
    /// The text as written in the ruleset.
    public let source: String
    private let literalLength: Int

    /// Splits `text`; `allowed` are the placeholders the check provides.
    ///
    /// - Throws: `TemplateError` for an unknown or unavailable placeholder or an unclosed brace.
    public static func compile(_ text: String, allowed: [MessageArgument]) throws(TemplateError) -> MessageTemplate {
        var parts: [Part] = []
        var literal = ""
        var literalLength = 0
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            let next = text.index(after: i)
            if c == "{" {
                if next < text.endIndex, text[next] == "{" {
                    literal.append("{")
                    i = text.index(after: next)
                    continue
                }
                guard let close = text[next...].firstIndex(of: "}") else { throw TemplateError("unclosed '{' in \"\(text)\"") }
                let name = String(text[next..<close])
                guard let argument = MessageArgument(rawValue: name) else {
                    throw TemplateError("unknown placeholder {\(name)} (this message can use: \(Self.names(allowed)))")
                }
                guard allowed.contains(argument) else {
                    throw TemplateError("placeholder {\(name)} is not available for this outcome (it can use: \(Self.names(allowed)))")
                }
                if !literal.isEmpty {
                    literalLength += literal.utf8.count
                    parts.append(.literal(literal))
                    literal = ""
                }
                parts.append(.argument(argument))
                i = text.index(after: close)
            } else if c == "}" {
                guard next < text.endIndex, text[next] == "}" else { throw TemplateError("single '}' in \"\(text)\" (write '}}' for a brace)") }
                literal.append("}")
                i = text.index(after: next)
            } else {
                literal.append(c)
                i = next
            }
        }
        if !literal.isEmpty {
            literalLength += literal.utf8.count
            parts.append(.literal(literal))
        }
        guard !parts.isEmpty else { throw TemplateError("empty message") }
        return MessageTemplate(parts: parts, source: text, literalLength: literalLength)
    }

    private static func names(_ allowed: [MessageArgument]) -> String {
        allowed.isEmpty ? "no placeholders" : allowed.map { "{\($0.rawValue)}" }.joined(separator: ", ")
    }

    /// The message with the arguments formatted in `language`; a placeholder without a value
    /// (a check bug, never a ruleset error) renders as "?".
    public func render(_ arguments: MessageArguments, _ language: Language) -> String {
        if parts.count == 1, case .literal(let s) = parts[0] { return s }
        var out = ""
        out.reserveCapacity(literalLength + 16 * parts.count)
        for part in parts {
            switch part {
            case .literal(let s): out += s
            case .argument(let a):
                if let value = arguments[a] { value.format(into: &out, language) } else { out += "?" }
            }
        }
        return out
    }

    /// The placeholders used.
    public var arguments: [MessageArgument] {
        parts.compactMap { if case .argument(let a) = $0 { a } else { nil } }
    }

    public var description: String { source }

    public static func == (a: MessageTemplate, b: MessageTemplate) -> Bool { a.source == b.source }
}

public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// A template in both result languages.
public struct LocalizedTemplate: Sendable, Equatable {
    public var da: MessageTemplate
    public var en: MessageTemplate

    public init(da: MessageTemplate, en: MessageTemplate) {
        self.da = da
        self.en = en
    }

    public func template(_ language: Language) -> MessageTemplate {
        switch language {
        case .da: da
        case .en: en
        }
    }
}

/// The names a template may use in braces. Which ones a message can use depends on the check and
/// the outcome (docs/RULES.md lists them per check).
public enum MessageArgument: String, Sendable, CaseIterable {
    case date, year, latestYear, referenceYear, baseYear, closeYear, closeByYear, targetYear
    case percent, requiredPercent, share, minimum, count, total, direct, influence
    case target, planned, gap, bau, budget, overshoot
    case population, fte, committee, cadence, scenario, sector, items, missing
}

/// A figure or text a check puts into its message, formatted in the job's language.
public enum MessageValue: Sendable, Equatable {
    /// A year, without grouping: 2030.
    case year(Int)
    /// A count, grouped: 1.234 / 1,234.
    case count(Int)
    /// Tonnes CO2e, rounded to whole tonnes and grouped: 86.900 / 86,900.
    case tonnes(Double)
    /// A percentage to 0.1 without a trailing zero: 58 / 58,5 (da) / 58.5 (en).
    case percent(Double)
    /// A decimal to 0.1 without a trailing zero (full-time equivalents).
    case decimal(Double)
    case text(String)
    /// Joined as a list: "a, b og c" / "a, b and c".
    case texts([String])
    case hazards([ClimateHazard])
    case sectors([GPCSector])

    func format(into out: inout String, _ language: Language) {
        switch self {
        case .year(let y): out += String(y)
        case .count(let n): NumberText.grouped(Int64(n), into: &out, language)
        case .tonnes(let t): NumberText.grouped(Int64(clamping: t), into: &out, language)
        case .percent(let p), .decimal(let p): NumberText.oneDecimal(p, into: &out, language)
        case .text(let s): out += s
        case .texts(let items): ComplianceText.list(items, into: &out, language)
        case .hazards(let hazards): ComplianceText.list(hazards.map { ComplianceText.hazard($0, language) }, into: &out, language)
        case .sectors(let sectors): ComplianceText.list(sectors.map { ComplianceText.sector($0, language) }, into: &out, language)
        }
    }
}

extension Int64 {
    /// Rounds half away from zero and clamps to the representable range (NaN gives 0).
    init(clamping value: Double) {
        let r = value.rounded(.toNearestOrAwayFromZero)
        if r.isNaN { self = 0 } else if r >= 9.2e18 { self = .max } else if r <= -9.2e18 { self = .min } else { self = Int64(r) }
    }
}

/// The arguments of one message: a handful of pairs, looked up by a linear scan.
public struct MessageArguments: Sendable, ExpressibleByDictionaryLiteral {
    var pairs: [(MessageArgument, MessageValue)]

    public init(dictionaryLiteral elements: (MessageArgument, MessageValue)...) { pairs = elements }

    public init() { pairs = [] }

    public static let none = MessageArguments()

    public subscript(argument: MessageArgument) -> MessageValue? {
        for (a, v) in pairs where a == argument { return v }
        return nil
    }

    /// The names given (for tests that every placeholder of an outcome is filled).
    public var names: [MessageArgument] { pairs.map(\.0) }
}

/// Number formatting without Foundation's formatters: Danish uses "." for thousands and "," for
/// decimals (Retskrivningsordbogen, §21), English the reverse.
enum NumberText {
    static func grouped(_ value: Int64, into out: inout String, _ language: Language) {
        let separator: Character = language == .da ? "." : ","
        var magnitude = value.magnitude
        if value < 0 { out.append("-") }
        if magnitude < 1000 {
            out += String(magnitude)
            return
        }
        var groups: [UInt64] = []
        while magnitude >= 1000 {
            groups.append(magnitude % 1000)
            magnitude /= 1000
        }
        out += String(magnitude)
        for g in groups.reversed() {
            out.append(separator)
            if g < 10 { out += "00" } else if g < 100 { out += "0" }
            out += String(g)
        }
    }

    /// To 0.1, half away from zero, without a trailing ",0".
    static func oneDecimal(_ value: Double, into out: inout String, _ language: Language) {
        let tenths = Int64(clamping: value * 10)
        let whole = tenths / 10
        let fraction = (tenths % 10).magnitude
        if tenths < 0, whole == 0 { out.append("-") }
        grouped(whole, into: &out, language)
        if fraction != 0 {
            out.append(language == .da ? "," : ".")
            out += String(fraction)
        }
    }

    static func grouped(_ value: Int64, _ language: Language) -> String {
        var s = ""
        grouped(value, into: &s, language)
        return s
    }

    static func oneDecimal(_ value: Double, _ language: Language) -> String {
        var s = ""
        oneDecimal(value, into: &s, language)
        return s
    }
}
