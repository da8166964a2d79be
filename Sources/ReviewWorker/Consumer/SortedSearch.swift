/// Binary search over the live part of the consumer's sorted arrays (``ConfirmTracker``'s jobs and
/// unconfirmed publishes, ``PublishingHealth``'s outstanding publishes): each keeps its settled
/// prefix in place (a head index) and its elements in ascending order of a `UInt64` key (a delivery
/// tag or a publish sequence number) from that head on.
extension Array {
    /// The first index in `start..<count` whose key is not below `key` (`count` when all are below).
    @inline(__always)
    func firstIndex(from start: Int, notBelow key: UInt64, by keyOf: (Element) -> UInt64) -> Int {
        var low = start, high = count
        while low < high {
            let mid = (low + high) / 2
            if keyOf(self[mid]) < key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The index in `start..<count` of the element with this key, if there is one.
    @inline(__always)
    func index(from start: Int, ofKey key: UInt64, by keyOf: (Element) -> UInt64) -> Int? {
        let index = firstIndex(from: start, notBelow: key, by: keyOf)
        return index < count && keyOf(self[index]) == key ? index : nil
    }
}
