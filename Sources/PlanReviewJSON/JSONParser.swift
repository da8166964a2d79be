import PlanReviewContract
import Foundation

/// RFC 8259 JSON over raw bytes into a `JSONDocument`, strict and bounded.
///
/// - Never recurses: containers live on an explicit stack capped at `maxDepth`, so a
///   10,000-deep nesting is an issue, not a stack overflow.
/// - Rejects what JSON forbids or Swift cannot hold: NaN/Infinity literals, numbers that
///   overflow a Double (1e400), invalid UTF-8, unescaped control characters, lone surrogates.
/// - Problems inside a string or number are collected and parsing goes on; syntax errors and
///   exceeded size limits stop it (there is nothing sound to continue from).
/// - Note: helpers called from mutating methods are `mutating` too: a non-mutating call copies
///   the whole parser (a memcpy per call, measured at a third of the parse time).
package struct JSONParser {
    let buf: UnsafeBufferPointer<UInt8>
    let limits: ValidationLimits
    var pos = 0
    var nodes: UnsafeGrowableBuffer<JSONNode>
    var stack: UnsafeGrowableBuffer<Int32>
    /// For each open container: the key node of the member being parsed (objects), or -1.
    var keyOf: UnsafeGrowableBuffer<Int32>
    var decodedKeys = EscapedKeys()
    /// Capped at `maxIssues`; the rest are counted (a fatal issue is always listed).
    var issues: IssueList
    /// Still true at the end when the text is already in canonical form (`CanonicalJSON`): no
    /// whitespace, no escapes, numbers as the canonical writer prints them, keys strictly
    /// ascending (hence unique). Then the body itself is hashed and no copy is written.
    var isCanonical = true

    /// Parses `bytes`; the document is nil when a fatal problem stopped the parse. The issues end
    /// with one `too_many_issues` entry when more than `maxIssues` were found.
    package static func parse(_ bytes: [UInt8], limits: ValidationLimits) -> (document: JSONDocument?, issues: [ValidationIssue]) {
        var issues = IssueList(limits: limits)
        let document = parse(bytes, limits: limits, issues: &issues)
        return (document, issues.finished())
    }

    /// Parses `bytes`, adding its problems to `issues` (which may already hold some).
    package static func parse(_ bytes: [UInt8], limits: ValidationLimits, issues: inout IssueList) -> JSONDocument? {
        // Node offsets are 32-bit and the writer recurses once per level: cap what a
        // configuration can ask for.
        var limits = limits
        limits.maxDepth = min(limits.maxDepth, ValidationLimits.depthCeiling)
        limits.maxValues = min(limits.maxValues, Int(Int32.max) - 1)
        guard bytes.count < Int(UInt32.max) else {
            issues.force(ValidationIssue(pointer: "", reason: "body of \(bytes.count) bytes is too large to parse", code: .bodyTooLarge))
            return nil
        }
        return bytes.withUnsafeBufferPointer { buf in
            var parser = JSONParser(buf: buf, limits: limits, issues: issues)
            let ok = parser.run()
            parser.stack.free()
            parser.keyOf.free()
            issues = parser.issues
            guard ok else {
                parser.nodes.free()
                return nil
            }
            let (base, count) = parser.nodes.take()
            return JSONDocument(bytes: bytes, nodes: JSONNodes(taking: base, count: count), decodedKeys: parser.decodedKeys, isCanonical: parser.isCanonical)
        }
    }

    private init(buf: UnsafeBufferPointer<UInt8>, limits: ValidationLimits, issues: IssueList) {
        self.buf = buf
        self.limits = limits
        self.issues = issues
        nodes = UnsafeGrowableBuffer(capacity: min(buf.count / 8 + 16, limits.maxValues + 1))
        stack = UnsafeGrowableBuffer(capacity: 16)
        keyOf = UnsafeGrowableBuffer(capacity: 16)
    }

    // MARK: - Driver

    mutating func run() -> Bool {
        guard buf.count > 0 else { return fatal(.invalidJSON, "empty body: expected a JSON object") }
        if buf.count >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF {
            return fatal(.invalidJSON, "byte order mark at the start: JSON text must not begin with one (RFC 8259 §8.1)")
        }
        parseValue: while true {
            skipWhitespace()
            guard pos < buf.count else { return fatal(.invalidJSON, "unexpected end of input") }
            let c = buf[pos]
            switch c {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard stack.count < limits.maxDepth else {
                    return fatal(.tooDeep, "nesting deeper than the limit of \(limits.maxDepth) levels")
                }
                let isObject = c == UInt8(ascii: "{")
                guard appendNode(JSONNode(kind: isObject ? .object : .array, flags: 0, start: UInt32(pos), length: 0, next: 0, payload: 0)) else { return false }
                stack.append(Int32(nodes.count - 1))
                keyOf.append(-1)
                pos += 1
                skipWhitespace()
                if pos < buf.count, buf[pos] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    pos += 1
                    closeContainer()
                } else {
                    nodes[nodes.count - 1].length = 1
                    if isObject { guard beginMember() else { return false } }
                    continue parseValue
                }
            case UInt8(ascii: "\""):
                guard parseString(isKey: false) else { return false }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard parseNumber() else { return false }
            case UInt8(ascii: "t"):
                guard literal("true", JSONNode(kind: .bool, flags: JSONNode.isTrue, start: UInt32(pos), length: 4, next: 0, payload: 0)) else { return false }
            case UInt8(ascii: "f"):
                guard literal("false", JSONNode(kind: .bool, flags: 0, start: UInt32(pos), length: 5, next: 0, payload: 0)) else { return false }
            case UInt8(ascii: "n"):
                guard literal("null", JSONNode(kind: .null, flags: 0, start: UInt32(pos), length: 4, next: 0, payload: 0)) else { return false }
            default:
                return fatal(.invalidJSON, "unexpected \(describe(c)) at byte \(pos): expected a JSON value")
            }
            // A value is complete: continue its container, close containers, or finish.
            while true {
                guard let top = stack.last else {
                    skipWhitespace()
                    if pos != buf.count { return fatal(.invalidJSON, "unexpected data after the JSON value at byte \(pos)") }
                    return true
                }
                skipWhitespace()
                guard pos < buf.count else { return fatal(.invalidJSON, "unexpected end of input") }
                let c = buf[pos]
                let isObject = nodes[Int(top)].kind == .object
                if c == UInt8(ascii: ",") {
                    pos += 1
                    nodes[Int(top)].length += 1
                    if isObject {
                        guard Int(nodes[Int(top)].length) <= limits.maxObjectMembers else {
                            return fatal(.tooManyElements, "object has more than the limit of \(limits.maxObjectMembers) members", atContainer: true)
                        }
                        guard beginMember() else { return false }
                    } else {
                        guard Int(nodes[Int(top)].length) <= limits.maxArrayLength else {
                            return fatal(.tooManyElements, "array has more than the limit of \(limits.maxArrayLength) elements", atContainer: true)
                        }
                    }
                    continue parseValue
                } else if c == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    pos += 1
                    closeContainer()
                } else {
                    return fatal(.invalidJSON, "unexpected \(describe(c)) at byte \(pos): expected ',' or '\(isObject ? "}" : "]")'")
                }
            }
        }
    }

    mutating func closeContainer() {
        let top = Int(stack.removeLast())
        _ = keyOf.removeLast()
        nodes[top].next = UInt32(nodes.count)
    }

    /// Parses `"key":` and leaves `pos` at the member's value.
    mutating func beginMember() -> Bool {
        let previousKey = keyOf[keyOf.count - 1]
        keyOf[keyOf.count - 1] = -1
        skipWhitespace()
        guard pos < buf.count else { return fatal(.invalidJSON, "unexpected end of input") }
        guard buf[pos] == UInt8(ascii: "\"") else {
            return fatal(.invalidJSON, "unexpected \(describe(buf[pos])) at byte \(pos): expected a string key")
        }
        guard parseString(isKey: true) else { return false }
        keyOf[keyOf.count - 1] = Int32(nodes.count - 1)
        if isCanonical, previousKey >= 0, !rawKeyLess(Int(previousKey), nodes.count - 1) { isCanonical = false }
        skipWhitespace()
        guard pos < buf.count, buf[pos] == UInt8(ascii: ":") else {
            return fatal(.invalidJSON, pos < buf.count ? "unexpected \(describe(buf[pos])) at byte \(pos): expected ':'" : "unexpected end of input")
        }
        pos += 1
        return true
    }

    /// Inlined (a call per value), its failure out of line so no caller sets up the message.
    @inline(__always) mutating func appendNode(_ node: JSONNode) -> Bool {
        guard nodes.count < limits.maxValues else { return tooManyValues() }
        var node = node
        node.next = UInt32(nodes.count + 1)
        nodes.append(node)
        return true
    }

    @inline(never) mutating func tooManyValues() -> Bool {
        fatal(.tooManyValues, "more than the limit of \(limits.maxValues) JSON values")
    }

    @inline(__always) mutating func skipWhitespace() {
        while pos < buf.count {
            let c = buf[pos]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            pos += 1
            isCanonical = false
        }
    }

    mutating func literal(_ word: StaticString, _ node: JSONNode) -> Bool {
        let n = word.utf8CodeUnitCount
        guard pos + n <= buf.count, memcmpBytes(buf.baseAddress! + pos, word.utf8Start, n) else {
            return fatal(.invalidJSON, "invalid literal at byte \(pos): expected \(word)")
        }
        pos += n
        return appendNode(node)
    }
}
