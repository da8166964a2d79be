import PlanReviewContract
import PlanReviewJSON

/// The UTF-8 bytes of one rule message while it is rendered: one buffer per review, reused for
/// every message, written without the uniqueness and capacity checks of an `Array` append.
///
/// Figures go through `NumberText` (a `UTF8Sink`), as everywhere else.
struct MessageBytes: UTF8Sink, ~Copyable {
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

    // MARK: - Numbers (`NumberText`, the one formatting of the reports and the results)

    @inline(__always)
    mutating func appendPlain(_ value: Int) { NumberText.plain(value, into: &self) }

    @inline(__always)
    mutating func appendGrouped(_ value: Int64, _ language: Language) { NumberText.grouped(value, into: &self, language) }

    @inline(__always)
    mutating func appendOneDecimal(_ value: Double, _ language: Language) { NumberText.oneDecimal(value, into: &self, language) }

    /// ", " between items and " og " / " and " before the last (`ComplianceText.list`).
    @inline(__always)
    mutating func appendListSeparator(_ i: Int, _ count: Int, _ language: Language) {
        guard i > 0 else { return }
        if i == count - 1 { appendLiteral(language == .da ? " og " : " and ") } else { appendLiteral(", ") }
    }
}
