import PlanReviewContract
import Foundation

extension JSONParser {
    // MARK: - Numbers

    mutating func parseNumber() -> Bool {
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
            let shown = issues.isFull ? "" : String(decoding: UnsafeBufferPointer(rebasing: buf[start..<min(pos, start + 40)]), as: UTF8.self)
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
    mutating func fatal(_ code: ValidationIssue.Code, _ reason: String, atContainer: Bool = false) -> Bool {
        addIssue(code, reason, force: true, atContainer: atContainer)
        return false
    }

    /// Adds an issue at the value being parsed; over the cap it is only counted (no pointer is
    /// built), unless `force` (the fatal issue that stops the parse is always listed).
    mutating func addIssue(_ code: ValidationIssue.Code, _ reason: @autoclosure () -> String, force: Bool = false, atContainer: Bool = false) {
        guard force || !issues.isFull else {
            issues.add(code, at: "", "")  // counted only
            return
        }
        let issue = ValidationIssue(pointer: currentPointer(atContainer: atContainer), reason: reason(), code: code)
        if force { issues.force(issue) } else { issues.add(issue) }
    }

    /// The pointer of the value being parsed, from the container stack, cut at `maxPointerBytes`.
    mutating func currentPointer(atContainer: Bool = false) -> String {
        var pointer = BoundedPointer(maxBytes: limits.maxPointerBytes)
        for level in 0..<stack.count {
            if pointer.isFull { break }
            let container = stack[level]
            if atContainer && level == stack.count - 1 { break }
            let node = nodes[Int(container)]
            if node.kind == .object {
                let key = keyOf[level]
                guard key >= 0 else { break }
                let k = nodes[Int(key)]
                if k.flags & JSONNode.hasEscapes != 0, let decoded = decodedKeys[key] {
                    pointer.append(token: decoded)
                } else {
                    pointer.append(token: UnsafeBufferPointer(rebasing: buf[Int(k.start)..<Int(k.start + k.length)]))
                }
            } else {
                pointer.append(index: max(Int(node.length) - 1, 0))
            }
        }
        return pointer.text()
    }

    mutating func describe(_ c: UInt8) -> String {
        c >= 0x20 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(hex2(c))"
    }

    static func describeRaw(_ c: UInt8) -> String {
        c >= 0x20 && c < 0x7F ? String(Character(Unicode.Scalar(c))) : "0x\(hex2(c))"
    }
}
