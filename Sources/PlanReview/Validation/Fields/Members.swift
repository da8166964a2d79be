import PlanReviewContract
import PlanReviewJSON

/// The members of an object by field, for one `ContractFields` type.
struct Members<F: ContractFields> {
    /// The object node.
    let object: Int
    private var slots = FieldSlots()

    /// `borrowing`: an initializer takes its arguments owned, so each object read copied the
    /// document (a retain and a release of its arrays and node storage, ~250 instructions).
    init(_ doc: borrowing JSONDocument, object: Int) {
        self.object = object
        // Called on the static in place: a local copy of the set retained and released its arrays.
        slots = F.fieldSet.slots(of: object, in: doc)
    }

    /// The value node of `field`, or nil when absent.
    subscript(field: F) -> Int? {
        let v = slots[field.rawValue]
        return v >= 0 ? v : nil
    }
}
