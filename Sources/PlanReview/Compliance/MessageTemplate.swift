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
        var bytes = MessageBytes(capacity: literalLength + 24 * segments.count)
        return render(arguments, language, into: &bytes)
    }

    /// As `render(_:_:)`, building the bytes in `bytes` (reused across messages: one allocation
    /// per message, for the String itself).
    func render(_ arguments: MessageArguments, _ language: Language, into bytes: inout MessageBytes) -> String {
        if let constant { return constant }
        bytes.removeAll()
        literals.withUnsafeBufferPointer { literals in
            segments.withUnsafeBufferPointer { segments in
                for segment in segments {
                    switch segment {
                    case .literal(let range): bytes.append(UnsafeBufferPointer(rebasing: literals[range]))
                    case .argument(let a):
                        if !arguments.format(a, into: &bytes, language) { bytes.append(UInt8(ascii: "?")) }
                    }
                }
            }
        }
        return bytes.string()
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
