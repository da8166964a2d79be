/// A review result, message contract v1 (`schema: "planreview.result/v1"`).
///
/// Field names are the contract's (CONTRACT.md). Contract fields are always written, as null
/// when they have no value, except `errors`, which only a rejected result has. `timings` is
/// written only when the worker set it and is not part of the deterministic content.
public struct ReviewResult: Sendable, Codable, Equatable {
    public var schema: String = ContractSchemas.result
    /// The body's `jobId`, else the AMQP `message_id`, else "" (only for rejected results whose
    /// body could not be read and that had no `message_id`).
    public var jobId: String
    /// Echoed from the AMQP `correlation_id`.
    public var correlationId: String?
    public var status: ReviewStatus
    /// nil only when rejected before a valid kommunekode could be read.
    public var municipality: MunicipalityRef?
    /// The ruleset applied (or requested, when rejected); `version` is nil for an unknown id.
    public var ruleset: RulesetRef
    /// The language of the human texts (addition).
    public var language: Language
    /// nil when rejected.
    public var scores: Scores?
    public var rules: [RuleResult]
    /// nil when rejected or when the plan has no inventory to start a pathway from.
    public var pathway: Pathway?
    /// Only when rejected: every problem found.
    public var errors: [ValidationIssue]?
    /// `sha256:<hex>` of the canonical job content (of the raw body when it is not JSON); nil only
    /// for a body over the size cap, which is not read at all.
    public var contentHash: String?
    /// Remarks about the input (v1.1); empty when rejected (the errors say it all).
    public var notes: [ResultNote] = []
    /// The inventory's source, echoed (v1.1); nil without an inventory source.
    public var inventory: ResultInventory?
    /// Set by the worker before encoding.
    public var worker: WorkerInfo?
    /// Set by the worker before encoding; not part of determinism.
    public var timings: ReviewTimings?
    /// How much of the result is written (the job's `detail`); decoded as `full` from a result
    /// written before the field existed.
    public var detail: ResultDetail = .default

    public init(
        jobId: String, correlationId: String?, status: ReviewStatus, municipality: MunicipalityRef?,
        ruleset: RulesetRef, language: Language, scores: Scores?, rules: [RuleResult], pathway: Pathway?,
        errors: [ValidationIssue]?, contentHash: String?, worker: WorkerInfo? = nil, timings: ReviewTimings? = nil,
        notes: [ResultNote] = [], inventory: ResultInventory? = nil, detail: ResultDetail = .default
    ) {
        self.detail = detail
        self.notes = notes
        self.inventory = inventory
        self.jobId = jobId
        self.correlationId = correlationId
        self.status = status
        self.municipality = municipality
        self.ruleset = ruleset
        self.language = language
        self.scores = scores
        self.rules = rules
        self.pathway = pathway
        self.errors = errors
        self.contentHash = contentHash
        self.worker = worker
        self.timings = timings
    }

    /// Routing key for the results exchange: `result.<kommunekode>.<status>`, e.g.
    /// `result.316.non_compliant`; `result.unknown.rejected` when there is no valid code.
    public var routingKey: String {
        "result.\(municipality.map { String($0.code) } ?? "unknown").\(status.rawValue)"
    }
}

public enum ReviewStatus: String, Sendable, Codable, CaseIterable {
    case compliant
    case nonCompliant = "non_compliant"
    case incomplete
    case rejected
}

/// `{code, name}` with the name from the official list.
public struct MunicipalityRef: Sendable, Codable, Equatable, Hashable {
    public var code: Int
    public var name: String

    public init(code: Int, name: String) {
        self.code = code
        self.name = name
    }
}

public struct RulesetRef: Sendable, Codable, Equatable {
    public var id: String
    public var version: String?

    public init(id: String, version: String?) {
        self.id = id
        self.version = version
    }
}

/// 0–100 overall and per CAPF pillar ("1", "2", "3"), from the ruleset's weights.
public struct Scores: Sendable, Codable, Equatable {
    public var overall: Double
    public var pillars: PillarScores

    public init(overall: Double, pillars: PillarScores) {
        self.overall = overall
        self.pillars = pillars
    }
}

public struct PillarScores: Sendable, Codable, Equatable {
    public var pillar1: Double
    public var pillar2: Double
    public var pillar3: Double

    public init(pillar1: Double, pillar2: Double, pillar3: Double) {
        self.pillar1 = pillar1
        self.pillar2 = pillar2
        self.pillar3 = pillar3
    }

    package enum CodingKeys: String, CodingKey {
        case pillar1 = "1", pillar2 = "2", pillar3 = "3"
    }
}

public struct WorkerInfo: Sendable, Codable, Equatable {
    public var id: String
    public var version: String

    public init(id: String, version: String) {
        self.id = id
        self.version = version
    }
}

/// Measured by the worker; never part of the deterministic result content.
public struct ReviewTimings: Sendable, Codable, Equatable {
    /// Decode + review, µs.
    public var reviewMicroseconds: Double?
    /// Result encoding, µs.
    public var encodeMicroseconds: Double?
    /// From delivery to publish, ms.
    public var totalMilliseconds: Double?

    public init(reviewMicroseconds: Double? = nil, encodeMicroseconds: Double? = nil, totalMilliseconds: Double? = nil) {
        self.reviewMicroseconds = reviewMicroseconds
        self.encodeMicroseconds = encodeMicroseconds
        self.totalMilliseconds = totalMilliseconds
    }
}
