/// The decoded bytes of the object keys that contain escapes, in one buffer per document.
///
/// Why not a dictionary of arrays (what it replaced): a body of 65,000 escaped keys cost an array
/// allocation and a hashed insert per key, 48–73 ms of a review (issue 11, "Bounded review").
/// The parser appends keys in node order, so a lookup is a binary search over the entries.
package struct EscapedKeys: Sendable {
    /// Every decoded key, back to back.
    package private(set) var bytes: [UInt8] = []
    /// Key node index, offset into ``bytes``, length; ascending by node index.
    private var entries: [(node: Int32, offset: UInt32, length: UInt32)] = []

    package init() {}

    package var count: Int { entries.count }

    /// Decodes the key at node `node` from its raw bytes (between the quotes) and keeps it; returns
    /// its decoded bytes, or nil (kept empty) for an invalid escape.
    package mutating func append(node: Int32, raw: UnsafeBufferPointer<UInt8>) -> ArraySlice<UInt8>? {
        precondition(entries.last.map { $0.node < node } ?? true, "keys are appended in node order")
        let offset = bytes.count
        guard JSONStringDecoder.decode(raw, appendingTo: &bytes) else {
            // Kept as an empty key (the string issue rejects the job anyway).
            bytes.removeSubrange(offset...)
            entries.append((node, UInt32(offset), 0))
            return nil
        }
        entries.append((node, UInt32(offset), UInt32(bytes.count - offset)))
        return bytes[offset...]
    }

    /// Where the decoded key of node `node` is in ``bytes``.
    package func range(_ node: Int32) -> Range<Int>? {
        var low = 0, high = entries.count
        while low < high {
            let mid = (low + high) / 2
            if entries[mid].node < node { low = mid + 1 } else { high = mid }
        }
        guard low < entries.count, entries[low].node == node else { return nil }
        let offset = Int(entries[low].offset)
        return offset..<offset + Int(entries[low].length)
    }

    /// The decoded key of node `node`.
    package subscript(node: Int32) -> ArraySlice<UInt8>? {
        range(node).map { bytes[$0] }
    }
}
