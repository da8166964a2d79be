/// A progress job (CONTRACT.md, "Progress job"; `schema: "planreview.progress/v1"`, AMQP type
/// `planreview.progress.v1`): what a municipality reports against the plan it is measured by.
///
/// Workers are stateless, so the job carries the plan: `plan` (the plan job's `plan` object) or
/// `planJob` (the whole earlier plan job). Field names are the contract's; never rename them.
public struct ProgressJob: Sendable, Codable, Equatable {
    public var schema: String
    public var jobId: String?
    public var municipality: JobMunicipality
    /// Ruleset id; nil means "dk2020".
    public var ruleset: String?
    /// Language of every human text in the result; nil means Danish.
    public var language: Language?
    /// The plan as reviewed; nil when `planJob` carries it.
    public var plan: Plan?
    /// The whole earlier plan job; its `plan` is the one measured against.
    public var planJob: Job?
    /// `contentHash` of the plan's review; a mismatch is a note, not an error.
    public var planContentHash: String?
    public var reported: ProgressReport
    /// ISO date of the report: decides "past" and "now". nil: the AMQP timestamp.
    public var referenceDate: String?

    public init(
        schema: String = ContractSchemas.progress, jobId: String? = nil, municipality: JobMunicipality, ruleset: String? = nil,
        language: Language? = nil, plan: Plan? = nil, planJob: Job? = nil, planContentHash: String? = nil,
        reported: ProgressReport, referenceDate: String? = nil
    ) {
        self.schema = schema
        self.jobId = jobId
        self.municipality = municipality
        self.ruleset = ruleset
        self.language = language
        self.plan = plan
        self.planJob = planJob
        self.planContentHash = planContentHash
        self.reported = reported
        self.referenceDate = referenceDate
    }

    /// The plan measured against: `plan`, else `planJob.plan`.
    public var measuredPlan: Plan? { plan ?? planJob?.plan }
}

/// `reported`: emissions of past years and the status of the plan's actions now.
public struct ProgressReport: Sendable, Codable, Equatable {
    public var emissions: [ReportedEmissions]
    public var actions: [ReportedAction]?

    public init(emissions: [ReportedEmissions] = [], actions: [ReportedAction]? = nil) {
        self.emissions = emissions
        self.actions = actions
    }
}

/// `reported.emissions[]`: a reported total (or a sector total, with `sector`) for a past year,
/// e.g. from Energi- og CO2-regnskabet.
public struct ReportedEmissions: Sendable, Codable, Equatable {
    public var year: Int
    public var tco2e: Double
    /// nil: all sectors.
    public var sector: GPCSector?
    /// Where the figure comes from (an account and its vintage).
    public var source: String?

    public init(year: Int, tco2e: Double, sector: GPCSector? = nil, source: String? = nil) {
        self.year = year
        self.tco2e = tco2e
        self.sector = sector
        self.source = source
    }
}

/// `reported.actions[]`: the status of one of the plan's actions now.
public struct ReportedAction: Sendable, Codable, Equatable {
    /// The plan action's `id`.
    public var id: String
    /// A word of `plan.actions[].status` (or a Danish synonym).
    public var status: String
    /// What the action achieves now, tCO2e a year.
    public var achievedTco2e: Double?
    public var note: String?

    public init(id: String, status: String, achievedTco2e: Double? = nil, note: String? = nil) {
        self.id = id
        self.status = status
        self.achievedTco2e = achievedTco2e
        self.note = note
    }
}
