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
    private let buf: UnsafeBufferPointer<UInt8>
    private let limits: ValidationLimits
    private var pos = 0
    private var nodes: UnsafeGrowableBuffer<JSONNode>
    private var stack: UnsafeGrowableBuffer<Int32>
    /// For each open container: the key node of the member being parsed (objects), or -1.
    private var keyOf: UnsafeGrowableBuffer<Int32>
    private var decodedKeys: [Int32: [UInt8]] = [:]
    private(set) var issues: [ValidationIssue] = []
    /// Still true at the end when the text is already in canonical form (`CanonicalJSON`): no
    /// whitespace, no escapes, numbers as the canonical writer prints them, keys strictly
    /// ascending (hence unique). Then the body itself is hashed and no copy is written.
    private var isCanonical = true

    /// Parses `bytes`; the document is nil when a fatal problem stopped the parse.
    package static func parse(_ bytes: [UInt8], limits: ValidationLimits) -> (document: JSONDocument?, issues: [ValidationIssue]) {
        // Node offsets are 32-bit and the writer recurses once per level: cap what a
        // configuration can ask for.
        var limits = limits
        limits.maxDepth = min(limits.maxDepth, ValidationLimits.depthCeiling)
        limits.maxValues = min(limits.maxValues, Int(Int32.max) - 1)
        guard bytes.count < Int(UInt32.max) else {
            return (nil, [ValidationIssue(pointer: "", reason: "body of \(bytes.count) bytes is too large to parse", code: .bodyTooLarge)])
        }
        return bytes.withUnsafeBufferPointer { buf in
            var parser = JSONParser(buf: buf, limits: limits)
            let ok = parser.run()
            parser.stack.free()
            parser.keyOf.free()
            guard ok else {
                parser.nodes.free()
                return (nil, parser.issues)
            }
            let (base, count) = parser.nodes.take()
            return (JSONDocument(bytes: bytes, nodes: JSONNodes(taking: base, count: count), decodedKeys: parser.decodedKeys, isCanonical: parser.isCanonical), parser.issues)
        }
    }

    private init(buf: UnsafeBufferPointer<UInt8>, limits: ValidationLimits) {
        self.buf = buf
        self.limits = limits
        nodes = UnsafeGrowableBuffer(capacity: min(buf.count / 8 + 16, limits.maxValues + 1))
        stack = UnsafeGrowableBuffer(capacity: 16)
        keyOf = UnsafeGrowableBuffer(capacity: 16)
    }

    // MARK: - Driver

    private mutating func run() -> Bool {
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

    private mutating func closeContainer() {
        let top = Int(stack.removeLast())
        _ = keyOf.removeLast()
        nodes[top].next = UInt32(nodes.count)
    }

    /// Parses `"key":` and leaves `pos` at the member's value.
    private mutating func beginMember() -> Bool {
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

    private mutating func appendNode(_ node: JSONNode) -> Bool {
        guard nodes.count < limits.maxValues else {
            return fatal(.tooManyValues, "more than the limit of \(limits.maxValues) JSON values")
        }
        var node = node
        node.next = UInt32(nodes.count + 1)
        nodes.append(node)
        return true
    }

    @inline(__always) private mutating func skipWhitespace() {
        while pos < buf.count {
            let c = buf[pos]
            guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
            pos += 1
            isCanonical = false
        }
    }

    private mutating func literal(_ word: StaticString, _ node: JSONNode) -> Bool {
        let n = word.utf8CodeUnitCount
        guard pos + n <= buf.count, memcmpBytes(buf.baseAddress! + pos, word.utf8Start, n) else {
            return fatal(.invalidJSON, "invalid literal at byte \(pos): expected \(word)")
        }
        pos += n
        return appendNode(node)
    }

    // MARK: - Strings

    private mutating func parseString(isKey: Bool) -> Bool {
        pos += 1
        let start = pos
        var flags: UInt8 = 0
        let end = buf.count
        let base = buf.baseAddress!
        while true {
            // Fast path: 8 bytes at a time while none is '"', '\\', < 0x20 or >= 0x80.
            while pos + 8 <= end {
                let w = UnsafeRawPointer(base + pos).loadUnaligned(as: UInt64.self)
                if hasSpecialByte(w) { break }
                pos += 8
            }
            while pos < end {
                let b = base[pos]
                if b == 0x22 || b == 0x5C || b < 0x20 || b >= 0x80 { break }
                pos += 1
            }
            guard pos < end else { return fatal(.invalidJSON, "unterminated string starting at byte \(start - 1)") }
            let b = base[pos]
            if b == 0x22 { break }
            if b == 0x5C {
                flags |= JSONNode.hasEscapes
                isCanonical = false
                guard pos + 1 < end else { return fatal(.invalidJSON, "unterminated string starting at byte \(start - 1)") }
                let e = base[pos + 1]
                switch e {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
                    pos += 2
                case 0x75:  // \uXXXX
                    guard let unit = hex4(at: pos + 2) else {
                        stringProblem(&flags, .invalidString, "invalid \\u escape at byte \(pos)", isKey: isKey)
                        pos += 2
                        continue
                    }
                    pos += 6
                    if unit >= 0xD800 && unit <= 0xDBFF {
                        if pos + 1 < end, base[pos] == 0x5C, base[pos + 1] == 0x75, let low = hex4(at: pos + 2), low >= 0xDC00 && low <= 0xDFFF {
                            pos += 6
                        } else {
                            stringProblem(&flags, .invalidString, "unpaired UTF-16 surrogate \\u\(String(unit, radix: 16, uppercase: true)) at byte \(pos - 6)", isKey: isKey)
                        }
                    } else if unit >= 0xDC00 && unit <= 0xDFFF {
                        stringProblem(&flags, .invalidString, "unpaired UTF-16 surrogate \\u\(String(unit, radix: 16, uppercase: true)) at byte \(pos - 6)", isKey: isKey)
                    }
                default:
                    stringProblem(&flags, .invalidString, "invalid escape \\\(describeRaw(e)) at byte \(pos)", isKey: isKey)
                    pos += 2
                }
                continue
            }
            if b < 0x20 {
                stringProblem(&flags, .invalidString, "unescaped control character U+\(hex2(b)) in a string at byte \(pos)", isKey: isKey)
                pos += 1
                continue
            }
            // b >= 0x80: one UTF-8 sequence (RFC 3629 table 3-7: no overlongs, surrogates or > U+10FFFF).
            let n = utf8SequenceLength(at: pos)
            if n == 0 {
                stringProblem(&flags, .invalidUTF8, "invalid UTF-8 at byte \(pos)", isKey: isKey)
                pos += 1
            } else {
                pos += n
            }
        }
        let length = pos - start
        pos += 1  // closing quote
        if length > limits.maxStringBytes {
            stringProblem(&flags, .stringTooLong, "string of \(length) bytes is longer than the limit of \(limits.maxStringBytes)", isKey: isKey)
        }
        var node = JSONNode(kind: .string, flags: flags, start: UInt32(start), length: UInt32(length), next: 0, payload: 0)
        if isKey {
            if flags & JSONNode.hasEscapes != 0 {
                let decoded = JSONStringDecoder.decode(UnsafeBufferPointer(rebasing: buf[start..<start + length])) ?? []
                decodedKeys[Int32(nodes.count)] = decoded
                node.payload = keyPrefix(decoded[...])
            } else {
                node.payload = rawPrefix(start, length)
            }
        }
        return appendNode(node)
    }

    /// Byte order of two unescaped keys (prefix first, then the rest).
    private mutating func rawKeyLess(_ a: Int, _ b: Int) -> Bool {
        let na = nodes[a]
        let nb = nodes[b]
        if na.payload != nb.payload { return na.payload < nb.payload }
        let ra = UnsafeBufferPointer(rebasing: buf[Int(na.start)..<Int(na.start + na.length)])
        let rb = UnsafeBufferPointer(rebasing: buf[Int(nb.start)..<Int(nb.start + nb.length)])
        return ra.lexicographicallyPrecedes(rb)
    }

    @inline(__always) private mutating func rawPrefix(_ start: Int, _ length: Int) -> UInt64 {
        if length >= 8 {
            return UInt64(bigEndian: UnsafeRawPointer(buf.baseAddress! + start).loadUnaligned(as: UInt64.self))
        }
        var p: UInt64 = 0
        for i in 0..<length { p |= UInt64(buf[start + i]) << (56 - 8 * UInt64(i)) }
        return p
    }

    /// Any byte that is '"' (0x22), '\\' (0x5C), < 0x20 or >= 0x80.
    @inline(__always) private mutating func hasSpecialByte(_ w: UInt64) -> Bool {
        SWAR.quoteBackslashOrControl(w) | (w & SWAR.high) != 0
    }

    private mutating func utf8SequenceLength(at i: Int) -> Int {
        let b0 = buf[i]
        func cont(_ k: Int) -> UInt8? { i + k < buf.count && buf[i + k] & 0xC0 == 0x80 ? buf[i + k] : nil }
        switch b0 {
        case 0xC2...0xDF:
            return cont(1) != nil ? 2 : 0
        case 0xE0...0xEF:
            guard let b1 = cont(1), cont(2) != nil else { return 0 }
            if b0 == 0xE0 && b1 < 0xA0 { return 0 }  // overlong
            if b0 == 0xED && b1 > 0x9F { return 0 }  // surrogate
            return 3
        case 0xF0...0xF4:
            guard let b1 = cont(1), cont(2) != nil, cont(3) != nil else { return 0 }
            if b0 == 0xF0 && b1 < 0x90 { return 0 }  // overlong
            if b0 == 0xF4 && b1 > 0x8F { return 0 }  // > U+10FFFF
            return 4
        default:
            return 0
        }
    }

    private mutating func hex4(at i: Int) -> UInt32? {
        guard i + 4 <= buf.count else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            guard let d = hexDigit(buf[i + k]) else { return nil }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    /// Records the first problem of a string and marks it invalid (one issue per string).
    private mutating func stringProblem(_ flags: inout UInt8, _ code: ValidationIssue.Code, _ reason: String, isKey: Bool) {
        if flags & JSONNode.invalid == 0 {
            addIssue(code, isKey ? reason.replacingFirst("string", with: "key") : reason)
        }
        flags |= JSONNode.invalid
    }

    // MARK: - Numbers

    private mutating func parseNumber() -> Bool {
        let start = pos
        let end = buf.count
        var negative = false
        if buf[pos] == UInt8(ascii: "-") {
            negative = true
            pos += 1
        }
        guard pos < end, isDigit(buf[pos]) else {
            return fatal(.invalidJSON, "invalid number at byte \(start): expected a digit")
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var exponent = 0
        var truncated = false
        var plain = true
        if buf[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < end, isDigit(buf[pos]) { return fatal(.invalidJSON, "invalid number at byte \(start): leading zeros are not allowed") }
        } else {
            while pos < end, isDigit(buf[pos]) {
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(buf[pos] &- 0x30)
                    digits += 1
                } else {
                    exponent += 1
                    truncated = truncated || buf[pos] != UInt8(ascii: "0")
                }
                pos += 1
            }
        }
        let integerDigits = pos - start - (negative ? 1 : 0)
        var fractionDigits = 0
        var lastFractionDigit: UInt64 = 0
        var hasExponent = false
        if pos < end, buf[pos] == UInt8(ascii: ".") {
            plain = false
            pos += 1
            guard pos < end, isDigit(buf[pos]) else { return fatal(.invalidJSON, "invalid number at byte \(start): expected a digit after '.'") }
            while pos < end, isDigit(buf[pos]) {
                let d = UInt64(buf[pos] &- 0x30)
                fractionDigits += 1
                lastFractionDigit = d
                if mantissa == 0 && d == 0 {
                    exponent -= 1
                } else if digits < 19 {
                    mantissa = mantissa &* 10 &+ d
                    digits += 1
                    exponent -= 1
                } else {
                    truncated = truncated || d != 0
                }
                pos += 1
            }
        }
        if pos < end, buf[pos] | 0x20 == UInt8(ascii: "e") {
            plain = false
            hasExponent = true
            pos += 1
            var expNegative = false
            if pos < end, buf[pos] == UInt8(ascii: "+") || buf[pos] == UInt8(ascii: "-") {
                expNegative = buf[pos] == UInt8(ascii: "-")
                pos += 1
            }
            guard pos < end, isDigit(buf[pos]) else { return fatal(.invalidJSON, "invalid number at byte \(start): expected a digit in the exponent") }
            var e = 0
            while pos < end, isDigit(buf[pos]) {
                if e < 100_000 { e = e * 10 + Int(buf[pos] &- 0x30) }
                pos += 1
            }
            exponent += expNegative ? -e : e
        }
        var value: Double
        if mantissa == 0 {
            value = 0
        } else if !truncated, mantissa <= 1 << 53, exponent >= -22, exponent <= 22 {
            // Clinger's fast path: both operands exact, one correctly rounded operation.
            value = exponent >= 0 ? Double(mantissa) * powersOfTen[exponent] : Double(mantissa) / powersOfTen[-exponent]
        } else {
            let text = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<pos]), as: UTF8.self)
            value = abs(Double(text) ?? .infinity)
        }
        if negative { value = -value }
        var flags: UInt8 = 0
        if !value.isFinite {
            flags |= JSONNode.invalid
            let shown = String(decoding: UnsafeBufferPointer(rebasing: buf[start..<min(pos, start + 40)]), as: UTF8.self)
            addIssue(.numberOutOfRange, "number \(shown) is out of range (not a finite double)")
        } else {
            if value == value.rounded(.towardZero) { flags |= JSONNode.integral }
            if plain && integerDigits <= 15 && !(negative && mantissa == 0) {
                flags |= JSONNode.plainInteger
            } else if !(fractionDigits > 0 && !hasExponent && lastFractionDigit != 0 && fractionDigits <= 6 && digits <= 15 && !truncated && abs(value) < 1e9) {
                // The canonical writer prints such a decimal exactly as written (its shortest
                // form with at most 6 decimals); anything else is rewritten.
                isCanonical = false
            }
        }
        return appendNode(JSONNode(kind: .number, flags: flags, start: UInt32(start), length: UInt32(pos - start), next: 0, payload: (value + 0.0).bitPattern))
    }

    // MARK: - Issues

    /// `atContainer`: the issue is about the innermost open container, not its current element.
    private mutating func fatal(_ code: ValidationIssue.Code, _ reason: String, atContainer: Bool = false) -> Bool {
        addIssue(code, reason, force: true, atContainer: atContainer)
        return false
    }

    private mutating func addIssue(_ code: ValidationIssue.Code, _ reason: String, force: Bool = false, atContainer: Bool = false) {
        if issues.count >= limits.maxIssues && !force { return }
        issues.append(ValidationIssue(pointer: currentPointer(atContainer: atContainer), reason: reason, code: code))
    }

    /// The pointer of the value being parsed, from the container stack.
    private mutating func currentPointer(atContainer: Bool = false) -> String {
        var pointer = JSONPointer()
        for level in 0..<stack.count {
            let container = stack[level]
            if atContainer && level == stack.count - 1 { break }
            let node = nodes[Int(container)]
            if node.kind == .object {
                let key = keyOf[level]
                guard key >= 0 else { break }
                let k = nodes[Int(key)]
                let raw = UnsafeBufferPointer(rebasing: buf[Int(k.start)..<Int(k.start + k.length)])
                let bytes = k.flags & JSONNode.hasEscapes != 0 ? (decodedKeys[key] ?? Array(raw)) : Array(raw)
                pointer.append(String(decoding: bytes, as: UTF8.self))
            } else {
                pointer.append(String(max(Int(node.length) - 1, 0)))
            }
        }
        return pointer.description
    }

    private mutating func describe(_ c: UInt8) -> String {
        c >= 0x20 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(hex2(c))"
    }

    private mutating func describeRaw(_ c: UInt8) -> String {
        c >= 0x20 && c < 0x7F ? String(Character(Unicode.Scalar(c))) : "0x\(hex2(c))"
    }
}

@inline(__always) package func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }

@inline(__always) package func hexDigit(_ c: UInt8) -> UInt8? {
    switch c {
    case 0x30...0x39: c - 0x30
    case 0x41...0x46: c - 0x37
    case 0x61...0x66: c - 0x57
    default: nil
    }
}

package func hex2(_ b: UInt8) -> String {
    let digits = Array("0123456789ABCDEF".utf8)
    return String(decoding: [digits[Int(b >> 4)], digits[Int(b & 15)]], as: UTF8.self)
}

package let powersOfTen: [Double] = (0...22).map { e in
    var v = 1.0
    for _ in 0..<e { v *= 10 }
    return v
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}

/// Decodes the raw contents of a JSON string (between the quotes) into UTF-8 bytes.
package enum JSONStringDecoder {
    package static func decode<C: Collection>(_ raw: C) -> [UInt8]? where C.Element == UInt8, C.Index == Int {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        let end = raw.endIndex
        func hex4(_ at: Int) -> UInt32? {
            guard at + 4 <= end else { return nil }
            var v: UInt32 = 0
            for k in 0..<4 {
                guard let d = hexDigit(raw[at + k]) else { return nil }
                v = v << 4 | UInt32(d)
            }
            return v
        }
        while i < end {
            let b = raw[i]
            guard b == 0x5C else {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < end else { return nil }
            let e = raw[i + 1]
            i += 2
            switch e {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x2F: out.append(0x2F)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                guard var scalar = hex4(i) else { return nil }
                i += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    guard i + 1 < end, raw[i] == 0x5C, raw[i + 1] == 0x75, let low = hex4(i + 2), low >= 0xDC00 && low <= 0xDFFF else { return nil }
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let s = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: String(s).utf8)
            default:
                return nil
            }
        }
        return out
    }
}
