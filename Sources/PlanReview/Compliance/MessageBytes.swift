import PlanReviewContract
import PlanReviewJSON

/// The UTF-8 bytes of one rule message while it is rendered: one buffer per review, reused for
/// every message, written without the uniqueness and capacity checks of an `Array` append.
///
/// Figures are written by `NumberText` (this is a `UTF8Sink`), as everywhere else.
struct MessageBytes: UTF8Sink, ~Copyable {
    /// The parser's growable buffer (PlanReviewJSON), owned here: freed when the review ends.
    private var bytes: UnsafeGrowableBuffer<UInt8>

    init(capacity: Int) { bytes = UnsafeGrowableBuffer(capacity: max(capacity, 64)) }

    deinit {
        var owned = bytes
        owned.free()
    }

    var count: Int { bytes.count }

    mutating func removeAll() { bytes.removeAll() }

    /// The message as a String (validated once, as `String(decoding:)` does).
    func string() -> String { String(decoding: UnsafeBufferPointer(start: bytes.base, count: bytes.count), as: UTF8.self) }

    @inline(__always)
    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    @inline(__always)
    mutating func append(_ p: UnsafeBufferPointer<UInt8>) { bytes.append(p) }

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

    /// ", " between items and " og " / " and " before the last (`ComplianceText.list`).
    @inline(__always)
    mutating func appendListSeparator(_ i: Int, _ count: Int, _ language: Language) {
        guard i > 0 else { return }
        if i == count - 1 { appendLiteral(language == .da ? " og " : " and ") } else { appendLiteral(", ") }
    }
}
