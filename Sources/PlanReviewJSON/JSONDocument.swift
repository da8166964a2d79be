import PlanReviewContract
import Synchronization

/// A parsed JSON text as a flat array of nodes over the original bytes (a "tape").
///
/// Why not a recursive enum: one review parses ~1,000 values, and a tree of enums, arrays and
/// `String`s costs an allocation per container and per long string. The tape costs two
/// allocations, keeps strings as byte ranges until the mapper asks for them, and lets the
/// canonical writer copy unescaped strings as they are.
///
/// Layout: a container node is followed by its children; an object's children alternate key
/// node, value node. `next` is the index just past a node's subtree, so siblings are reached in
/// O(1).
public struct JSONDocument: Sendable {
    /// The bytes the nodes point into.
    public let bytes: [UInt8]
    /// Owns the node memory; reads go through `nodes` (a pointer into it) so that they touch no
    /// reference count.
    package let storage: JSONNodes
    @usableFromInline package let nodes: JSONNodeView
    /// Decoded bytes of object keys that contain escapes (rare), by key node index.
    package var decodedKeys: EscapedKeys

    /// The bytes are already the canonical form (see `CanonicalJSON`).
    public let isCanonical: Bool

    package init(bytes: [UInt8], nodes: JSONNodes, decodedKeys: EscapedKeys, isCanonical: Bool = false) {
        self.bytes = bytes
        self.storage = nodes
        self.nodes = JSONNodeView(base: nodes.base, count: nodes.count)
        self.decodedKeys = decodedKeys
        self.isCanonical = isCanonical
    }

    /// The root value's index (0); the document is never empty.
    public var root: Int { 0 }
    public var nodeCount: Int { nodes.count }
}

/// The parser's node buffer, owned without a copy (an `Array` would cost a 32-byte-per-value
/// copy at the end of every parse). Immutable once built.
package final class JSONNodes: @unchecked Sendable {
    package let base: UnsafeMutablePointer<JSONNode>
    package let count: Int

    /// Takes ownership of `base` (allocated with `UnsafeMutablePointer.allocate`).
    package init(taking base: UnsafeMutablePointer<JSONNode>, count: Int) {
        self.base = base
        self.count = count
    }

    deinit { base.deallocate() }

    @inlinable package subscript(i: Int) -> JSONNode {
        precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "node index out of range")
        return base[i]
    }

    /// Built on the first pointer asked for; see `parents()`.
    private let parentTable = Mutex<[UInt64]>([])

    /// For each node: its container's index (high 32 bits), its position in it (bits 0–30: element or
    /// member number) and bit 31 when it is an object key; the root is `UInt64.max`. One O(n) pass,
    /// built once per document when the first issue needs a pointer, so every pointer after that
    /// costs O(depth) instead of a walk over the siblings before it (10,000 issues in one array were
    /// 10,000 walks of up to 10,000 elements).
    package func parents() -> [UInt64] {
        parentTable.withLock { table in
            if table.isEmpty, count > 0 { table = buildParents() }
            return table
        }
    }

    private func buildParents() -> [UInt64] {
        [UInt64](unsafeUninitializedCapacity: count) { table, initialized in
            table[0] = .max
            for i in 0..<count {
                let node = base[i]
                guard node.kind == .object || node.kind == .array else { continue }
                let end = Int(node.next)
                var k = i + 1
                var ordinal: UInt64 = 0
                let parent = UInt64(i) << 32
                while k < end {
                    table[k] = parent | ordinal
                    if node.kind == .object {
                        table[k] |= 1 << 31
                        table[k + 1] = parent | ordinal
                        k = Int(base[k + 1].next)
                    } else {
                        k = Int(base[k].next)
                    }
                    ordinal += 1
                }
            }
            initialized = count
        }
    }
}

/// Read access to the nodes of a `JSONDocument`, valid while the document lives.
@usableFromInline package struct JSONNodeView: @unchecked Sendable {
    @usableFromInline package let base: UnsafePointer<JSONNode>
    @usableFromInline package let count: Int

    package init(base: UnsafeMutablePointer<JSONNode>, count: Int) {
        self.base = UnsafePointer(base)
        self.count = count
    }

    // Inlinable, as the accessors below: PlanReview's mapper calls them for every member, and a
    // call into this module per node read cost more than the read.
    @inlinable package subscript(i: Int) -> JSONNode {
        precondition(UInt(bitPattern: i) < UInt(bitPattern: count), "node index out of range")
        return base[i]
    }
}

/// The kinds of JSON values.
public enum JSONKind: UInt8, Sendable, BitwiseCopyable {
    case null, bool, number, string, array, object

    /// The word used in validation messages ("expected a number, found a string").
    package var article: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

@usableFromInline package struct JSONNode: Sendable, BitwiseCopyable {
    @usableFromInline package var kind: JSONKind
    /// Bit flags, see the static members.
    @usableFromInline package var flags: UInt8
    /// Strings and numbers: offset of the first content byte. Containers: offset of the bracket.
    @usableFromInline package var start: UInt32
    /// Strings and numbers: raw byte length. Containers: number of elements (object: members).
    @usableFromInline package var length: UInt32
    /// Index just past this node's subtree.
    @usableFromInline package var next: UInt32
    /// Numbers: the value. Object keys: the first 8 key bytes, big-endian, zero-padded (for sorting
    /// and field lookup).
    @usableFromInline package var payload: UInt64

    @inlinable package static var hasEscapes: UInt8 { 1 }  // string
    @inlinable package static var invalid: UInt8 { 2 }  // string or number already reported as an issue
    @inlinable package static var isTrue: UInt8 { 4 }  // bool
    @inlinable package static var plainInteger: UInt8 { 8 }  // number literal `-?[1-9][0-9]{0,14}|0`: canonical as written
    @inlinable package static var integral: UInt8 { 16 }  // number with an integral value

    @inlinable package var number: Double { Double(bitPattern: payload) }
}

extension JSONDocument {
    @inlinable package func kind(_ i: Int) -> JSONKind { nodes[i].kind }
    @inlinable package func next(_ i: Int) -> Int { Int(nodes[i].next) }
    @inlinable package func count(_ i: Int) -> Int { Int(nodes[i].length) }
    @inlinable package func isInvalid(_ i: Int) -> Bool { nodes[i].flags & JSONNode.invalid != 0 }
    @inlinable package func bool(_ i: Int) -> Bool { nodes[i].flags & JSONNode.isTrue != 0 }
    @inlinable package func number(_ i: Int) -> Double { nodes[i].number }
    @inlinable package func isIntegral(_ i: Int) -> Bool { nodes[i].flags & JSONNode.integral != 0 }

    /// Calls `body` with (key node, value node) for each member of the object at `i`.
    package func forEachMember(_ i: Int, _ body: (Int, Int) throws -> Void) rethrows {
        var k = i + 1
        let end = next(i)
        while k < end {
            try body(k, k + 1)
            k = next(k + 1)
        }
    }

    /// Calls `body` with (element index, node) for each element of the array at `i`.
    package func forEachElement(_ i: Int, _ body: (Int, Int) throws -> Void) rethrows {
        var k = i + 1
        var n = 0
        let end = next(i)
        while k < end {
            try body(n, k)
            n += 1
            k = next(k)
        }
    }

    /// The decoded bytes of the object key at `i` (no escapes: a slice of the body).
    package func keyBytes(_ i: Int) -> ArraySlice<UInt8> {
        if nodes[i].flags & JSONNode.hasEscapes != 0, let decoded = decodedKeys[Int32(i)] {
            return decoded
        }
        let s = Int(nodes[i].start)
        return bytes[s..<s + Int(nodes[i].length)]
    }

    /// The raw bytes of a string or number node (escapes not decoded).
    package func rawBytes(_ i: Int) -> ArraySlice<UInt8> {
        let node = nodes[i]
        return bytes[Int(node.start)..<Int(node.start + node.length)]
    }

    /// The decoded text of the string (or key) at `i`.
    public func string(_ i: Int) -> String {
        let node = nodes[i]
        let s = Int(node.start)
        if node.flags & JSONNode.hasEscapes == 0 {
            // From an ArraySlice: about twice as fast as from an UnsafeBufferPointer (Swift 6.3).
            return String(decoding: bytes[s..<s + Int(node.length)], as: UTF8.self)
        }
        let decoded = JSONStringDecoder.decode(bytes[s..<s + Int(node.length)]) ?? []
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Whether the key at `i` equals `name` (ASCII field names).
    package func keyEquals(_ i: Int, _ name: FieldName) -> Bool {
        let node = nodes[i]
        guard node.length == name.length, node.payload == name.prefix else { return false }
        if name.length <= 8 { return node.flags & JSONNode.hasEscapes == 0 || keyBytes(i).elementsEqual(name.bytes) }
        if node.flags & JSONNode.hasEscapes != 0 { return keyBytes(i).elementsEqual(name.bytes) }
        let s = Int(node.start)
        return bytes.withUnsafeBufferPointer { buf in
            name.bytes.withUnsafeBufferPointer { nb in
                memcmpBytes(buf.baseAddress! + s + 8, nb.baseAddress! + 8, Int(name.length) - 8)
            }
        }
    }
}

@inlinable package func memcmpBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    var i = 0
    while i + 8 <= n {
        if UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self) { return false }
        i += 8
    }
    while i < n {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

/// A field name prepared for fast comparison with object keys.
public struct FieldName: Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    package let bytes: [UInt8]
    package let length: UInt32
    package let prefix: UInt64
    public let description: String

    public init(stringLiteral value: String) {
        description = value
        bytes = Array(value.utf8)
        length = UInt32(bytes.count)
        prefix = keyPrefix(bytes[...])
    }
}

/// First 8 bytes, big-endian, zero-padded: ordering of prefixes is the byte order of the keys
/// (ties broken by a full comparison).
package func keyPrefix(_ bytes: ArraySlice<UInt8>) -> UInt64 {
    var p: UInt64 = 0
    var n = 0
    for b in bytes {
        if n == 8 { break }
        p |= UInt64(b) << (56 - 8 * UInt64(n))
        n += 1
    }
    return p
}

extension JSONDocument {
    /// The JSON Pointer of node `target` (a value or an object key), up to `maxBytes` of its escaped
    /// text (longer pointers end with "…", see `IssueText.pointer`).
    ///
    /// O(depth + maxBytes) once the document's parent table is built (`JSONNodes.parents()`), so the
    /// hot path keeps no path stack and an issue deep under long keys costs no more than the bound.
    package func pointerText(to target: Int, maxBytes: Int) -> String {
        var builder = BoundedPointer(maxBytes: maxBytes)
        appendPath(to: target, &builder)
        return builder.text()
    }

    /// The JSON Pointer of node `target` (a value or an object key), its tokens bounded like
    /// `pointerText(to:maxBytes:)` with the default `ValidationLimits.maxPointerBytes`.
    public func pointer(to target: Int) -> JSONPointer {
        var builder = BoundedPointer(maxBytes: ValidationLimits().maxPointerBytes)
        appendPath(to: target, &builder)
        return builder.pointer()
    }

    private func appendPath(to target: Int, _ builder: inout BoundedPointer) {
        guard target > 0, target < nodes.count else { return }
        let parents = storage.parents()
        // The chain from `target` up to the root (at most depthCeiling + 1 entries).
        var chain: [(node: Int, entry: UInt64)] = []
        var i = target
        while i > 0 {
            let entry = parents[i]
            chain.append((i, entry))
            i = Int(entry >> 32)
        }
        for (node, entry) in chain.reversed() {
            guard !builder.isFull else { return }
            if nodes[Int(entry >> 32)].kind == .object {
                // A member's value follows its key; a key names itself.
                builder.append(token: keyBytes(entry & (1 << 31) != 0 ? node : node - 1))
            } else {
                builder.append(index: Int(entry & 0x7FFF_FFFF))
            }
        }
    }
}

extension JSONDocument {
    /// Parses a JSON text strictly within `limits` (see `JSONParser`); nil with the issues when
    /// it cannot be read.
    public static func parse(_ bytes: [UInt8], limits: ValidationLimits = ValidationLimits()) -> (document: JSONDocument?, issues: [ValidationIssue]) {
        JSONParser.parse(bytes, limits: limits)
    }

    /// The canonical form (sorted keys, no whitespace; see `CanonicalJSON`).
    public func canonicalBytes() -> [UInt8] {
        CanonicalJSON.encode(self).bytes
    }
}
