import PlanReviewContract
import PlanReviewJSON

/// Matches object keys against a small set of names: compares (length, first 8 bytes) and
/// verifies the rest, without creating a `String` per key.
struct FieldSet: Sendable {
    let names: [FieldName]
    private let prefixes: [UInt64]
    private let lengths: [UInt32]
    /// Each name's bytes after its first 8, one after another, and where each name's start
    /// (`tails[tailStart[i]...]`): compared in place with a key's, so a match copies no
    /// `FieldName` (its array and string: a retain and a release each, per long key).
    private let tails: [UInt8]
    private let tailStart: [Int]
    /// By `slot(length, first byte)`: the only name with that slot, -1 for none, -2 for several.
    private let table: [Int8]

    init(_ names: [FieldName]) {
        precondition(names.count <= FieldSlots.capacity)
        self.names = names
        prefixes = names.map(\.prefix)
        lengths = names.map(\.length)
        var tails: [UInt8] = []
        var tailStart: [Int] = []
        for name in names {
            tailStart.append(tails.count)
            tails += name.bytes.dropFirst(8)
        }
        self.tails = tails
        self.tailStart = tailStart
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
        return match(doc, key, node, prefix: node.payload)
    }

    /// As `match`, for a string value without escapes (a value node holds no prefix): a contract
    /// enumeration read without building a `String`, and without a copy of each `FieldName`
    /// compared (a retain and a release of its array and its string).
    func match(value: Int, in doc: JSONDocument) -> Int {
        let node = doc.nodes[value]
        let n = min(Int(node.length), 8)
        let start = Int(node.start)
        var prefix: UInt64 = 0
        doc.bytes.withUnsafeBufferPointer { body in
            for k in 0..<n { prefix |= UInt64(body[start + k]) << (56 - 8 * UInt64(k)) }
        }
        return match(doc, value, node, prefix: prefix)
    }

    @inline(__always) private func match(_ doc: JSONDocument, _ key: Int, _ node: JSONNode, prefix: UInt64) -> Int {
        let candidate = Int(table[FieldSet.slot(node.length, prefix)])
        if candidate >= 0 {
            guard lengths[candidate] == node.length, prefixes[candidate] == prefix else { return -1 }
            return equals(doc, key, node, candidate) ? candidate : -1
        }
        if candidate == -1 && node.flags & JSONNode.hasEscapes == 0 { return -1 }
        for i in 0..<prefixes.count where lengths[i] == node.length && prefixes[i] == prefix {
            if equals(doc, key, node, i) { return i }
        }
        return -1
    }

    /// The value node of each member of `object` whose key is one of the names, by index.
    func slots(of object: Int, in doc: JSONDocument) -> FieldSlots {
        var slots = FieldSlots()
        var k = object + 1
        let end = doc.next(object)
        while k < end {
            let f = match(doc, k)
            if f >= 0 { slots[f] = k + 1 }
            k = doc.next(k + 1)
        }
        return slots
    }

    /// Whether the key `node` (same length and first 8 bytes as name `i`) is name `i`.
    @inline(__always) private func equals(_ doc: JSONDocument, _ key: Int, _ node: JSONNode, _ i: Int) -> Bool {
        guard node.flags & JSONNode.hasEscapes == 0 else { return doc.keyEquals(key, names[i]) }
        let n = Int(node.length) - 8
        if n <= 0 { return true }
        let s = Int(node.start) + 8
        let t = tailStart[i]
        return doc.bytes.withUnsafeBufferPointer { body in
            tails.withUnsafeBufferPointer { tail in memcmpBytes(body.baseAddress! + s, tail.baseAddress! + t, n) }
        }
    }
}
