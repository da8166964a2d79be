import PlanReviewContract
import PlanReviewJSON

/// A rule message template from the ruleset, split once at load into literal text and
/// placeholders (`{gap}`), so that rendering a message per job is a concatenation.
///
/// `{{` and `}}` stand for literal braces. A placeholder must be one the check provides for the
/// outcome (`CheckSpec`); the loader rejects any other.
///
/// A final class so that rules share their templates by reference (a review copies none).
public final class MessageTemplate: Sendable, Equatable, CustomStringConvertible {
    enum Part: Sendable, Equatable {
        /// UTF-8 bytes, copied as they are.
        case literal([UInt8])
        case argument(MessageArgument)
    }

    /// A part as plain values (no reference counting while rendering): a range of `literals`,
    /// or a placeholder.
    enum Segment: Sendable {
        case literal(Range<Int>)
        case argument(MessageArgument)
    }

    let parts: [Part]
    /// The text as written in the ruleset.
    public let source: String
    private let literalLength: Int
    /// Every literal part's bytes, one after the other.
    private let literals: [UInt8]
    private let segments: [Segment]
    /// The message itself when the template has no placeholder (shared, never rebuilt).
    private let constant: String?

    private init(parts: [Part], source: String, literalLength: Int) {
        self.parts = parts
        self.source = source
        self.literalLength = literalLength
        var literals: [UInt8] = []
        var segments: [Segment] = []
        for part in parts {
            switch part {
            case .literal(let bytes):
                segments.append(.literal(literals.count..<literals.count + bytes.count))
                literals += bytes
            case .argument(let a): segments.append(.argument(a))
            }
        }
        self.literals = literals
        self.segments = segments
        self.constant = parts.contains { if case .argument = $0 { true } else { false } } ? nil : String(decoding: literals, as: UTF8.self)
    }

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
                    parts.append(.literal(Array(literal.utf8)))
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
            parts.append(.literal(Array(literal.utf8)))
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
        var scratch: [UInt8] = []
        return render(arguments, language, scratch: &scratch)
    }

    /// As `render(_:_:)`, building the bytes in `scratch` (reused across messages: one allocation
    /// per message, for the String itself).
    func render(_ arguments: MessageArguments, _ language: Language, scratch: inout [UInt8]) -> String {
        if let constant { return constant }
        scratch.removeAll(keepingCapacity: true)
        scratch.reserveCapacity(literalLength + 24 * segments.count)
        literals.withUnsafeBufferPointer { literals in
            segments.withUnsafeBufferPointer { segments in
                for segment in segments {
                    switch segment {
                    case .literal(let range): scratch.append(contentsOf: UnsafeBufferPointer(rebasing: literals[range]))
                    case .argument(let a):
                        if let value = arguments[a] { value.format(into: &scratch, language) } else { scratch.append(UInt8(ascii: "?")) }
                    }
                }
            }
        }
        return String(decoding: scratch, as: UTF8.self)
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
    /// Years, without grouping: "2025, 2030 og 2050".
    case years([Int])
    /// An ISO date (year, month, day) as "19. juni 2024" / "19 June 2024".
    case date(year: Int, month: Int, day: Int)
    /// Target years with the planned pathway's gap: "2030 (manko 86.900 t)".
    case gaps([YearTonnes])
    /// Benchmark comparisons, formatted as "Klimaloven 2030 (72 % ≥ 70 %)", "IPCC AR6 2030: 38 % <
    /// 43 %" or "IPCC AR6 2030/2035: kan ikke vurderes (reason)".
    case benchmarks([BenchmarkItem])

    func format(into out: inout [UInt8], _ language: Language) {
        switch self {
        case .year(let y): NumberText.plain(y, into: &out)
        case .count(let n): NumberText.grouped(Int64(n), into: &out, language)
        case .tonnes(let t): NumberText.grouped(Int64(clamping: t), into: &out, language)
        case .percent(let p), .decimal(let p): NumberText.oneDecimal(p, into: &out, language)
        case .text(let s): out.append(contentsOf: s.utf8)
        case .texts(let items):
            for (i, item) in items.enumerated() {
                ComplianceText.listSeparator(i, items.count, into: &out, language)
                out.append(contentsOf: item.utf8)
            }
        case .hazards(let hazards):
            for (i, h) in hazards.enumerated() {
                ComplianceText.listSeparator(i, hazards.count, into: &out, language)
                out.append(contentsOf: ComplianceText.hazard(h, language).utf8)
            }
        case .sectors(let sectors):
            for (i, sector) in sectors.enumerated() {
                ComplianceText.listSeparator(i, sectors.count, into: &out, language)
                out.append(contentsOf: ComplianceText.sector(sector, language).utf8)
            }
        case .benchmarks(let items):
            for (i, item) in items.enumerated() {
                ComplianceText.listSeparator(i, items.count, into: &out, language)
                item.format(into: &out, language)
            }
        case .years(let years):
            for (i, y) in years.enumerated() {
                ComplianceText.listSeparator(i, years.count, into: &out, language)
                NumberText.plain(y, into: &out)
            }
        case .date(let year, let month, let day):
            NumberText.plain(day, into: &out)
            out.append(contentsOf: (language == .da ? ". " : " ").utf8)
            out.append(contentsOf: ComplianceText.month(month, language).utf8)
            out.append(UInt8(ascii: " "))
            NumberText.plain(year, into: &out)
        case .gaps(let gaps):
            for (i, g) in gaps.enumerated() {
                ComplianceText.listSeparator(i, gaps.count, into: &out, language)
                NumberText.plain(g.year, into: &out)
                out.append(contentsOf: " (".utf8)
                out.append(contentsOf: ComplianceText.word(.gap, language).utf8)
                out.append(UInt8(ascii: " "))
                NumberText.grouped(Int64(clamping: g.tonnes), into: &out, language)
                out.append(contentsOf: " t)".utf8)
            }
        }
    }
}

/// A year and a figure in tonnes (the gap of a target year).
public struct YearTonnes: Sendable, Equatable {
    public var year: Int
    public var tonnes: Double
}

/// One benchmark in a rule message: a comparison of the plan's reduction with the required one,
/// or the years that cannot be evaluated and why.
public struct BenchmarkItem: Sendable, Equatable {
    public var label: String
    public var years: [Int]
    public var planPercent: Double?
    public var requiredPercent: Double
    public var met: Bool?
    public var reason: String?

    func format(into out: inout [UInt8], _ language: Language) {
        out.append(contentsOf: label.utf8)
        out.append(UInt8(ascii: " "))
        for (i, y) in years.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "/")) }
            NumberText.plain(y, into: &out)
        }
        if let met, let planPercent {
            out.append(contentsOf: (met ? " (" : ": ").utf8)
            NumberText.oneDecimal(planPercent, into: &out, language)
            out.append(contentsOf: (met ? " % ≥ " : " % < ").utf8)
            NumberText.oneDecimal(requiredPercent, into: &out, language)
            out.append(contentsOf: (met ? " %)" : " %").utf8)
        } else {
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: ComplianceText.word(.notEvaluable, language).utf8)
            if let reason, let first = reason.first {
                out.append(contentsOf: " (".utf8)
                out.append(contentsOf: first.lowercased().utf8)
                let rest = reason.dropFirst()
                out.append(contentsOf: (rest.hasSuffix(".") ? rest.dropLast() : rest).utf8)
                out.append(UInt8(ascii: ")"))
            }
        }
    }
}

/// The arguments of one message: at most six pairs, stored inline (no allocation per message)
/// and looked up by a linear scan.
public struct MessageArguments: Sendable, ExpressibleByDictionaryLiteral {
    public typealias Pair = (MessageArgument, MessageValue)
    public static let capacity = 6

    private var p0: Pair?
    private var p1: Pair?
    private var p2: Pair?
    private var p3: Pair?
    private var p4: Pair?
    private var p5: Pair?
    public private(set) var count = 0

    @inline(__always)
    public init(dictionaryLiteral elements: Pair...) {
        for e in elements { append(e) }
    }

    public init() {}

    public static let none = MessageArguments()

    /// Adds a pair; a seventh is a check bug (no outcome has more than six placeholders).
    @inline(__always)
    public mutating func append(_ pair: Pair) {
        switch count {
        case 0: p0 = pair
        case 1: p1 = pair
        case 2: p2 = pair
        case 3: p3 = pair
        case 4: p4 = pair
        case 5: p5 = pair
        default: assertionFailure("more than \(Self.capacity) message arguments")
        }
        count += 1
    }

    public subscript(argument: MessageArgument) -> MessageValue? {
        if let p = p0, p.0 == argument { return p.1 }
        if let p = p1, p.0 == argument { return p.1 }
        if let p = p2, p.0 == argument { return p.1 }
        if let p = p3, p.0 == argument { return p.1 }
        if let p = p4, p.0 == argument { return p.1 }
        if let p = p5, p.0 == argument { return p.1 }
        return nil
    }

    /// The names given (tests check that every placeholder of an outcome is filled).
    public var names: [MessageArgument] { [p0, p1, p2, p3, p4, p5].compactMap { $0?.0 } }
}
