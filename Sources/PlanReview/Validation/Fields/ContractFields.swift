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
