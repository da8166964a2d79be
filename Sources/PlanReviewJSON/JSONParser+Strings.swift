import PlanReviewContract
import Foundation

extension JSONParser {
    // MARK: - Strings

    /// The common case inline: a string of printable ASCII closed within the body, found a word at a
    /// time. Anything else (an escape, a control or non-ASCII byte, fewer than 8 bytes left, a string
    /// over the limit) continues in `parseStringSlow` from the first byte that needs a look, with the
    /// same result. Kept apart because the slow path's messages made every call set up their
    /// constants first (~40 instructions a string, ~250 strings per job).
    @inline(__always) mutating func parseString(isKey: Bool) -> Bool {
        let start = pos + 1
        let scan = scanPlainWords(from: start)
        let length = scan.at - start
        if scan.found, buf[scan.at] == 0x22, length <= limits.maxStringBytes {
            pos = scan.at + 1
            var node = JSONNode(kind: .string, flags: 0, start: UInt32(start), length: UInt32(length), next: 0, payload: 0)
            if isKey { node.payload = rawPrefix(start, length) }
            return appendNode(node)
        }
        pos = scan.at
        return parseStringSlow(start: start, isKey: isKey)
    }

    /// From `p`, 8 bytes at a time: the first byte that may end a plain run ('"', '\\', < 0x20 or
    /// >= 0x80), found by its bit position (the lowest flagged lane is always a real one: a borrow
    /// only flags lanes above a hit); or, with `found` false, where fewer than 8 bytes are left.
    @inline(__always) func scanPlainWords(from p: Int) -> (at: Int, found: Bool) {
        let end = buf.count
        let base = buf.baseAddress!
        var p = p
        while p + 8 <= end {
            let special = specialBytes(UInt64(littleEndian: UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)))
            if special != 0 { return (p + (special.trailingZeroBitCount >> 3), true) }
            p += 8
        }
        return (p, false)
    }

    /// The string that starts at `start` (after its quote), scanned on from `pos` (every byte before
    /// it is printable ASCII).
    @inline(never) mutating func parseStringSlow(start: Int, isKey: Bool) -> Bool {
        var flags: UInt8 = 0
        let end = buf.count
        let base = buf.baseAddress!
        while true {
            // A word at a time, then the last bytes one by one.
            let scan = scanPlainWords(from: pos)
            pos = scan.at
            if !scan.found {
                while pos < end {
                    let b = base[pos]
                    if b == 0x22 || b == 0x5C || b < 0x20 || b >= 0x80 { break }
                    pos += 1
                }
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
                        let at = pos
                        stringProblem(&flags, .invalidString, "invalid \\u escape at byte \(at)", isKey: isKey)
                        pos += 2
                        continue
                    }
                    pos += 6
                    if unit >= 0xD800 && unit <= 0xDBFF {
                        if pos + 1 < end, base[pos] == 0x5C, base[pos + 1] == 0x75, let low = hex4(at: pos + 2), low >= 0xDC00 && low <= 0xDFFF {
                            pos += 6
                        } else {
                            let at = pos - 6
                            stringProblem(&flags, .invalidString, "unpaired UTF-16 surrogate \\u\(String(unit, radix: 16, uppercase: true)) at byte \(at)", isKey: isKey)
                        }
                    } else if unit >= 0xDC00 && unit <= 0xDFFF {
                        let at = pos - 6
                        stringProblem(&flags, .invalidString, "unpaired UTF-16 surrogate \\u\(String(unit, radix: 16, uppercase: true)) at byte \(at)", isKey: isKey)
                    }
                default:
                    let at = pos
                    stringProblem(&flags, .invalidString, "invalid escape \\\(JSONParser.describeRaw(e)) at byte \(at)", isKey: isKey)
                    pos += 2
                }
                continue
            }
            if b < 0x20 {
                let at = pos
                stringProblem(&flags, .invalidString, "unescaped control character U+\(hex2(b)) in a string at byte \(at)", isKey: isKey)
                pos += 1
                continue
            }
            // b >= 0x80: one UTF-8 sequence (RFC 3629 table 3-7: no overlongs, surrogates or > U+10FFFF).
            let n = utf8SequenceLength(at: pos)
            if n == 0 {
                let at = pos
                stringProblem(&flags, .invalidUTF8, "invalid UTF-8 at byte \(at)", isKey: isKey)
                pos += 1
            } else {
                pos += n
            }
        }
        let length = pos - start
        pos += 1  // closing quote
        if length > limits.maxStringBytes {
            let limit = limits.maxStringBytes
            stringProblem(&flags, .stringTooLong, "string of \(length) bytes is longer than the limit of \(limit)", isKey: isKey)
        }
        var node = JSONNode(kind: .string, flags: flags, start: UInt32(start), length: UInt32(length), next: 0, payload: 0)
        if isKey {
            if flags & JSONNode.hasEscapes != 0 {
                let decoded = decodedKeys.append(node: Int32(nodes.count), raw: UnsafeBufferPointer(rebasing: buf[start..<start + length])) ?? []
                node.payload = keyPrefix(decoded)
            } else {
                node.payload = rawPrefix(start, length)
            }
        }
        return appendNode(node)
    }

    /// Byte order of two unescaped keys (prefix first, then the rest).
    mutating func rawKeyLess(_ a: Int, _ b: Int) -> Bool {
        let na = nodes[a]
        let nb = nodes[b]
        if na.payload != nb.payload { return na.payload < nb.payload }
        let ra = UnsafeBufferPointer(rebasing: buf[Int(na.start)..<Int(na.start + na.length)])
        let rb = UnsafeBufferPointer(rebasing: buf[Int(nb.start)..<Int(nb.start + nb.length)])
        return ra.lexicographicallyPrecedes(rb)
    }

    @inline(__always) mutating func rawPrefix(_ start: Int, _ length: Int) -> UInt64 {
        if length >= 8 {
            return UInt64(bigEndian: UnsafeRawPointer(buf.baseAddress! + start).loadUnaligned(as: UInt64.self))
        }
        var p: UInt64 = 0
        for i in 0..<length { p |= UInt64(buf[start + i]) << (56 - 8 * UInt64(i)) }
        return p
    }

    /// The high bit of the lanes that may be '"' (0x22), '\\' (0x5C), < 0x20 or >= 0x80 (the lowest
    /// one set is one of them).
    @inline(__always) func specialBytes(_ w: UInt64) -> UInt64 {
        SWAR.quoteBackslashOrControl(w) | (w & SWAR.high)
    }

    mutating func utf8SequenceLength(at i: Int) -> Int {
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

    mutating func hex4(at i: Int) -> UInt32? {
        guard i + 4 <= buf.count else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            guard let d = hexDigit(buf[i + k]) else { return nil }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    /// Records the first problem of a string and marks it invalid (one issue per string); over the
    /// issue cap the reason is not even built.
    mutating func stringProblem(_ flags: inout UInt8, _ code: ValidationIssue.Code, _ reason: @autoclosure () -> String, isKey: Bool) {
        if flags & JSONNode.invalid == 0 {
            if issues.isFull {
                addIssue(code, "")
            } else {
                let text = reason()
                addIssue(code, isKey ? text.replacingFirst("string", with: "key") : text)
            }
        }
        flags |= JSONNode.invalid
    }
}
