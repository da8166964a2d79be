import PlanReviewContract
import PlanReviewJSON

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
