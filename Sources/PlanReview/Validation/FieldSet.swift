import PlanReviewContract
import PlanReviewJSON

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
