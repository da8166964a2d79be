/// The members of one object type of the contract, named by an `Int` enum whose case names are
/// the JSON keys, so the contract's names are written exactly once.
protocol ContractFields: RawRepresentable, CaseIterable where RawValue == Int {
    static var fieldSet: FieldSet { get }
}

extension ContractFields {
    static func makeFieldSet() -> FieldSet {
        FieldSet(allCases.map { FieldName(stringLiteral: "\($0)") })
    }
}

/// Matches object keys against a small set of names: compares (length, first 8 bytes) and
/// verifies the rest, without creating a `String` per key.
struct FieldSet: Sendable {
    let names: [FieldName]

    init(_ names: [FieldName]) {
        precondition(names.count <= FieldSlots.capacity)
        self.names = names
    }

    /// Index of the key node's name in `names`, or -1 (an unknown member, ignored).
    func match(_ doc: JSONDocument, _ key: Int) -> Int {
        let node = doc.nodes[key]
        for i in names.indices {
            let name = names[i]
            if name.length == node.length, name.prefix == node.payload, doc.keyEquals(key, name) { return i }
        }
        return -1
    }
}

/// Value node of each field of an object (-1: absent), on the stack.
struct FieldSlots {
    static let capacity = 24
    private var storage: (
        Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32,
        Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32, Int32
    ) = (-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1)

    subscript(i: Int) -> Int {
        get { withUnsafeBytes(of: storage) { Int($0.load(fromByteOffset: i * 4, as: Int32.self)) } }
        set { withUnsafeMutableBytes(of: &storage) { $0.storeBytes(of: Int32(newValue), toByteOffset: i * 4, as: Int32.self) } }
    }
}

/// The members of an object by field, for one `ContractFields` type.
struct Members<F: ContractFields> {
    /// The object node.
    let object: Int
    private var slots = FieldSlots()

    init(_ doc: JSONDocument, object: Int) {
        self.object = object
        let set = F.fieldSet
        var k = object + 1
        let end = doc.next(object)
        while k < end {
            let f = set.match(doc, k)
            if f >= 0 { slots[f] = k + 1 }
            k = doc.next(k + 1)
        }
    }

    /// The value node of `field`, or nil when absent.
    subscript(field: F) -> Int? {
        let v = slots[field.rawValue]
        return v >= 0 ? v : nil
    }
}
