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
        // Most strings need no escape: then one capacity check and one pass that checks and copies
        // (16 bytes at a time) between the quotes. The bytes written past `count` are only kept when
        // none needed an escape; otherwise the exact loop below writes over them.
        reserve(n &+ 2)
        if let src = utf8.baseAddress, Self.copyIfNoEscape(src, n, to: base + (count &+ 1)) {
            base[count] = UInt8(ascii: "\"")
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

    /// Copies the `n` bytes at `src` to `dst` and returns true when none is '"', '\\' or < 0x20;
    /// false (with `dst` partly written) when one may be. 16 bytes at a time, the last 16 overlapping
    /// the ones before; two overlapping words for 8–15 bytes; bytes below that.
    @inline(__always) private static func copyIfNoEscape(_ src: UnsafePointer<UInt8>, _ n: Int, to dst: UnsafeMutablePointer<UInt8>) -> Bool {
        if n >= 16 {
            // Two words per step (`SIMD16<UInt8>` comparisons were scalarised: 4x slower).
            var i = 0
            while true {
                let a = UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self)
                let b = UnsafeRawPointer(src + (i &+ 8)).loadUnaligned(as: UInt64.self)
                if SWAR.quoteBackslashOrControl(a) | SWAR.quoteBackslashOrControl(b) != 0 { return false }
                UnsafeMutableRawPointer(dst + i).storeBytes(of: a, as: UInt64.self)
                UnsafeMutableRawPointer(dst + (i &+ 8)).storeBytes(of: b, as: UInt64.self)
                if i &+ 16 == n { return true }
                i = min(i &+ 16, n &- 16)
            }
        }
        if n >= 8 {
            let first = UnsafeRawPointer(src).loadUnaligned(as: UInt64.self)
            let last = UnsafeRawPointer(src + (n &- 8)).loadUnaligned(as: UInt64.self)
            if mayNeedEscape(first) || mayNeedEscape(last) { return false }
            UnsafeMutableRawPointer(dst).storeBytes(of: first, as: UInt64.self)
            UnsafeMutableRawPointer(dst + (n &- 8)).storeBytes(of: last, as: UInt64.self)
            return true
        }
        var i = 0
        while i < n {
            let b = src[i]
            if b == 0x22 || b == 0x5C || b < 0x20 { return false }
            dst[i] = b
            i &+= 1
        }
        return true
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
        // The digit count by comparisons (a division per digit cost more than the digits' writes).
        var digits = 2
        var limit: UInt64 = 100
        while digits < 20, m >= limit {
            digits &+= 1
            if digits == 20 { break }
            limit &*= 10
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
        let magnitude = abs(v)
        // Integral: the conversion is exact below 1e15 (< 2^53), and cheaper than `rounded(.towardZero)`
        // (a libm call on the x86-64 baseline).
        if magnitude < 1e15, Double(Int64(v)) == v {
            appendInteger(Int64(v))
            return
        }
        if magnitude < 1e9 {
            var scale = 1.0
            for decimals in 1...6 {
                scale *= 10
                // The nearest integer by the 1.5 · 2^52 trick (exact for |x| < 2^51; here < 1e15), not
                // `rounded()` (a libm call). It rounds ties to even where `rounded()` rounds them away
                // from zero, which cannot change the output: when v · scale is a tie k + 0.5, neither k
                // nor k + 1 divided by `scale` is v (they are 0.5 / scale ≥ 5e-7 away, over v's ulp).
                let x = v * scale
                let scaled = (x + 0x1.8p52) - 0x1.8p52
                if scaled / scale == v {
                    appendDecimal(Int64(scaled), decimals: decimals)
                    return
                }
            }
        }
        var text = v.description
        text.withUTF8 { put($0) }
    }
}

extension JSONOutput {
    /// `m / 10^decimals` in decimal: the digits of |m| with a point before the last `decimals` of them
    /// (at least one digit before it), and the sign.
    private mutating func appendDecimal(_ m: Int64, decimals: Int) {
        var u = m.magnitude
        var digits = 1
        var t = u
        while t >= 10 {
            t /= 10
            digits &+= 1
        }
        digits = max(digits, decimals &+ 1)
        let length = digits &+ 1 &+ (m < 0 ? 1 : 0)
        reserve(length)
        var p = base + (count &+ length)
        for k in 0..<digits {
            if k == decimals {
                p -= 1
                p.pointee = UInt8(ascii: ".")
            }
            p -= 1
            p.pointee = UInt8(truncatingIfNeeded: u % 10) &+ 0x30
            u /= 10
        }
        if m < 0 { (p - 1).pointee = UInt8(ascii: "-") }
        count &+= length
    }
}
