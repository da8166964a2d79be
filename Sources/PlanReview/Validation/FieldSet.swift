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
    /// (length << 56) ^ prefix per name, flat, so the scan touches no reference counts.
    private let signatures: [UInt64]
    private let prefixes: [UInt64]
    private let lengths: [UInt32]

    init(_ names: [FieldName]) {
        precondition(names.count <= FieldSlots.capacity)
        self.names = names
        prefixes = names.map(\.prefix)
        lengths = names.map(\.length)
        signatures = names.map { $0.prefix ^ (UInt64($0.length) << 56) }
    }

    /// Index of the key node's name in `names`, or -1 (an unknown member, ignored). The scan
    /// starts at `hint` (the index after the previous match): members usually come in the same
    /// order, so most keys match at the first probe.
    func match(_ doc: JSONDocument, _ key: Int, hint: Int = 0) -> Int {
        let node = doc.nodes[key]
        let n = prefixes.count
        return prefixes.withUnsafeBufferPointer { prefixes in
            lengths.withUnsafeBufferPointer { lengths in
                var i = hint < n ? hint : 0
                for _ in 0..<n {
                    if lengths[i] == node.length, prefixes[i] == node.payload {
                        if node.length <= 8 && node.flags & JSONNode.hasEscapes == 0 { return i }
                        if doc.keyEquals(key, names[i]) { return i }
                    }
                    i = i + 1 == n ? 0 : i + 1
                }
                return -1
            }
        }
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
        var hint = 0
        let end = doc.next(object)
        while k < end {
            let f = set.match(doc, k, hint: hint)
            if f >= 0 {
                slots[f] = k + 1
                hint = f + 1
            }
            k = doc.next(k + 1)
        }
    }

    /// The value node of `field`, or nil when absent.
    subscript(field: F) -> Int? {
        let v = slots[field.rawValue]
        return v >= 0 ? v : nil
    }
}

/// String enums of the contract, matched against JSON strings by bytes (no `String` is made
/// for a value that is only compared).
protocol JSONEnum: RawRepresentable<String>, CaseIterable {
    static var jsonCases: [Self] { get }
    static var jsonNames: FieldSet { get }
}

extension JSONEnum {
    static func makeNames() -> FieldSet { FieldSet(allCases.map { FieldName(stringLiteral: $0.rawValue) }) }
}

extension GPCSector: JSONEnum {
    static let jsonCases = Array(allCases)
    static let jsonNames = makeNames()
}

extension MunicipalPower: JSONEnum {
    static let jsonCases = Array(allCases)
    static let jsonNames = makeNames()
}

extension ClimateHazard: JSONEnum {
    static let jsonCases = Array(allCases)
    static let jsonNames = makeNames()
}

extension NotationKey: JSONEnum {
    static let jsonCases = Array(allCases)
    static let jsonNames = makeNames()
}

extension InventoryLevel: JSONEnum {
    static let jsonCases = Array(allCases)
    static let jsonNames = makeNames()
}

extension Language: JSONEnum {
    static let jsonCases = Array(allCases)
    static let jsonNames = makeNames()
}
