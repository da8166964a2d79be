/// `plan.adaptation`: climate risk assessment, goals and actions (CAPF pillar on adaptation).
public struct Adaptation: Sendable, Codable, Equatable {
    public var riskAssessment: RiskAssessment?
    public var goals: [AdaptationGoal]?
    public var actions: [AdaptationAction]?

    public init(riskAssessment: RiskAssessment? = nil, goals: [AdaptationGoal]? = nil, actions: [AdaptationAction]? = nil) {
        self.riskAssessment = riskAssessment
        self.goals = goals
        self.actions = actions
    }
}

public struct RiskAssessment: Sendable, Codable, Equatable {
    /// Climate scenario, e.g. "RCP8.5" or "SSP2-4.5".
    public var scenario: String?
    public var horizonYear: Int?
    public var hazards: [HazardAssessment]?

    public init(scenario: String? = nil, horizonYear: Int? = nil, hazards: [HazardAssessment]? = nil) {
        self.scenario = scenario
        self.horizonYear = horizonYear
        self.hazards = hazards
    }
}

public struct HazardAssessment: Sendable, Codable, Equatable {
    public var hazard: ClimateHazard
    /// Free text in v1 (`low`, `medium`, `high`).
    public var likelihood: String?
    public var consequence: String?

    public init(hazard: ClimateHazard, likelihood: String? = nil, consequence: String? = nil) {
        self.hazard = hazard
        self.likelihood = likelihood
        self.consequence = consequence
    }
}

/// The hazards of the contract (CONTRACT.md, `plan.adaptation`).
public enum ClimateHazard: String, Sendable, Codable, CaseIterable {
    case cloudburst
    case stormSurge = "storm_surge"
    case seaLevelRise = "sea_level_rise"
    case groundwater
    case heat
    case drought
    case riverFlooding = "river_flooding"
    case coastalErosion = "coastal_erosion"
}

public struct AdaptationGoal: Sendable, Codable, Equatable {
    public var hazard: ClimateHazard?
    public var text: String?
    public var year: Int?

    public init(hazard: ClimateHazard? = nil, text: String? = nil, year: Int? = nil) {
        self.hazard = hazard
        self.text = text
        self.year = year
    }
}

public struct AdaptationAction: Sendable, Codable, Equatable {
    public var id: String?
    public var title: String?
    public var hazards: [ClimateHazard]?
    public var startYear: Int?
    public var costDkk: Double?
    public var owner: String?

    public init(id: String? = nil, title: String? = nil, hazards: [ClimateHazard]? = nil, startYear: Int? = nil, costDkk: Double? = nil, owner: String? = nil) {
        self.id = id
        self.title = title
        self.hazards = hazards
        self.startYear = startYear
        self.costDkk = costDkk
        self.owner = owner
    }
}
