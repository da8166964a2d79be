import PlanReviewContract
import PlanReviewJSON

/// Reviews job bodies: parse, validate, compute the pathway, evaluate the rules.
///
/// Pure and deterministic: the same body and envelope give the same result bytes. Never throws
/// and never traps on any input: unreadable input gives a `rejected` result listing every
/// problem found.
public struct Reviewer: Sendable {
    public let configuration: ReviewConfiguration

    public init(configuration: ReviewConfiguration) {
        self.configuration = configuration
    }

    /// Pure and deterministic: same body + envelope -> same result bytes. Never throws, never
    /// traps on any input: unreadable input -> a result with status .rejected and errors[] (all
    /// problems found).
    public func review(body: [UInt8], envelope: JobEnvelope = JobEnvelope()) -> ReviewResult {
        review(parsed: parse(body: body), envelope: envelope)
    }

    /// Size check, JSON parse, canonical form and content hash.
    public func parse(body: [UInt8]) -> ParsedBody {
        let limits = configuration.limits
        guard body.count <= limits.maxBodyBytes else {
            return ParsedBody(document: nil, contentHash: nil, issues: [
                ValidationIssue(pointer: "", reason: "body is \(body.count) bytes, over the limit of \(limits.maxBodyBytes)", code: .bodyTooLarge)
            ])
        }
        let (document, parseIssues) = JSONParser.parse(body, limits: limits)
        guard let document else {
            return ParsedBody(document: nil, contentHash: SHA256.prefixedHex(body), issues: parseIssues)
        }
        let (hash, duplicates) = CanonicalJSON.contentHash(document)
        var issues = parseIssues
        for key in duplicates {
            let name = String(decoding: document.keyBytes(key), as: UTF8.self)
            issues.append(ValidationIssue(pointer: document.pointer(to: key).description, reason: "duplicate key '\(name.prefix(64))'", code: .duplicateKey))
        }
        return ParsedBody(document: document, contentHash: hash, issues: issues)
    }

    /// Validation, pathway and rules on a parsed body.
    public func review(parsed: ParsedBody, envelope: JobEnvelope = JobEnvelope()) -> ReviewResult {
        var issues = envelopeIssues(envelope)
        issues += parsed.issues

        guard let document = parsed.document else {
            let defaultRuleset = configuration.rulesets[ContractDefaults.rulesetId]
            return rejected(
                jobId: envelope.messageId ?? "", envelope: envelope, municipality: nil,
                ruleset: RulesetRef(id: ContractDefaults.rulesetId, version: defaultRuleset?.version),
                language: .da, issues: issues, contentHash: parsed.contentHash)
        }

        var mapper = JobMapper(doc: document, configuration: configuration)
        let job = mapper.mapJob()
        issues += mapper.issues
        return complete(
            job: job, issues: issues, positions: mapper.positions, bodyJobId: mapper.jobId,
            bodyIsObject: document.kind(document.root) == .object, municipality: mapper.municipality,
            rulesetId: mapper.rulesetId, language: mapper.language, envelope: envelope, contentHash: parsed.contentHash)
    }

    /// Reviews a job given as a value (built in code, or decoded elsewhere): the same checks as
    /// for a body, minus the JSON ones, then the pathway and the rules. `contentHash` is echoed.
    public func review(job: Job, envelope: JobEnvelope = JobEnvelope(), contentHash: String? = nil) -> ReviewResult {
        var issues = envelopeIssues(envelope)
        if job.schema != ContractSchemas.job {
            issues.append(ValidationIssue(pointer: "/schema", reason: "unknown schema '\(job.schema.prefix(64))': expected \(ContractSchemas.job)", code: .unknownSchema))
        }
        let municipality = configuration.municipalities[job.municipality.code]
        if municipality == nil {
            issues.append(ValidationIssue(pointer: "/municipality/code", reason: "unknown kommunekode \(job.municipality.code)", code: .unknownKommunekode))
        }
        if let id = job.ruleset, configuration.rulesets[id] == nil {
            let known = configuration.rulesets.keys.sorted().joined(separator: ", ")
            issues.append(ValidationIssue(pointer: "/ruleset", reason: "unknown ruleset '\(id.prefix(64))' (known: \(known))", code: .unknownRuleset))
        }
        issues += JobValueValidator.validate(job)
        return complete(
            job: job, issues: issues, positions: JobPositions(), bodyJobId: job.jobId, bodyIsObject: true,
            municipality: municipality, rulesetId: job.ruleset, language: job.language, envelope: envelope, contentHash: contentHash)
    }

    /// The part shared by both entry points: jobId against the envelope, consistency checks,
    /// then either a rejected result or the pathway and the rules.
    private func complete(
        job: Job?, issues: [ValidationIssue], positions: JobPositions, bodyJobId: String?, bodyIsObject: Bool,
        municipality: MunicipalityRef?, rulesetId: String?, language: Language?, envelope: JobEnvelope, contentHash: String?
    ) -> ReviewResult {
        var issues = issues
        let defaultRuleset = configuration.rulesets[ContractDefaults.rulesetId]
        // jobId: the AMQP message_id, when set, must equal the body's jobId (CONTRACT.md).
        if let bodyJobId, let messageId = envelope.messageId, bodyJobId != messageId {
            issues.append(ValidationIssue(pointer: "/jobId", reason: "'\(bodyJobId.prefix(80))' does not match the AMQP message_id '\(messageId.prefix(80))'", code: .jobIdMismatch))
        } else if bodyJobId == nil, envelope.messageId == nil, bodyIsObject, !issues.contains(where: { $0.pointer == "/jobId" }) {
            issues.append(ValidationIssue(pointer: "/jobId", reason: "required: neither jobId nor the AMQP message_id is set", code: .missingJobId))
        }
        let jobId = bodyJobId ?? envelope.messageId ?? ""
        let requestedRuleset = rulesetId ?? ContractDefaults.rulesetId
        let ruleset = rulesetId == nil ? defaultRuleset : configuration.rulesets[requestedRuleset]
        let rulesetRef = RulesetRef(id: requestedRuleset, version: ruleset?.version)
        let language = language ?? .da

        var reading: PlanReading?
        if let job {
            let residualShare = ruleset?.pathway.residualSharePercent ?? defaultRuleset?.pathway.residualSharePercent ?? 0
            issues += JobValidator.validate(job, residualSharePercent: residualShare, positions: positions)
            reading = PlanReading(job, gpc: configuration.gpc, language: language)
            issues += reading?.issues ?? []
        }
        guard issues.isEmpty, let reading, let ruleset else {
            return rejected(
                jobId: jobId, envelope: envelope, municipality: municipality, ruleset: rulesetRef,
                language: language, issues: issues, contentHash: contentHash)
        }

        var job = reading.job
        // v1.1: without `referenceDate` the review's "today" is the AMQP timestamp, else the
        // adoption date (RuleContext).
        if job.referenceDate == nil, let seconds = envelope.timestamp { job.referenceDate = Self.isoDate(secondsSince1970: seconds) }
        let pathway = PathwayCalculator.compute(job: job, ruleset: ruleset)
        var notes = reading.notes
        let rules = ComplianceEvaluator.evaluate(job: job, pathway: pathway, ruleset: ruleset, language: language, unknown: reading.unknown, notes: &notes)
        return ReviewResult(
            jobId: jobId, correlationId: envelope.correlationId,
            status: ComplianceEvaluator.status(for: rules),
            municipality: municipality, ruleset: rulesetRef, language: language,
            scores: ComplianceEvaluator.scores(for: rules, ruleset: ruleset),
            rules: rules, pathway: pathway, errors: nil, contentHash: contentHash,
            notes: notes, inventory: job.plan.inventory?.source.map { ResultInventory(source: $0) })
    }

    private func rejected(
        jobId: String, envelope: JobEnvelope, municipality: MunicipalityRef?, ruleset: RulesetRef,
        language: Language, issues: [ValidationIssue], contentHash: String?
    ) -> ReviewResult {
        var issues = issues
        let limit = configuration.limits.maxIssues
        if issues.count >= limit {
            issues.removeSubrange(limit...)
            issues.append(ValidationIssue(pointer: "", reason: "further problems are not listed (limit of \(limit))", code: .tooManyIssues))
        }
        // In the job's language (v1.1); the code stays the stable key.
        if language != .en { for i in issues.indices { issues[i].reason = ValidationText.localized(issues[i].reason, language) } }
        return ReviewResult(
            jobId: jobId, correlationId: envelope.correlationId, status: .rejected, municipality: municipality,
            ruleset: ruleset, language: language, scores: nil, rules: [], pathway: nil, errors: issues,
            contentHash: contentHash)
    }

    /// `YYYY-MM-DD` (UTC) of a Unix time (days to civil date: H. Hinnant's algorithm).
    package static func isoDate(secondsSince1970 seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    /// Media types whose body is read as the JSON it must be anyway (a body that is not JSON is
    /// rejected as `invalid_json`): `application/json` and `+json` types; `text/plain`, Spring AMQP's
    /// default for a String payload; `application/octet-stream`, its default for bytes. No content type
    /// at all is accepted too (amqp-publish sets none). Anything else (XML, Java serialization, form
    /// data) says the body is something else, and is rejected.
    static func acceptsMediaType(_ mediaType: String) -> Bool {
        mediaType == "application/json" || mediaType == "text/plain" || mediaType == "application/octet-stream"
            || mediaType.hasPrefix("application/") && mediaType.hasSuffix("+json") || mediaType.isEmpty
    }

    /// The AMQP properties a job may carry: JSON, not compressed, of the job type.
    private func envelopeIssues(_ envelope: JobEnvelope) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let contentType = envelope.contentType {
            let mediaType = contentType.split(separator: ";").first.map { $0.trimmingSpaces().lowercased() } ?? ""
            if !Self.acceptsMediaType(mediaType) {
                issues.append(ValidationIssue(pointer: "", reason: "content_type '\(contentType.prefix(80))' is not application/json", code: .unsupportedContentType))
            }
        }
        if let encoding = envelope.contentEncoding, !["", "identity", "utf-8", "utf8"].contains(encoding.lowercased()) {
            issues.append(ValidationIssue(pointer: "", reason: "content_encoding '\(encoding.prefix(80))' is not supported: send uncompressed UTF-8", code: .unsupportedContentEncoding))
        }
        if let type = envelope.type, type != ContractTypes.job {
            issues.append(ValidationIssue(pointer: "", reason: "message type '\(type.prefix(80))' is not \(ContractTypes.job)", code: .unsupportedMessageType))
        }
        return issues
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
