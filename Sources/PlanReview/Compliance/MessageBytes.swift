import PlanReviewContract
import PlanReviewJSON

/// The UTF-8 bytes of one rule message while it is rendered: one buffer per review, reused for
/// every message, written without the uniqueness and capacity checks of an `Array` append.
///
/// The numbers are written as `NumberText` writes them (Danish "." for thousands and "," for
/// decimals, English the reverse); the goldens compare the two byte for byte.
struct MessageBytes: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        self.base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    mutating func removeAll() { count = 0 }

    /// The message as a String (validated once, as `String(decoding:)` does).
    func string() -> String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

    private mutating func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = max(capacity * 2, count + extra)
        let new = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        new.initialize(from: base, count: count)
        base.deallocate()
        base = new
        capacity = grown
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { reserve(1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        if count + bytes.count > capacity { reserve(bytes.count) }
        (base + count).initialize(from: source, count: bytes.count)
        count += bytes.count
    }

    /// A literal of the code (a `StaticString`: its bytes are in the binary, nothing to look up).
    @inline(__always)
    mutating func appendLiteral(_ s: StaticString) {
        append(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    mutating func append(_ s: String) {
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { append($0) }
        if done == nil { for b in s.utf8 { append(b) } }
    }

    mutating func append(_ s: Substring) {
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { append($0) }
        if done == nil { for b in s.utf8 { append(b) } }
    }

    // MARK: - Numbers (as NumberText)

    /// An integer without grouping (years): `NumberText.plain`.
    mutating func appendPlain(_ value: Int) {
        if value >= 1000, value <= 9999 {
            reserve(4)
            base[count] = UInt8(truncatingIfNeeded: 48 + value / 1000)
            base[count + 1] = UInt8(truncatingIfNeeded: 48 + value / 100 % 10)
            base[count + 2] = UInt8(truncatingIfNeeded: 48 + value / 10 % 10)
            base[count + 3] = UInt8(truncatingIfNeeded: 48 + value % 10)
            count += 4
        } else {
            append(String(value))
        }
    }

    /// Grouped by thousands: `NumberText.grouped`.
    mutating func appendGrouped(_ value: Int64, _ language: Language) {
        if value >= 0, value < 1000 {
            // No separator (most counts): the digits directly.
            reserve(3)
            if value >= 100 { append(UInt8(truncatingIfNeeded: 48 + value / 100)) }
            if value >= 10 { append(UInt8(truncatingIfNeeded: 48 + value / 10 % 10)) }
            append(UInt8(truncatingIfNeeded: 48 + value % 10))
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
            append(UnsafeBufferPointer(rebasing: buffer[i...]))
        }
    }

    /// To 0.1, half away from zero, without a trailing ",0": `NumberText.oneDecimal`.
    mutating func appendOneDecimal(_ value: Double, _ language: Language) {
        let tenths = Int64(clamping: value * 10)
        let whole = tenths / 10
        let fraction = (tenths % 10).magnitude
        if tenths < 0, whole == 0 { append(UInt8(ascii: "-")) }
        appendGrouped(whole, language)
        if fraction != 0 {
            append(language == .da ? UInt8(ascii: ",") : UInt8(ascii: "."))
            append(UInt8(truncatingIfNeeded: 48 + fraction))
        }
    }

    /// ", " between items and " og " / " and " before the last (`ComplianceText.list`).
    @inline(__always)
    mutating func appendListSeparator(_ i: Int, _ count: Int, _ language: Language) {
        guard i > 0 else { return }
        if i == count - 1 { appendLiteral(language == .da ? " og " : " and ") } else { appendLiteral(", ") }
    }
}
