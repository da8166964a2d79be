import PlanReviewContract
import Foundation

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
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}

/// Decodes the raw contents of a JSON string (between the quotes) into UTF-8 bytes.
package enum JSONStringDecoder {
    package static func decode<C: Collection>(_ raw: C) -> [UInt8]? where C.Element == UInt8, C.Index == Int {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        return decode(raw, appendingTo: &out) ? out : nil
    }

    /// Appends the decoded bytes of `raw` to `out` (no allocation of its own); false, with `out`
    /// partly written, for an invalid escape.
    package static func decode<C: Collection>(_ raw: C, appendingTo out: inout [UInt8]) -> Bool where C.Element == UInt8, C.Index == Int {
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
            guard i + 1 < end else { return false }
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
                guard var scalar = hex4(i) else { return false }
                i += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    guard i + 1 < end, raw[i] == 0x5C, raw[i + 1] == 0x75, let low = hex4(i + 2), low >= 0xDC00 && low <= 0xDFFF else { return false }
                    i += 6
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let s = Unicode.Scalar(scalar) else { return false }
                UTF8.encode(s) { out.append($0) }
            default:
                return false
            }
        }
        return true
    }
}
