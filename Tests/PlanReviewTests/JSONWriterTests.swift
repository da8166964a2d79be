import PlanReviewJSON
import Testing

/// `JSONOutput`'s strings and numbers against plain reference versions (byte by byte, and the
/// decimal search with `rounded()`): the writer checks and copies 16 bytes at a time and rounds
/// without libm, so every length around the vector and word sizes and every position of a byte
/// that needs an escape is compared, and the numbers of the results' kinds (0.1 t, 4-decimal rates).
@Suite struct JSONWriterTests {
    private static func written(_ write: (inout JSONOutput) -> Void) -> String {
        var w = JSONOutput(capacity: 16)  // small, so the writes also grow the buffer
        write(&w)
        return String(decoding: w.finish(), as: UTF8.self)
    }

    /// The escaping the writer must produce, one byte at a time.
    private static func referenceEscaped(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = [0x22]
        let hex = Array("0123456789abcdef".utf8)
        for b in bytes {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0x08: out += [0x5C, 0x62]
            case 0x0C: out += [0x5C, 0x66]
            case ..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]]
            default: out.append(b)
            }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }

    @Test(arguments: [nil, 0x22, 0x5C, 0x0A, 0x01, 0x1F] as [UInt8?])
    func stringsOfEveryLengthAndEscapePosition(special: UInt8?) {
        // ASCII with a two-byte letter (æ, 0xC3 0xA6) in it: lanes >= 0x80 must not count as escapes.
        let filler = Array("Kommunen har æ-mål for 2030 og 2050, netto-nul i alle sektorer.".utf8)
        for length in 0...40 {
            let plain = Array(filler.prefix(length))
            let positions = special == nil ? [-1] : Array(plain.indices)
            for at in positions {
                var bytes = plain
                if let special, at >= 0 { bytes[at] = special }
                let text = Self.written { w in
                    w.beginArray()
                    bytes.withUnsafeBufferPointer { w.escapedString($0) }
                    w.string(String(decoding: bytes, as: UTF8.self))
                    w.endArray()
                }
                let expected = Self.referenceEscaped(bytes)
                #expect(text == "[\(expected),\(expected)]", "length \(length), escape at \(at)")
            }
        }
    }

    /// The shortest of 0...6 decimals that reads back as `v` (the writer's rule), with `rounded()`.
    private static func referenceNumber(_ v: Double) -> String {
        let v = v + 0.0
        if v == v.rounded(.towardZero), abs(v) < 1e15 { return String(Int64(v)) }
        if abs(v) < 1e9 {
            var scale = 1.0
            for decimals in 1...6 {
                scale *= 10
                let scaled = (v * scale).rounded()
                if scaled / scale == v {
                    let m = Int64(scaled)
                    let p = Int64(scale)
                    let fraction = String(m.magnitude % UInt64(p))
                    return (m < 0 ? "-" : "") + String(m.magnitude / UInt64(p)) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
                }
            }
        }
        return v.description
    }

    @Test func numbersAsTheReferenceWritesThem() {
        var values: [Double] = [
            0, -0.0, 1, -1, 0.5, -0.5, 0.05, 0.1, 0.2, 0.3, 1.05, 2.675, 395_900, 387_662.5, -12.3, 0.0001,
            -0.0001, 0.6931, 99_999_999.9, 123_456_789.123456, 1e9 - 0.1, 1e9 + 0.5, 1e15, 1e15 + 2, 5e-7,
            1.0 / 3, 0.1 + 0.2, .pi, 1e300, -1e-300, 4_503_599_627_370_495.5,
        ]
        // Deterministic values of the results' kinds: tonnes to 0.1, rates and shares to 4 decimals.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let r = Int64(bitPattern: state >> 20) % 20_000_000 - 10_000_000
            values.append(Double(r) / 10)
            values.append(Double(r % 20_000) / 10_000)
            values.append(Double(r) / 7)
        }
        for v in values {
            let text = Self.written { $0.number(v) }
            #expect(text == Self.referenceNumber(v), "\(v)")
        }
        #expect(Self.written { $0.number(.nan) } == "null")
        #expect(Self.written { $0.number(-.infinity) } == "null")
    }
}
