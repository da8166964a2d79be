import PlanReviewContract
import PlanReviewJSON

/// The 98 Danish municipalities by kommunekode (Config/municipalities.json, from the official
/// code list). Christiansø (411) is not a municipality and not in the list.
public struct MunicipalityRegistry: Sendable {
    /// Sorted by code.
    public let all: [MunicipalityRef]
    /// Index by code (100...999) into `all`; -1 for none. A flat table: one load per lookup.
    private let index: [Int16]

    public init(_ municipalities: [MunicipalityRef]) {
        all = municipalities.sorted { $0.code < $1.code }
        var index = [Int16](repeating: -1, count: 1000)
        for (i, m) in all.enumerated() where (0..<1000).contains(m.code) {
            index[m.code] = Int16(i)
        }
        self.index = index
    }

    public subscript(code: Int) -> MunicipalityRef? {
        guard code >= 0, code < 1000 else { return nil }
        let i = index[code]
        return i >= 0 ? all[Int(i)] : nil
    }

    public var count: Int { all.count }
}
