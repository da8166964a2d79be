/// `plan.governance`: who is responsible, with what staff and partners.
public struct Governance: Sendable, Codable, Equatable {
    public var responsibleCommittee: String?
    public var staffFte: Double?
    public var partners: [String]?

    public init(responsibleCommittee: String? = nil, staffFte: Double? = nil, partners: [String]? = nil) {
        self.responsibleCommittee = responsibleCommittee
        self.staffFte = staffFte
        self.partners = partners
    }
}

/// `plan.engagement`: stakeholder engagement and equity (CAPF "inclusivity").
public struct Engagement: Sendable, Codable, Equatable {
    public var stakeholderGroups: [String]?
    public var methods: [String]?
    public var equityConsidered: Bool?

    public init(stakeholderGroups: [String]? = nil, methods: [String]? = nil, equityConsidered: Bool? = nil) {
        self.stakeholderGroups = stakeholderGroups
        self.methods = methods
        self.equityConsidered = equityConsidered
    }
}

/// `plan.monitoring`: reporting and revision.
public struct Monitoring: Sendable, Codable, Equatable {
    /// Free text in v1 (`annual`, `biennial`, ...).
    public var reportingCadence: String?
    public var indicators: [String]?
    public var revisionYear: Int?

    public init(reportingCadence: String? = nil, indicators: [String]? = nil, revisionYear: Int? = nil) {
        self.reportingCadence = reportingCadence
        self.indicators = indicators
        self.revisionYear = revisionYear
    }
}
