/// The outcome of one compliance rule: `{id, capf, pillar, severity, status, message, evidence[]}`.
public struct RuleResult: Sendable, Codable, Equatable {
    public var id: String
    /// The Danish CAPF item, e.g. "2.3".
    public var capf: String
    /// CAPF pillar "1", "2" or "3".
    public var pillar: String
    public var severity: RuleSeverity
    public var status: RuleStatus
    /// In the job's language.
    public var message: String
    /// JSON Pointers into the job.
    public var evidence: [String]

    public init(id: String, capf: String, pillar: String, severity: RuleSeverity, status: RuleStatus, message: String, evidence: [String] = []) {
        self.id = id
        self.capf = capf
        self.pillar = pillar
        self.severity = severity
        self.status = status
        self.message = message
        self.evidence = evidence
    }
}

public enum RuleSeverity: String, Sendable, Codable, CaseIterable {
    case essential, recommended
}

/// `incomplete`: the rule could not be evaluated (CONTRACT.md: missing optional sections lead to
/// `fail`, `not_applicable` or `incomplete`).
public enum RuleStatus: String, Sendable, Codable, CaseIterable {
    case pass, fail, warn
    case notApplicable = "not_applicable"
    case incomplete
}
