import PlanReviewContract
import PlanReviewJSON

/// A set of climate hazards as bits (no allocation); iterates in the contract's order.
struct HazardSet: Equatable {
    private(set) var bits: UInt16 = 0

    static func bit(_ h: ClimateHazard) -> UInt16 {
        switch h {
        case .cloudburst: 1
        case .stormSurge: 2
        case .seaLevelRise: 4
        case .groundwater: 8
        case .heat: 16
        case .drought: 32
        case .riverFlooding: 64
        case .coastalErosion: 128
        }
    }

    func contains(_ h: ClimateHazard) -> Bool { bits & Self.bit(h) != 0 }
    mutating func insert(_ h: ClimateHazard) { bits |= Self.bit(h) }
    var isEmpty: Bool { bits == 0 }
    var count: Int { bits.nonzeroBitCount }
    func subtracting(_ other: HazardSet) -> HazardSet { HazardSet(bits: bits & ~other.bits) }
    var hazards: [ClimateHazard] { ClimateHazard.allCases.filter(contains) }
}
