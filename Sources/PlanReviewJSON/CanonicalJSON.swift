import PlanReviewContract
/// The canonical form of a parsed job: keys sorted by their UTF-8 bytes (= Unicode code point
/// order), no whitespace, strings with only the escapes JSON requires (`\"`, `\\`, control
/// characters), numbers by value (integers as digits, others as Swift's shortest round-trip
/// decimal). Equal jobs that differ in whitespace, key order or escaping give equal bytes,
/// hence an equal `contentHash`.
///
/// Sorting visits every object once, so duplicate keys (RFC 8259 §4: names SHOULD be unique;
/// here they are rejected) are found here at no extra cost.
package struct CanonicalJSON {
    private let doc: JSONDocument
    private var out: JSONOutput
    private var scratch: [Int32] = []
    private(set) var duplicateKeys: [Int] = []

    /// Returns the canonical bytes and the key nodes that duplicate an earlier key of their object.
    package static func encode(_ doc: JSONDocument) -> (bytes: [UInt8], duplicateKeys: [Int]) {
        var writer = CanonicalJSON.written(doc)
        return (writer.out.finish(), writer.duplicateKeys)
    }

    /// `sha256:<hex>` of the canonical bytes (hashed in place, never copied) and the duplicate keys.
    package static func contentHash(_ doc: JSONDocument) -> (hash: String, duplicateKeys: [Int]) {
        if doc.isCanonical { return (SHA256.prefixedHex(doc.bytes), []) }
        var writer = CanonicalJSON.written(doc)
        let digest = writer.out.withBytesAndFree { raw in
            var sha = SHA256()
            sha.update(raw)
            return sha.finalize()
        }
        return ("sha256:" + SHA256.hex(digest), writer.duplicateKeys)
    }

    private static func written(_ doc: JSONDocument) -> CanonicalJSON {
        var writer = CanonicalJSON(doc: doc, out: JSONOutput(capacity: doc.bytes.count))
        writer.scratch.reserveCapacity(64)
        doc.bytes.withUnsafeBufferPointer { buf in writer.write(doc.root, buf) }
        return writer
    }

    private mutating func write(_ i: Int, _ buf: UnsafeBufferPointer<UInt8>) {
        let node = doc.nodes[i]
        switch node.kind {
        case .null: out.null()
        case .bool: out.bool(node.flags & JSONNode.isTrue != 0)
        case .number:
            if node.flags & JSONNode.plainInteger != 0 {
                out.rawValue(UnsafeBufferPointer(rebasing: buf[Int(node.start)..<Int(node.start + node.length)]))
            } else {
                out.number(node.number)
            }
        case .string:
            let raw = UnsafeBufferPointer(rebasing: buf[Int(node.start)..<Int(node.start + node.length)])
            if node.flags & JSONNode.hasEscapes == 0 {
                out.rawString(raw)
            } else {
                let decoded = JSONStringDecoder.decode(raw) ?? []
                decoded.withUnsafeBufferPointer { out.escapedString($0) }
            }
        case .array:
            out.beginArray()
            var k = i + 1
            let end = Int(node.next)
            while k < end {
                write(k, buf)
                k = Int(doc.nodes[k].next)
            }
            out.endArray()
        case .object:
            writeObject(i, node, buf)
        }
    }

    private mutating func writeObject(_ i: Int, _ node: JSONNode, _ buf: UnsafeBufferPointer<UInt8>) {
        let base = scratch.count
        var k = i + 1
        let end = Int(node.next)
        while k < end {
            scratch.append(Int32(k))
            k = Int(doc.nodes[k + 1].next)
        }
        // Insertion sort: objects here have a handful to a few dozen members.
        let count = scratch.count - base
        if count > 1 {
            for a in (base + 1)..<scratch.count {
                let key = scratch[a]
                var b = a - 1
                while b >= base, keyLess(Int(key), Int(scratch[b])) {
                    scratch[b + 1] = scratch[b]
                    b -= 1
                }
                scratch[b + 1] = key
            }
            for a in (base + 1)..<scratch.count where keysEqual(Int(scratch[a - 1]), Int(scratch[a])) {
                duplicateKeys.append(Int(max(scratch[a - 1], scratch[a])))
            }
        }
        out.beginObject()
        for a in base..<scratch.count {
            let key = Int(scratch[a])
            let kn = doc.nodes[key]
            if kn.flags & JSONNode.hasEscapes == 0 {
                out.rawString(UnsafeBufferPointer(rebasing: buf[Int(kn.start)..<Int(kn.start + kn.length)]))
            } else {
                Array(doc.keyBytes(key)).withUnsafeBufferPointer { out.escapedString($0) }
            }
            out.put(UInt8(ascii: ":"))
            out.resetComma()
            write(key + 1, buf)
        }
        out.endObject()
        scratch.removeSubrange(base...)
    }

    @inline(__always) private mutating func keyLess(_ a: Int, _ b: Int) -> Bool {
        let pa = doc.nodes[a].payload
        let pb = doc.nodes[b].payload
        if pa != pb { return pa < pb }
        return doc.keyBytes(a).lexicographicallyPrecedes(doc.keyBytes(b))
    }

    @inline(__always) private mutating func keysEqual(_ a: Int, _ b: Int) -> Bool {
        let na = doc.nodes[a]
        let nb = doc.nodes[b]
        guard na.payload == nb.payload else { return false }
        if na.length == nb.length, na.length <= 8, (na.flags | nb.flags) & JSONNode.hasEscapes == 0 { return true }
        return doc.keyBytes(a).elementsEqual(doc.keyBytes(b))
    }
}
