/// `plan.inventory`: a GPC greenhouse-gas inventory (WRI/C40/ICLEI Global Protocol for
/// Community-Scale GHG Emission Inventories, 2014).
public struct Inventory: Sendable, Codable, Equatable {
    public var standard: String?
    public var level: InventoryLevel?
    public var baseYear: Int
    public var entries: [InventoryEntry]
    /// Earlier totals, e.g. 1990, so targets against them become absolute.
    public var history: [EmissionsPoint]?
    /// v1.1: where the figures come from (they are revised backwards; results echo it).
    public var source: InventorySource?

    public init(standard: String? = "GPC", level: InventoryLevel? = nil, baseYear: Int, entries: [InventoryEntry], history: [EmissionsPoint]? = nil, source: InventorySource? = nil) {
        self.source = source
        self.standard = standard
        self.level = level
        self.baseYear = baseYear
        self.entries = entries
        self.history = history
    }

    /// The sum of all entries that carry a figure (notation keys count as 0; removals are negative).
    public var totalTco2e: Double { entries.reduce(0) { $0 + ($1.tco2e ?? 0) } }
}

/// `plan.inventory.source` (v1.1): e.g. `{"name": "Energi- og CO2-regnskabet", "vintage": "2024-03"}`.
public struct InventorySource: Sendable, Codable, Equatable {
    public var name: String
    public var vintage: String?
    public var method: String?

    public init(name: String, vintage: String? = nil, method: String? = nil) {
        self.name = name
        self.vintage = vintage
        self.method = method
    }
}

/// GPC reporting level (GPC ch. 3: BASIC, BASIC+).
public enum InventoryLevel: String, Sendable, Codable, CaseIterable {
    case basic = "BASIC"
    case basicPlus = "BASIC+"
}

/// One inventory line: a sector, subsector and scope with a figure or a notation key.
public struct InventoryEntry: Sendable, Codable, Equatable {
    public var sector: GPCSector
    public var subsector: String?
    /// GPC scope 1, 2 or 3.
    public var scope: Int
    /// Below 0 only in `afolu` (LULUCF removals, v1.1).
    public var tco2e: Double?
    /// Instead of `tco2e` when there is no figure (GPC §2.3 notation keys).
    public var notation: NotationKey?
    /// v1.1: the GPC reference number ("I.1.1", "V.1"); decides sector and subsector.
    public var gpcRef: String?

    public init(sector: GPCSector, subsector: String? = nil, scope: Int, tco2e: Double? = nil, notation: NotationKey? = nil, gpcRef: String? = nil) {
        self.gpcRef = gpcRef
        self.sector = sector
        self.subsector = subsector
        self.scope = scope
        self.tco2e = tco2e
        self.notation = notation
    }
}

/// The five GPC sectors (GPC ch. 2, Table 2.1).
public enum GPCSector: String, Sendable, Codable, CaseIterable {
    case stationaryEnergy = "stationary_energy"
    case transport
    case waste
    case ippu
    case afolu
}

/// GPC notation keys (GPC §2.3): Not Occurring, Not Estimated, Included Elsewhere, Confidential.
public enum NotationKey: String, Sendable, Codable, CaseIterable {
    case no = "NO"
    case ne = "NE"
    case ie = "IE"
    case c = "C"
}
