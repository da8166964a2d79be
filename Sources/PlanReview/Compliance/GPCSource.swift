import PlanReviewContract
import PlanReviewJSON

/// A GPC sector and scope that an inventory must cover, written "sector/scope" ("transport/2").
public struct GPCSource: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var sector: GPCSector
    public var scope: Int

    public init(sector: GPCSector, scope: Int) {
        self.sector = sector
        self.scope = scope
    }

    public init?(parsing text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let sector = GPCSector(rawValue: String(parts[0])), let scope = Int(parts[1]), (1...3).contains(scope) else { return nil }
        self.init(sector: sector, scope: scope)
    }

    public var description: String { "\(sector.rawValue)/\(scope)" }
}
