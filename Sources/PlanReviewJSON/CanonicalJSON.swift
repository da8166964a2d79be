import PlanReviewContract
import Foundation
/// The canonical form of a parsed job: keys sorted by their UTF-8 bytes (= Unicode code point
/// order), no whitespace, strings with only the escapes JSON requires (`\"`, `\\`, control
/// characters), numbers by value (integers as digits, others as Swift's shortest round-trip
/// decimal). Equal jobs that differ in whitespace, key order or escaping give equal bytes,
/// hence an equal `contentHash`.
///
/// Sorting visits every object once, so duplicate keys (RFC 8259 §4: names SHOULD be unique;
/// here they are rejected) are found here at no extra cost: equal keys end up adjacent. Each object
/// is sorted in O(m log m) key comparisons, each a `memcmp` past the 8-byte prefix, so the whole body
/// costs O(n log n) whatever its key order.
package struct CanonicalJSON {
    private let doc: JSONDocument
    private var out: JSONOutput
    /// The member keys of the objects being written, innermost last (unmanaged: an `Array`
    /// append checks uniqueness each time); freed by `written`.
    private var scratch = UnsafeGrowableBuffer<Int32>(capacity: 64)
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
        doc.bytes.withUnsafeBufferPointer { buf in writer.write(doc.root, buf) }
        writer.scratch.free()
        return writer
    }

    /// Separators are written here (`put`), not by `JSONOutput`'s value calls: a scalar written as it
    /// is in the body is one copy of its bytes (a string with its quotes, a literal, a plain integer),
    /// and only containers recurse. `JSONOutput`'s own calls (numbers to reformat, strings to
    /// re-escape) follow `resetComma()`, so they write no comma of their own.
    private mutating func write(_ i: Int, _ buf: UnsafeBufferPointer<UInt8>) {
        let node = doc.nodes[i]
        switch node.kind {
        case .array:
            out.put(UInt8(ascii: "["))
            var k = i + 1
            let end = Int(node.next)
            while k < end {
                if k != i + 1 { out.put(UInt8(ascii: ",")) }
                let element = doc.nodes[k]
                if !writeScalar(element, buf) { write(k, buf) }
                k = Int(element.next)
            }
            out.put(UInt8(ascii: "]"))
        case .object:
            writeObject(i, node, buf)
        default:
            _ = writeScalar(node, buf)
        }
    }

    /// Writes a scalar node; false (nothing written) for a container.
    @inline(__always) private mutating func writeScalar(_ node: JSONNode, _ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(node.start)
        let end = start + Int(node.length)
        switch node.kind {
        case .null, .bool:
            out.put(UnsafeBufferPointer(rebasing: buf[start..<end]))
        case .number:
            if node.flags & JSONNode.plainInteger != 0 {
                out.put(UnsafeBufferPointer(rebasing: buf[start..<end]))
            } else {
                out.resetComma()
                out.number(node.number)
            }
        case .string:
            if node.flags & JSONNode.hasEscapes == 0 {
                // With the quotes around it in the body.
                out.put(UnsafeBufferPointer(rebasing: buf[(start - 1)..<(end + 1)]))
            } else {
                let decoded = JSONStringDecoder.decode(UnsafeBufferPointer(rebasing: buf[start..<end])) ?? []
                out.resetComma()
                decoded.withUnsafeBufferPointer { out.escapedString($0) }
            }
        case .array, .object:
            return false
        }
        return true
    }

    private mutating func writeObject(_ i: Int, _ node: JSONNode, _ buf: UnsafeBufferPointer<UInt8>) {
        let base = scratch.count
        var k = i + 1
        let end = Int(node.next)
        while k < end {
            scratch.append(Int32(k))
            k = Int(doc.nodes[k + 1].next)
        }
        let count = scratch.count - base
        if count > 1 {
            // Members in (key bytes, position) order: the position breaks ties, so the order is
            // total and the same as the stable insertion sort this replaced (every content hash is
            // unchanged), and equal keys are adjacent for the duplicate check. Insertion sort for
            // the handful of members real objects have; O(n log n) beyond (1,000 descending keys
            // took 166 ms with insertion sort alone).
            let doc = self.doc
            let members = UnsafeMutableBufferPointer(start: scratch.base + base, count: count)
            if count <= 16 {
                for a in 1..<count {
                    let key = members[a]
                    var b = a - 1
                    while b >= 0, CanonicalJSON.memberPrecedes(doc, buf, key, members[b]) {
                        members[b + 1] = members[b]
                        b -= 1
                    }
                    members[b + 1] = key
                }
            } else {
                CanonicalJSON.sortLarge(doc, buf, members)
            }
            for a in 1..<count where CanonicalJSON.compareKeys(doc, buf, members[a - 1], members[a]) == 0 {
                duplicateKeys.append(Int(max(members[a - 1], members[a])))
            }
        }
        out.put(UInt8(ascii: "{"))
        for a in base..<scratch.count {
            if a != base { out.put(UInt8(ascii: ",")) }
            let key = Int(scratch[a])
            let kn = doc.nodes[key]
            if kn.flags & JSONNode.hasEscapes == 0 {
                // `"key"` with its quotes as it is in the body.
                out.put(UnsafeBufferPointer(rebasing: buf[Int(kn.start - 1)..<Int(kn.start + kn.length + 1)]))
            } else {
                out.resetComma()
                doc.keyBytes(key).withUnsafeBufferPointer { out.escapedString($0) }
            }
            out.put(UInt8(ascii: ":"))
            let value = doc.nodes[key + 1]
            if !writeScalar(value, buf) { write(key + 1, buf) }
        }
        out.put(UInt8(ascii: "}"))
        while scratch.count > base { _ = scratch.removeLast() }
    }

    /// The O(m log m) sort of a large object: each key's bytes located once (in the body, or in the
    /// document's one buffer of decoded escaped keys), so a comparison is a `memcmp`, not a lookup per side.
    private static func sortLarge(_ doc: JSONDocument, _ buf: UnsafeBufferPointer<UInt8>, _ members: UnsafeMutableBufferPointer<Int32>) {
        var keys: [(payload: UInt64, offset: Int, length: Int, decoded: Bool, index: Int32)] = []
        keys.reserveCapacity(members.count)
        for index in members {
            let node = doc.nodes[Int(index)]
            if node.flags & JSONNode.hasEscapes != 0, let range = doc.decodedKeys.range(index) {
                keys.append((node.payload, range.lowerBound, range.count, true, index))
            } else {
                keys.append((node.payload, Int(node.start), Int(node.length), false, index))
            }
        }
        doc.decodedKeys.bytes.withUnsafeBufferPointer { decoded in
            let body = buf.baseAddress!
            // Never read when no key is escaped (the buffer may then have no address).
            let copies = decoded.baseAddress ?? body
            keys.sort { a, b in
                if a.payload != b.payload { return a.payload < b.payload }
                let common = min(a.length, b.length)
                let c = common == 0 ? 0 : memcmp((a.decoded ? copies : body) + a.offset, (b.decoded ? copies : body) + b.offset, common)
                if c != 0 { return c < 0 }
                if a.length != b.length { return a.length < b.length }
                return a.index < b.index
            }
        }
        for (i, key) in keys.enumerated() { members[i] = key.index }
    }

    /// Key bytes first, then position in the body.
    @inline(__always) private static func memberPrecedes(_ doc: JSONDocument, _ buf: UnsafeBufferPointer<UInt8>, _ a: Int32, _ b: Int32) -> Bool {
        let c = compareKeys(doc, buf, a, b)
        return c != 0 ? c < 0 : a < b
    }

    /// The byte order of two keys (decoded): negative, zero or positive.
    @inline(__always) private static func compareKeys(_ doc: JSONDocument, _ buf: UnsafeBufferPointer<UInt8>, _ a: Int32, _ b: Int32) -> Int {
        let na = doc.nodes[Int(a)]
        let nb = doc.nodes[Int(b)]
        if na.payload != nb.payload { return na.payload < nb.payload ? -1 : 1 }
        if (na.flags | nb.flags) & JSONNode.hasEscapes != 0 {
            let ka = doc.keyBytes(Int(a))
            let kb = doc.keyBytes(Int(b))
            if ka.elementsEqual(kb) { return 0 }
            return ka.lexicographicallyPrecedes(kb) ? -1 : 1
        }
        // Equal first 8 bytes (the payload): compare the rest.
        let la = Int(na.length)
        let lb = Int(nb.length)
        let common = min(la, lb)
        if common > 8 {
            let c = memcmp(buf.baseAddress! + Int(na.start) + 8, buf.baseAddress! + Int(nb.start) + 8, common - 8)
            if c != 0 { return Int(c) }
        }
        return la == lb ? 0 : (la < lb ? -1 : 1)
    }
}
