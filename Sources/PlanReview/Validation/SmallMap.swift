/// A map for the handful of keys the consistency checks keep per list (years, sector sets):
/// a linear scan of one array up to `linearLimit` entries, a `Dictionary` beyond it, so a body at
/// the limits still costs O(1) per lookup.
///
/// Why: a `Dictionary` grows its storage on the first few inserts (an allocation and a rehash
/// each) and hashes every key; `JobValidator` kept six of them per review for two or three keys
/// each. Keys are compared with `==`, as a `Dictionary` compares them; there is no iteration, so
/// no order to keep.
struct SmallMap<Key: Hashable, Value> {
    /// Past this many keys a lookup by scan costs more than hashing an `Int` key.
    static var linearLimit: Int { 8 }

    private var entries: [(key: Key, value: Value)] = []
    private var dictionary: [Key: Value]?

    init(minimumCapacity: Int = 0) {
        if minimumCapacity > Self.linearLimit { dictionary = Dictionary(minimumCapacity: minimumCapacity) }
    }

    subscript(key: Key) -> Value? {
        get {
            if let dictionary { return dictionary[key] }
            return linearIndex(of: key).map { entries[$0].value }
        }
        set {
            guard let newValue else {
                if dictionary != nil {
                    dictionary![key] = nil
                } else if let i = linearIndex(of: key) {
                    entries.remove(at: i)
                }
                return
            }
            self[key, default: newValue] = newValue
        }
    }

    subscript(key: Key, default value: @autoclosure () -> Value) -> Value {
        get { self[key] ?? value() }
        _modify {
            if dictionary == nil, linearIndex(of: key) == nil, entries.count >= Self.linearLimit { spill() }
            if dictionary != nil {
                yield &dictionary![key, default: value()]
            } else {
                let i: Int
                if let found = linearIndex(of: key) {
                    i = found
                } else {
                    if entries.isEmpty { entries.reserveCapacity(4) }
                    entries.append((key, value()))
                    i = entries.count - 1
                }
                yield &entries[i].value
            }
        }
    }

    private func linearIndex(of key: Key) -> Int? {
        for i in entries.indices where entries[i].key == key { return i }
        return nil
    }

    private mutating func spill() {
        var all = [Key: Value](minimumCapacity: entries.count * 2)
        for e in entries { all[e.key] = e.value }
        dictionary = all
        entries = []
    }
}
