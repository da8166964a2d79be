/// A non-fatal remark about the input (contract v1.1 `notes[]`): an unknown vocabulary word, a
/// mapped synonym, an implausible value. In the job's language, with a stable `code`.
public struct ResultNote: Sendable, Codable, Equatable {
    /// JSON Pointer into the job.
    public var pointer: String
    public var code: String
    public var message: String

    public init(pointer: String, code: String, message: String) {
        self.pointer = pointer
        self.code = code
        self.message = message
    }
}

/// `inventory` of a result (v1.1): the inventory's source echoed, so a reader knows which
/// vintage of the (backwards revised) figures was judged.
public struct ResultInventory: Sendable, Codable, Equatable {
    public var source: InventorySource?

    public init(source: InventorySource?) {
        self.source = source
    }
}
