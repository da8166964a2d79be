import PlanReviewContract

/// Where `NumberText` writes UTF-8: an `[UInt8]`, or the buffer a rule message is rendered into
/// (`MessageBytes`). One formatting for both, specialised per sink.
package protocol UTF8Sink: ~Copyable {
    mutating func append(_ byte: UInt8)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: UTF8Sink where Element == UInt8 {
    @inline(__always)
    package mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

/// Number formatting without Foundation's formatters, into UTF-8 bytes: Danish uses "." for
/// thousands and "," for decimals (Retskrivningsordbogen, §21), English the reverse.
package enum NumberText {
    package static func grouped<Sink: UTF8Sink & ~Copyable>(_ value: Int64, into out: inout Sink, _ language: Language) {
        if value >= 0, value < 1000 {
            // No separator (most counts): the digits directly.
            if value >= 100 { out.append(UInt8(truncatingIfNeeded: 48 + value / 100)) }
            if value >= 10 { out.append(UInt8(truncatingIfNeeded: 48 + value / 10 % 10)) }
            out.append(UInt8(truncatingIfNeeded: 48 + value % 10))
            return
        }
        let separator: UInt8 = language == .da ? UInt8(ascii: ".") : UInt8(ascii: ",")
        var magnitude = value.magnitude
        // At most 19 digits, 6 separators and a sign: written backwards into a stack buffer.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            var i = buffer.count
            var digits = 0
            repeat {
                if digits > 0, digits % 3 == 0 {
                    i -= 1
                    buffer[i] = separator
                }
                i -= 1
                buffer[i] = UInt8(truncatingIfNeeded: 48 + magnitude % 10)
                magnitude /= 10
                digits += 1
            } while magnitude > 0
            if value < 0 {
                i -= 1
                buffer[i] = UInt8(ascii: "-")
            }
            out.append(UnsafeBufferPointer(rebasing: buffer[i...]))
        }
    }

    /// To 0.1, half away from zero, without a trailing ",0".
    package static func oneDecimal<Sink: UTF8Sink & ~Copyable>(_ value: Double, into out: inout Sink, _ language: Language) {
        let tenths = Int64(clamping: value * 10)
        let whole = tenths / 10
        let fraction = (tenths % 10).magnitude
        if tenths < 0, whole == 0 { out.append(UInt8(ascii: "-")) }
        grouped(whole, into: &out, language)
        if fraction != 0 {
            out.append(language == .da ? UInt8(ascii: ",") : UInt8(ascii: "."))
            out.append(UInt8(truncatingIfNeeded: 48 + fraction))
        }
    }

    /// An integer without grouping (years).
    package static func plain<Sink: UTF8Sink & ~Copyable>(_ value: Int, into out: inout Sink) {
        if value >= 1000, value <= 9999 {
            out.append(UInt8(truncatingIfNeeded: 48 + value / 1000))
            out.append(UInt8(truncatingIfNeeded: 48 + value / 100 % 10))
            out.append(UInt8(truncatingIfNeeded: 48 + value / 10 % 10))
            out.append(UInt8(truncatingIfNeeded: 48 + value % 10))
        } else {
            var digits = String(value)
            digits.withUTF8 { out.append($0) }
        }
    }

    package static func grouped(_ value: Int64, _ language: Language) -> String {
        var bytes: [UInt8] = []
        grouped(value, into: &bytes, language)
        return String(decoding: bytes, as: UTF8.self)
    }

    package static func oneDecimal(_ value: Double, _ language: Language) -> String {
        var bytes: [UInt8] = []
        oneDecimal(value, into: &bytes, language)
        return String(decoding: bytes, as: UTF8.self)
    }
}


extension Int64 {
    /// Rounds half away from zero and clamps to the representable range (NaN gives 0).
    package init(clamping value: Double) {
        let r = value.rounded(.toNearestOrAwayFromZero)
        if r.isNaN { self = 0 } else if r >= 9.2e18 { self = .max } else if r <= -9.2e18 { self = .min } else { self = Int64(r) }
    }
}
