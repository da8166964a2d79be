/// `plan.actions[]`: a mitigation action. Its reduction ramps linearly from 0 in `startYear` to
/// `reductionTco2e` a year in `fullEffectYear` and stays there.
public struct MitigationAction: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var sector: GPCSector
    /// tCO2e a year at full effect; nil for an unquantified action (counts as 0 in the pathway).
    public var reductionTco2e: Double?
    /// Required when `reductionTco2e` is given.
    public var startYear: Int?
    /// nil means `startYear` (full effect at once).
    public var fullEffectYear: Int?
    public var owner: String?
    public var costDkk: Double?
    public var funding: String?
    public var staffFte: Double?
    /// `planned`, `adopted`, `in_progress`, `completed`, `paused`, `cancelled` or a Danish synonym
    /// (v1.1); other words are kept and noted.
    public var status: String?
    /// `reduction` (default), `removal` or `compensation`, or a Danish synonym (v1.1).
    public var kind: String?
    public var municipalPower: MunicipalPower?
    public var barriers: [String]?
    public var coBenefits: [String]?

    public init(
        id: String, title: String, sector: GPCSector, reductionTco2e: Double? = nil, startYear: Int? = nil,
        fullEffectYear: Int? = nil, owner: String? = nil, costDkk: Double? = nil, funding: String? = nil,
        staffFte: Double? = nil, status: String? = nil, municipalPower: MunicipalPower? = nil,
        barriers: [String]? = nil, coBenefits: [String]? = nil, kind: String? = nil
    ) {
        self.kind = kind
        self.id = id
        self.title = title
        self.sector = sector
        self.reductionTco2e = reductionTco2e
        self.startYear = startYear
        self.fullEffectYear = fullEffectYear
        self.owner = owner
        self.costDkk = costDkk
        self.funding = funding
        self.staffFte = staffFte
        self.status = status
        self.municipalPower = municipalPower
        self.barriers = barriers
        self.coBenefits = coBenefits
    }
}

/// How far the municipality controls an action (C40 CAPF "city powers": own, influence, none).
public enum MunicipalPower: String, Sendable, Codable, CaseIterable {
    case direct, influence, none
}
