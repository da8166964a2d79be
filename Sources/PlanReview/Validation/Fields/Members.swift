import PlanReviewContract
import PlanReviewJSON

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
