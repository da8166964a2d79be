import PlanReviewContract
/// A growable buffer of trivial values in unmanaged memory, for the parser's hot loops: an
/// `Array` append or element write costs a uniqueness check (a runtime call) each time.
///
/// - Important: call `free()` (or `finishAsArray()`) exactly once; only for trivial types.
@usableFromInline
package struct UnsafeGrowableBuffer<Element: BitwiseCopyable> {
    @usableFromInline package private(set) var base: UnsafeMutablePointer<Element>
    @usableFromInline package private(set) var count = 0
    @usableFromInline var capacity: Int

    package init(capacity: Int) {
        self.capacity = max(capacity, 8)
        base = .allocate(capacity: self.capacity)
    }

    @inlinable @inline(__always) package mutating func append(_ e: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: e)
        count &+= 1
    }

    @inline(__always) package subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    @inline(__always) package var last: Element? { count > 0 ? base[count - 1] : nil }

    @inline(__always) package mutating func removeLast() -> Element {
        count -= 1
        return base[count]
    }

    /// Appends `p`'s elements, growing once if they do not fit.
    @inlinable @inline(__always) package mutating func append(_ p: UnsafeBufferPointer<Element>) {
        guard let source = p.baseAddress, p.count > 0 else { return }
        if count &+ p.count > capacity { grow(toFit: p.count) }
        (base + count).initialize(from: source, count: p.count)
        count &+= p.count
    }

    /// Empties the buffer and keeps its memory (a buffer reused per message, per object, …).
    @inlinable @inline(__always) package mutating func removeAll() { count = 0 }

    @usableFromInline @inline(never) mutating func grow(toFit extra: Int = 1) {
        let newCapacity = max(capacity * 2, count + extra)
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Hands the memory over (to `JSONNodes`); the buffer must not be used afterwards.
    package mutating func take() -> (base: UnsafeMutablePointer<Element>, count: Int) {
        let taken = (base, count)
        count = 0
        capacity = 0
        return taken
    }

    /// The elements as an array; frees the buffer.
    package mutating func finishAsArray() -> [Element] {
        let out = Array(UnsafeBufferPointer(start: base, count: count))
        free()
        return out
    }

    package mutating func free() {
        base.deallocate()
        count = 0
        capacity = 0
    }
}
