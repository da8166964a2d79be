import PlanReviewContract
import PlanReviewJSON

/// Matches object keys against a small set of names: compares (length, first 8 bytes) and
/// verifies the rest, without creating a `String` per key.
struct FieldSet: Sendable {
    let names: [FieldName]
    private let prefixes: [UInt64]
    private let lengths: [UInt32]
    /// By `slot(length, first byte)`: the only name with that slot, -1 for none, -2 for several.
    private let table: [Int8]

    init(_ names: [FieldName]) {
        precondition(names.count <= FieldSlots.capacity)
        self.names = names
        prefixes = names.map(\.prefix)
        lengths = names.map(\.length)
        var table = [Int8](repeating: -1, count: 256)
        for (i, name) in names.enumerated() {
            let slot = FieldSet.slot(name.length, name.prefix)
            table[slot] = table[slot] == -1 ? Int8(i) : -2
        }
        self.table = table
    }

    @inline(__always) private static func slot(_ length: UInt32, _ prefix: UInt64) -> Int {
        let first: UInt64 = prefix >> 56
        let second: UInt64 = (prefix >> 48) & 0xFF
        let mixed: UInt64 = UInt64(length) &* 31 &+ first &* 7 &+ second
        return Int(mixed & 0xFF)
    }

    /// Index of the key node's name in `names`, or -1 (an unknown member, ignored): one table
    /// probe and a compare; a scan only when two names share a slot.
    func match(_ doc: JSONDocument, _ key: Int) -> Int {
        let node = doc.nodes[key]
        let candidate = Int(table[FieldSet.slot(node.length, node.payload)])
        if candidate >= 0 {
            guard lengths[candidate] == node.length, prefixes[candidate] == node.payload else { return -1 }
            if node.length <= 8 && node.flags & JSONNode.hasEscapes == 0 { return candidate }
            return doc.keyEquals(key, names[candidate]) ? candidate : -1
        }
        if candidate == -1 && node.flags & JSONNode.hasEscapes == 0 { return -1 }
        for i in 0..<prefixes.count where lengths[i] == node.length && prefixes[i] == node.payload {
            if doc.keyEquals(key, names[i]) { return i }
        }
        return -1
    }
}
