import PlanReviewContract
/// Appends compact JSON to a byte buffer; results and the canonical job form are written with it.
///
/// The caller writes object keys in ascending byte order (debug builds assert it), so the
/// output has sorted keys without sorting at run time.
///
/// - Important: the buffer is unmanaged memory (an `Array` append costs a uniqueness check per
///   byte, a third of the encoding time); call `finish()` or `withBytesAndFree(_:)` exactly once.
@usableFromInline package struct JSONOutput {
    // `@usableFromInline` so the small writes below inline into the result writers in PlanReview
    // (each key and value was a call into this module: ~400 keys and ~500 values per result).
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int
    @usableFromInline var needsComma = false
    #if DEBUG
    @usableFromInline var keyStack: [[UInt8]] = []
    #endif

    package init(capacity: Int = 1024) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    /// The bytes written; frees the buffer.
    package mutating func finish() -> [UInt8] {
        let out = Array(UnsafeBufferPointer(start: base, count: count))
        base.deallocate()
        return out
    }

    /// Calls `body` with the bytes written, then frees the buffer.
    package mutating func withBytesAndFree<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        defer { base.deallocate() }
        return body(UnsafeRawBufferPointer(start: base, count: count))
    }

    @inlinable @inline(__always) package mutating func put(_ b: UInt8) {
        if count == capacity { grow(1) }
        base[count] = b
        count &+= 1
    }

    @inline(__always) package mutating func put(_ p: UnsafeBufferPointer<UInt8>) {
        guard let src = p.baseAddress, p.count > 0 else { return }
        if count + p.count > capacity { grow(p.count) }
        (base + count).update(from: src, count: p.count)
        count &+= p.count
    }

    @inline(__always) package mutating func put(_ p: UnsafeRawBufferPointer) {
        put(p.assumingMemoryBound(to: UInt8.self))
    }

    /// Room for `n` more bytes.
    @inlinable @inline(__always) mutating func reserve(_ n: Int) {
        if count &+ n > capacity { grow(n) }
    }

    @usableFromInline @inline(never) mutating func grow(_ extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inlinable @inline(__always) mutating func separator() {
        if needsComma { put(UInt8(ascii: ",")) }
    }

    @inlinable package mutating func beginObject() {
        separator()
        put(UInt8(ascii: "{"))
        needsComma = false
        #if DEBUG
        keyStack.append([])
        #endif
    }

    @inlinable package mutating func endObject() {
        put(UInt8(ascii: "}"))
        needsComma = true
        #if DEBUG
        keyStack.removeLast()
        #endif
    }

    @inlinable package mutating func beginArray() {
        separator()
        put(UInt8(ascii: "["))
        needsComma = false
    }

    @inlinable package mutating func endArray() {
        put(UInt8(ascii: "]"))
        needsComma = true
    }

    /// An object key (ASCII, no characters that need escaping), written as `,"key":` with one
    /// capacity check and one copy.
    ///
    /// - Important: there is deliberately no `key(_: String)` overload: a string literal prefers
    ///   `String` to `StaticString`, so with one every literal key took the escaping `String` path
    ///   (a quarter of the result's encoding time, docs/BENCHMARKS.md).
    @inlinable @inline(__always) package mutating func key(_ k: StaticString) {
        #if DEBUG
        let kb = Array(UnsafeBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount))
        if let last = keyStack.last, !last.isEmpty {
            assert(last.lexicographicallyPrecedes(kb), "keys out of order: \(String(decoding: last, as: UTF8.self)) before \(k)")
        }
        keyStack[keyStack.count - 1] = kb
        #endif
        let n = k.utf8CodeUnitCount
        reserve(n &+ 4)
        var p = base + count
        if needsComma {
            p.pointee = UInt8(ascii: ",")
            p += 1
        }
        p.pointee = UInt8(ascii: "\"")
        (p + 1).update(from: k.utf8Start, count: n)
        p[n &+ 1] = UInt8(ascii: "\"")
        p[n &+ 2] = UInt8(ascii: ":")
        count = p - base + n &+ 3
        needsComma = false
    }

    /// After a key written with `rawString`: the value that follows needs no comma.
    package mutating func resetComma() { needsComma = false }

    @inlinable package mutating func null() {
        separator()
        put4(0x6E, 0x75, 0x6C, 0x6C)
        needsComma = true
    }

    @inlinable package mutating func bool(_ v: Bool) {
        separator()
        if v { put4(0x74, 0x72, 0x75, 0x65) } else { put4(0x66, 0x61, 0x6C, 0x73); put(0x65) }
        needsComma = true
    }

    @inlinable package mutating func int(_ v: Int) {
        separator()
        appendInteger(Int64(v))
        needsComma = true
    }

    /// A number in its shortest decimal form; non-finite values (never produced) as null.
    @inlinable package mutating func number(_ v: Double) {
        separator()
        appendNumber(v)
        needsComma = true
    }

    @inlinable package mutating func string(_ s: String) {
        separator()
        // Native and small strings lend their UTF-8 in place (no copy, no retain of a `var`).
        if s.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) == nil {
            var s = s
            s.withUTF8 { appendEscaped($0) }
        }
        needsComma = true
    }

    /// Raw bytes that already are one JSON value.
    package mutating func rawValue(_ raw: UnsafeBufferPointer<UInt8>) {
        separator()
        put(raw)
        needsComma = true
    }

    /// A string whose UTF-8 contents need no escaping (validated by the parser).
    package mutating func rawString(_ raw: UnsafeBufferPointer<UInt8>) {
        separator()
        put(UInt8(ascii: "\""))
        put(raw)
        put(UInt8(ascii: "\""))
        needsComma = true
    }

    package mutating func escapedString(_ utf8: UnsafeBufferPointer<UInt8>) {
        separator()
        appendEscaped(utf8)
        needsComma = true
    }

    // MARK: - Encoding

    @usableFromInline mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        let n = utf8.count
        // Most strings need no escape: then one capacity check and one copy between the quotes.
        if !Self.needsEscape(utf8) {
            reserve(n &+ 2)
            base[count] = UInt8(ascii: "\"")
            if let src = utf8.baseAddress, n > 0 { (base + (count &+ 1)).update(from: src, count: n) }
            base[count &+ n &+ 1] = UInt8(ascii: "\"")
            count &+= n &+ 2
            return
        }
        put(UInt8(ascii: "\""))
        var runStart = 0
        var i = 0
        while i < n {
            // 8 bytes at a time while none is '"', '\\' or a control character.
            while i + 8 <= n, !Self.mayNeedEscape(UnsafeRawPointer(utf8.baseAddress! + i).loadUnaligned(as: UInt64.self)) { i += 8 }
            guard i < n else { break }
            let b = utf8[i]
            i += 1
            guard b == 0x22 || b == 0x5C || b < 0x20 else { continue }
            let at = i - 1
            if runStart < at { put(UnsafeBufferPointer(rebasing: utf8[runStart..<at])) }
            runStart = at + 1
            switch b {
            case 0x22: put2(0x5C, 0x22)
            case 0x5C: put2(0x5C, 0x5C)
            case 0x0A: put2(0x5C, 0x6E)
            case 0x0D: put2(0x5C, 0x72)
            case 0x09: put2(0x5C, 0x74)
            case 0x08: put2(0x5C, 0x62)
            case 0x0C: put2(0x5C, 0x66)
            default:
                let hex: StaticString = "0123456789abcdef"
                put4(0x5C, 0x75, 0x30, 0x30)
                put2(hex.utf8Start[Int(b >> 4)], hex.utf8Start[Int(b & 15)])
            }
        }
        if runStart < utf8.count { put(UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        put(UInt8(ascii: "\""))
    }

    /// Whether some byte is '"', '\\' or < 0x20 (exact: a word that may need one is checked byte by byte).
    @inline(__always) private static func needsEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let p = utf8.baseAddress else { return false }
        let n = utf8.count
        var i = 0
        while i &+ 8 <= n {
            if mayNeedEscape(UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)) { break }
            i &+= 8
        }
        while i < n {
            let b = p[i]
            if b == 0x22 || b == 0x5C || b < 0x20 { return true }
            i &+= 1
        }
        return false
    }

    /// Whether any byte may be '"', '\\' or < 0x20 (false positives allowed, no false negatives).
    @inline(__always) private static func mayNeedEscape(_ w: UInt64) -> Bool {
        SWAR.quoteBackslashOrControl(w) != 0
    }

    @usableFromInline mutating func appendInteger(_ v: Int64) {
        if v < 0 { put(UInt8(ascii: "-")) }
        var m = v.magnitude
        if m < 10 {
            put(UInt8(truncatingIfNeeded: m) &+ 0x30)
            return
        }
        var digits = 2
        var t = m / 100
        while t > 0 {
            digits &+= 1
            t /= 10
        }
        reserve(digits)
        // Two digits at a time from "000102…99" (the years and tonnes of the series are 4–9 digits).
        let pairs = Self.digitPairs.utf8Start
        var i = count &+ digits
        while m >= 100 {
            let r = Int(truncatingIfNeeded: m % 100)
            m /= 100
            i &-= 2
            base[i] = pairs[2 &* r]
            base[i &+ 1] = pairs[2 &* r &+ 1]
        }
        if m >= 10 {
            let r = Int(truncatingIfNeeded: m)
            base[i &- 2] = pairs[2 &* r]
            base[i &- 1] = pairs[2 &* r &+ 1]
        } else {
            base[i &- 1] = UInt8(truncatingIfNeeded: m) &+ 0x30
        }
        count &+= digits
    }

    private static var digitPairs: StaticString {
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"
    }

    @inlinable @inline(__always) mutating func put2(_ a: UInt8, _ b: UInt8) {
        put(a)
        put(b)
    }

    @inlinable @inline(__always) mutating func put4(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        put(a)
        put(b)
        put(c)
        put(d)
    }

    /// Shortest decimal for values rounded to a few decimals (the result's series): tries 0...6
    /// decimals and keeps the first whose decimal text converts back to exactly `v`; anything
    /// else falls back to Swift's shortest round-trip `description`.
    @usableFromInline mutating func appendNumber(_ v: Double) {
        guard v.isFinite else {
            put4(0x6E, 0x75, 0x6C, 0x6C)
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
                    if m < 0 { put(UInt8(ascii: "-")) }
                    let p = Int64(scale)
                    appendInteger(m.magnitude.asInt64 / p)
                    put(UInt8(ascii: "."))
                    var frac = m.magnitude.asInt64 % p
                    if count + decimals > capacity { grow(decimals) }
                    var i = count + decimals
                    for _ in 0..<decimals {
                        i -= 1
                        base[i] = UInt8(truncatingIfNeeded: frac % 10) &+ 0x30
                        frac /= 10
                    }
                    count += decimals
                    return
                }
            }
        }
        var text = v.description
        text.withUTF8 { put($0) }
    }
}

extension UInt64 {
    fileprivate var asInt64: Int64 { Int64(self) }
}
