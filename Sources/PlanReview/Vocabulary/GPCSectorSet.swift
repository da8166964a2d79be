import PlanReviewContract

/// A set of GPC sectors as bits: no allocation and no hashing, where `Set<GPCSector>` cost a
/// hashed storage per target and per check of every review. Iterates in the contract's order
/// (`GPCSector.allCases`), so sums over it are the same in every process.
struct GPCSectorSet: Hashable, Sequence {
    private(set) var bits: UInt8 = 0

    init() {}

    init(_ sectors: some Sequence<GPCSector>) {
        for s in sectors { insert(s) }
    }

    /// Every sector (a target or scope without `sectors`).
    static let all = GPCSectorSet(GPCSector.allCases)

    private init(bits: UInt8) { self.bits = bits }

    fileprivate static func bit(_ s: GPCSector) -> UInt8 {
        switch s {
        case .stationaryEnergy: 1
        case .transport: 2
        case .waste: 4
        case .ippu: 8
        case .afolu: 16
        }
    }

    func contains(_ s: GPCSector) -> Bool { bits & Self.bit(s) != 0 }
    mutating func insert(_ s: GPCSector) { bits |= Self.bit(s) }
    mutating func formUnion(_ other: GPCSectorSet) { bits |= other.bits }
    func subtracting(_ other: GPCSectorSet) -> GPCSectorSet { GPCSectorSet(bits: bits & ~other.bits) }
    func isDisjoint(with other: GPCSectorSet) -> Bool { bits & other.bits == 0 }
    var isEmpty: Bool { bits == 0 }
    var count: Int { bits.nonzeroBitCount }
    var underestimatedCount: Int { count }

    /// Bit n is the n-th case of `GPCSector.allCases`.
    struct Iterator: IteratorProtocol {
        var remaining: UInt8

        mutating func next() -> GPCSector? {
            guard remaining != 0 else { return nil }
            let n = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            switch n {
            case 0: return .stationaryEnergy
            case 1: return .transport
            case 2: return .waste
            case 3: return .ippu
            default: return .afolu
            }
        }
    }

    func makeIterator() -> Iterator { Iterator(remaining: bits) }
}
