/// The result of a progress job (`schema: "planreview.progress-result/v1"`, AMQP type
/// `planreview.progress-result.v1`, routing key `progress.<kommunekode>.<status>`).
///
/// Field names are the contract's (CONTRACT.md, "Progress job") and docs/CONTRACT.md's. Every field
/// is written, as null when it has no value, except `errors` (only rejected) and `timings` (only
/// when the worker set it). Formulas: docs/DOMAIN.md, "Progress".
public struct ProgressResult: Sendable, Codable, Equatable {
    public var schema: String = ContractSchemas.progressResult
    public var jobId: String
    public var correlationId: String?
    public var status: ProgressStatus
    public var municipality: MunicipalityRef?
    public var ruleset: RulesetRef
    public var language: Language
    /// The report's date (the job's `referenceDate`, else the AMQP timestamp's date).
    public var referenceDate: String?
    /// The plan measured against; nil when rejected.
    public var plan: ProgressPlanRef?
    /// The pillar scores of the plan's review; nil when rejected.
    public var scores: Scores?
    /// What the reported figures cover: all sectors, or the sectors the latest year reports.
    public var scope: ProgressScope?
    /// Every reported year of the scope, oldest first.
    public var reportedYears: [ReportedYear] = []
    public var verdict: ProgressVerdict?
    public var rates: ProgressRates?
    /// The least-squares line through the reported years (Klimatkollen's trend), extended.
    public var trend: ProgressTrend?
    /// The plan's actions with their reported status; the ones behind or cancelled say what they take out.
    public var actions: [ActionProgress] = []
    /// The scope's planned and target lines, and the planned line without what the lagging actions take out.
    public var trajectory: ProgressTrajectory?
    /// Sector reports: the latest reported year of each sector against that sector's lines.
    public var sectors: [SectorProgress] = []
    /// Only when rejected: every problem found.
    public var errors: [ValidationIssue]?
    public var notes: [ResultNote] = []
    public var contentHash: String?
    public var worker: WorkerInfo?
    public var timings: ReviewTimings?

    public init(
        jobId: String, correlationId: String?, status: ProgressStatus, municipality: MunicipalityRef?, ruleset: RulesetRef,
        language: Language, contentHash: String?
    ) {
        self.jobId = jobId
        self.correlationId = correlationId
        self.status = status
        self.municipality = municipality
        self.ruleset = ruleset
        self.language = language
        self.contentHash = contentHash
    }

    /// `progress.<kommunekode>.<status>`, e.g. `progress.540.off_track`; `progress.unknown.rejected`
    /// without a valid code.
    public var routingKey: String {
        "\(ResultRoutingPrefix.progress).\(municipality.map { String($0.code) } ?? "unknown").\(status.rawValue)"
    }
}

public enum ProgressStatus: String, Sendable, Codable, CaseIterable {
    case onTrack = "on_track"
    case offTrack = "off_track"
    case insufficientData = "insufficient_data"
    case rejected
}

/// The plan a progress result measured against.
public struct ProgressPlanRef: Sendable, Codable, Equatable {
    public var title: String?
    public var adoptedByCouncil: String?
    /// The status the plan's own review gives it (`compliant`, `non_compliant`, `incomplete`).
    public var reviewStatus: ReviewStatus
    /// `contentHash` of the embedded `planJob` (what its review's `contentHash` is); nil for `plan`.
    public var contentHash: String?
    /// The job's `planContentHash`, echoed.
    public var statedContentHash: String?

    public init(title: String?, adoptedByCouncil: String?, reviewStatus: ReviewStatus, contentHash: String?, statedContentHash: String?) {
        self.title = title
        self.adoptedByCouncil = adoptedByCouncil
        self.reviewStatus = reviewStatus
        self.contentHash = contentHash
        self.statedContentHash = statedContentHash
    }
}

/// The sectors a progress result compares; `sectors` nil means all (reported totals).
public struct ProgressScope: Sendable, Codable, Equatable {
    public var sectors: [GPCSector]?
    public var baseYear: Int
    /// The scope's base-year inventory total.
    public var baselineTco2e: Double

    public init(sectors: [GPCSector]?, baseYear: Int, baselineTco2e: Double) {
        self.sectors = sectors
        self.baseYear = baseYear
        self.baselineTco2e = baselineTco2e
    }
}

/// One reported year: reported against planned and target; deviations > 0 are above the line.
public struct ReportedYear: Sendable, Codable, Equatable {
    public var year: Int
    public var reportedTco2e: Double
    /// nil outside the pathway's years (before the base year).
    public var plannedTco2e: Double?
    public var targetTco2e: Double?
    /// reported − planned.
    public var deviationTco2e: Double?
    /// 100 × (reported − planned) / planned; nil when planned ≤ 0.
    public var deviationPercent: Double?
    /// reported − target.
    public var targetDeviationTco2e: Double?
    public var targetDeviationPercent: Double?

    public init(year: Int, reportedTco2e: Double, plannedTco2e: Double? = nil, targetTco2e: Double? = nil, deviationTco2e: Double? = nil, deviationPercent: Double? = nil, targetDeviationTco2e: Double? = nil, targetDeviationPercent: Double? = nil) {
        self.year = year
        self.reportedTco2e = reportedTco2e
        self.plannedTco2e = plannedTco2e
        self.targetTco2e = targetTco2e
        self.deviationTco2e = deviationTco2e
        self.deviationPercent = deviationPercent
        self.targetDeviationTco2e = targetDeviationTco2e
        self.targetDeviationPercent = targetDeviationPercent
    }
}

/// The latest reported year's verdict and the criteria that decided it.
public struct ProgressVerdict: Sendable, Codable, Equatable {
    /// The latest reported year of the scope; nil when none was reported.
    public var year: Int?
    /// Reference year − `year`.
    public var ageYears: Int?
    public var tolerancePercent: Double
    public var maxDataAgeYears: Int
    public var criteria: [VerdictCriterion]
    public var message: String

    public init(year: Int?, ageYears: Int?, tolerancePercent: Double, maxDataAgeYears: Int, criteria: [VerdictCriterion], message: String) {
        self.year = year
        self.ageYears = ageYears
        self.tolerancePercent = tolerancePercent
        self.maxDataAgeYears = maxDataAgeYears
        self.criteria = criteria
        self.message = message
    }
}

/// One criterion of "on track" (docs/DOMAIN.md): `data_recent`, `latest_within_plan`,
/// `next_target_rate_achievable`, `actions_keep_pathway`; `met` nil when it cannot be judged.
public struct VerdictCriterion: Sendable, Codable, Equatable {
    public var id: String
    public var met: Bool?
    public var message: String

    public init(id: String, met: Bool?, message: String) {
        self.id = id
        self.met = met
        self.message = message
    }
}

/// The annual rates: achieved so far, needed to the next target and to net zero.
public struct ProgressRates: Sendable, Codable, Equatable {
    public var achieved: AchievedRate?
    public var nextTarget: NeededRate?
    public var netZero: NeededRate?
    /// The ruleset's cap on a needed rate that counts as achievable (unless achieved already).
    public var achievableRateCap: Double

    public init(achieved: AchievedRate?, nextTarget: NeededRate?, netZero: NeededRate?, achievableRateCap: Double) {
        self.achieved = achieved
        self.nextTarget = nextTarget
        self.netZero = netZero
        self.achievableRateCap = achievableRateCap
    }
}

/// Geometric mean annual reduction between the first and latest reported years: 1 − (E_L/E_F)^(1/(L−F)).
public struct AchievedRate: Sendable, Codable, Equatable {
    public var fromYear: Int
    public var toYear: Int
    /// > 0 is a reduction.
    public var annualRate: Double

    public init(fromYear: Int, toYear: Int, annualRate: Double) {
        self.fromYear = fromYear
        self.toYear = toYear
        self.annualRate = annualRate
    }
}

/// The constant rate needed from the latest reported year to a target: 1 − (T/E_L)^(1/(Y−L)),
/// nil when T ≤ 0; and the straight line, in t a year and as a share of E_L.
public struct NeededRate: Sendable, Codable, Equatable {
    public var year: Int
    public var targetTco2e: Double
    public var annualRate: Double?
    public var linearTco2ePerYear: Double
    public var linearShareOfLatest: Double?

    public init(year: Int, targetTco2e: Double, annualRate: Double?, linearTco2ePerYear: Double, linearShareOfLatest: Double?) {
        self.year = year
        self.targetTco2e = targetTco2e
        self.annualRate = annualRate
        self.linearTco2ePerYear = linearTco2ePerYear
        self.linearShareOfLatest = linearShareOfLatest
    }
}

/// The least-squares line through the reported years of the scope, extended to `projectionYear`.
public struct ProgressTrend: Sendable, Codable, Equatable {
    public var fromYear: Int
    public var toYear: Int
    /// < 0 is a decline.
    public var slopeTco2ePerYear: Double
    public var projectionYear: Int
    public var projectedTco2e: Double
    /// The year the line reaches zero; nil when it does not decline.
    public var zeroYear: Int?

    public init(fromYear: Int, toYear: Int, slopeTco2ePerYear: Double, projectionYear: Int, projectedTco2e: Double, zeroYear: Int?) {
        self.fromYear = fromYear
        self.toYear = toYear
        self.slopeTco2ePerYear = slopeTco2ePerYear
        self.projectionYear = projectionYear
        self.projectedTco2e = projectedTco2e
        self.zeroYear = zeroYear
    }
}

/// A plan action with its reported status and what a delay or cancellation takes out.
public struct ActionProgress: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var sector: GPCSector
    /// `on_schedule`, `completed`, `behind_schedule`, `paused`, `cancelled`, `not_reported`, `unknown_status`.
    public var assessment: String
    public var planStatus: String?
    public var reportedStatus: String?
    public var startYear: Int?
    public var fullEffectYear: Int?
    /// The plan's reduction in the year before the reference date (the last full year).
    public var expectedTco2e: Double?
    public var achievedTco2e: Double?
    /// What the action's delay or cancellation takes out of the planned pathway in the assessment year.
    public var lostTco2e: Double
    public var note: String?

    public init(id: String, title: String, sector: GPCSector, assessment: String, planStatus: String?, reportedStatus: String?, startYear: Int?, fullEffectYear: Int?, expectedTco2e: Double?, achievedTco2e: Double?, lostTco2e: Double, note: String?) {
        self.id = id
        self.title = title
        self.sector = sector
        self.assessment = assessment
        self.planStatus = planStatus
        self.reportedStatus = reportedStatus
        self.startYear = startYear
        self.fullEffectYear = fullEffectYear
        self.expectedTco2e = expectedTco2e
        self.achievedTco2e = achievedTco2e
        self.lostTco2e = lostTco2e
        self.note = note
    }
}

/// The scope's yearly lines from the base year: planned (the plan as reviewed), target, and planned
/// without what the lagging actions take out (`adjustedPlannedTco2e`); `lostTco2e` = adjusted − planned.
public struct ProgressTrajectory: Sendable, Codable, Equatable {
    public var years: [Int]
    public var targetTco2e: [Double]
    public var plannedTco2e: [Double]
    public var adjustedPlannedTco2e: [Double]
    public var lostTco2e: [Double]
    /// The year `actions[].lostTco2e` is read in: the next target year after the latest report.
    public var assessmentYear: Int
    public var netZeroTargetYear: Int?

    public init(years: [Int], targetTco2e: [Double], plannedTco2e: [Double], adjustedPlannedTco2e: [Double], lostTco2e: [Double], assessmentYear: Int, netZeroTargetYear: Int?) {
        self.years = years
        self.targetTco2e = targetTco2e
        self.plannedTco2e = plannedTco2e
        self.adjustedPlannedTco2e = adjustedPlannedTco2e
        self.lostTco2e = lostTco2e
        self.assessmentYear = assessmentYear
        self.netZeroTargetYear = netZeroTargetYear
    }
}

/// A sector's latest report against the sector's own planned and target lines.
public struct SectorProgress: Sendable, Codable, Equatable {
    public var sector: GPCSector
    public var year: Int
    public var reportedTco2e: Double
    public var baselineTco2e: Double
    public var plannedTco2e: Double?
    public var targetTco2e: Double?
    public var deviationTco2e: Double?
    public var deviationPercent: Double?

    public init(sector: GPCSector, year: Int, reportedTco2e: Double, baselineTco2e: Double, plannedTco2e: Double?, targetTco2e: Double?, deviationTco2e: Double?, deviationPercent: Double?) {
        self.sector = sector
        self.year = year
        self.reportedTco2e = reportedTco2e
        self.baselineTco2e = baselineTco2e
        self.plannedTco2e = plannedTco2e
        self.targetTco2e = targetTco2e
        self.deviationTco2e = deviationTco2e
        self.deviationPercent = deviationPercent
    }
}
