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
