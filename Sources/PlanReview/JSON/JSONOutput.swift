/// Appends compact JSON to a byte buffer; results and the canonical job form are written with it.
///
/// The caller writes object keys in ascending byte order (debug builds assert it), so the
/// output has sorted keys without sorting at run time.
struct JSONOutput {
    var bytes: [UInt8] = []
    private var needsComma = false
    #if DEBUG
    private var keyStack: [[UInt8]] = []
    #endif

    init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    @inline(__always) private mutating func separator() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    mutating func beginObject() {
        separator()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
        #if DEBUG
        keyStack.append([])
        #endif
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
        #if DEBUG
        keyStack.removeLast()
        #endif
    }

    mutating func beginArray() {
        separator()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// An object key (ASCII, no characters that need escaping).
    mutating func key(_ k: StaticString) {
        #if DEBUG
        let kb = Array(UnsafeBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount))
        if let last = keyStack.last, !last.isEmpty {
            assert(last.lexicographicallyPrecedes(kb), "keys out of order: \(String(decoding: last, as: UTF8.self)) before \(k)")
        }
        keyStack[keyStack.count - 1] = kb
        #endif
        separator()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// A dynamic key; the caller guarantees the order.
    mutating func key(_ k: String) {
        #if DEBUG
        let kb = Array(k.utf8)
        if let last = keyStack.last, !last.isEmpty {
            assert(last.lexicographicallyPrecedes(kb), "keys out of order: \(String(decoding: last, as: UTF8.self)) before \(k)")
        }
        keyStack[keyStack.count - 1] = kb
        #endif
        string(k)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// After a key written with `rawString`: the value that follows needs no comma.
    mutating func resetComma() { needsComma = false }

    mutating func null() {
        separator()
        bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        needsComma = true
    }

    mutating func bool(_ v: Bool) {
        separator()
        if v { bytes.append(contentsOf: [0x74, 0x72, 0x75, 0x65]) } else { bytes.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65]) }
        needsComma = true
    }

    mutating func int(_ v: Int) {
        separator()
        appendInteger(Int64(v))
        needsComma = true
    }

    /// A number in its shortest decimal form; non-finite values (never produced) as null.
    mutating func number(_ v: Double) {
        separator()
        appendNumber(v)
        needsComma = true
    }

    mutating func string(_ s: String) {
        separator()
        var s = s
        s.withUTF8 { appendEscaped($0) }
        needsComma = true
    }

    /// Raw bytes that already are one JSON value.
    mutating func rawValue(_ raw: UnsafeBufferPointer<UInt8>) {
        separator()
        bytes.append(contentsOf: raw)
        needsComma = true
    }

    /// A string whose UTF-8 contents need no escaping (validated by the parser).
    mutating func rawString(_ raw: UnsafeBufferPointer<UInt8>) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: raw)
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    mutating func escapedString(_ utf8: UnsafeBufferPointer<UInt8>) {
        separator()
        appendEscaped(utf8)
        needsComma = true
    }

    // MARK: - Encoding

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        for i in 0..<utf8.count {
            let b = utf8[i]
            guard b == 0x22 || b == 0x5C || b < 0x20 else { continue }
            if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
            runStart = i + 1
            switch b {
            case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
            case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
            case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
            case 0x08: bytes.append(contentsOf: [0x5C, 0x62])
            case 0x0C: bytes.append(contentsOf: [0x5C, 0x66])
            default:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            }
        }
        if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendInteger(_ v: Int64) {
        if v < 0 { bytes.append(UInt8(ascii: "-")) }
        var m = v.magnitude
        if m < 10 {
            bytes.append(UInt8(truncatingIfNeeded: m) &+ 0x30)
            return
        }
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch on the stack
        let n = withUnsafeMutableBytes(of: &tmp) { raw -> Int in
            var i = 24
            while m > 0 {
                i -= 1
                raw[i] = UInt8(truncatingIfNeeded: m % 10) &+ 0x30
                m /= 10
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i..<24]))
            return 24 - i
        }
        _ = n
    }

    /// Shortest decimal for values rounded to a few decimals (the result's series): tries 0...6
    /// decimals and keeps the first whose decimal text converts back to exactly `v`; anything
    /// else falls back to Swift's shortest round-trip `description`.
    private mutating func appendNumber(_ v: Double) {
        guard v.isFinite else {
            bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
            return
        }
        let v = v + 0.0  // -0 as 0
        if v == v.rounded(.towardZero), abs(v) < 1e15 {
            appendInteger(Int64(v))
            return
        }
        if abs(v) < 1e9 {
            var scale = 1.0
            for decimals in 1...6 {
                scale *= 10
                let scaled = (v * scale).rounded()
                if scaled / scale == v {
                    let m = Int64(scaled)
                    if m < 0 { bytes.append(UInt8(ascii: "-")) }
                    let p = Int64(scale)
                    appendInteger(m.magnitude.asInt64 / p)
                    bytes.append(UInt8(ascii: "."))
                    var frac = m.magnitude.asInt64 % p
                    var digits = [UInt8](repeating: 0x30, count: decimals)
                    var i = decimals
                    while frac > 0 {
                        i -= 1
                        digits[i] = UInt8(truncatingIfNeeded: frac % 10) &+ 0x30
                        frac /= 10
                    }
                    bytes.append(contentsOf: digits)
                    return
                }
            }
        }
        bytes.append(contentsOf: v.description.utf8)
    }
}

extension UInt64 {
    fileprivate var asInt64: Int64 { Int64(self) }
}
