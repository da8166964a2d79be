/// A job body after parsing: the JSON document, the content hash, and the problems found so far.
///
/// Splitting `parse` from `review` lets the worker and the benchmark time the two halves; most
/// callers use `Reviewer.review(body:envelope:)`.
public struct ParsedBody: Sendable {
    /// nil when the body is over the size cap or not JSON.
    public let document: JSONDocument?
    /// `sha256:` of the canonical JSON, of the raw bytes when the body is not JSON, nil when over
    /// the size cap.
    public let contentHash: String?
    /// Size, syntax, encoding and duplicate-key problems.
    public let issues: [ValidationIssue]
}

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
        let defaultRuleset = configuration.rulesets[ReviewConfiguration.defaultRulesetId]
        var issues = envelopeIssues(envelope)
        issues += parsed.issues

        guard let document = parsed.document else {
            return rejected(
                jobId: envelope.messageId ?? "", envelope: envelope, municipality: nil,
                ruleset: RulesetRef(id: ReviewConfiguration.defaultRulesetId, version: defaultRuleset?.version),
                language: .da, issues: issues, contentHash: parsed.contentHash)
        }

        var mapper = JobMapper(doc: document, configuration: configuration)
        let job = mapper.mapJob()
        issues += mapper.issues

        // jobId: the AMQP message_id, when set, must equal the body's jobId (CONTRACT.md).
        if let bodyId = mapper.jobId, let messageId = envelope.messageId, bodyId != messageId {
            issues.append(ValidationIssue(pointer: "/jobId", reason: "'\(bodyId.prefix(80))' does not match the AMQP message_id '\(messageId.prefix(80))'", code: .jobIdMismatch))
        } else if mapper.jobId == nil, envelope.messageId == nil, document.kind(document.root) == .object,
            !issues.contains(where: { $0.pointer == "/jobId" })
        {
            issues.append(ValidationIssue(pointer: "/jobId", reason: "required: neither jobId nor the AMQP message_id is set", code: .missingJobId))
        }
        let jobId = mapper.jobId ?? envelope.messageId ?? ""
        let requestedRuleset = mapper.rulesetId ?? ReviewConfiguration.defaultRulesetId
        let ruleset = configuration.rulesets[requestedRuleset]
        let rulesetRef = RulesetRef(id: requestedRuleset, version: ruleset?.version)
        let language = mapper.language ?? .da

        if let job {
            issues += JobValidator.validate(job, residualSharePercent: (ruleset ?? defaultRuleset)?.pathway.residualSharePercent ?? 0, positions: mapper.positions)
        }
        guard issues.isEmpty, let job, let ruleset else {
            return rejected(
                jobId: jobId, envelope: envelope, municipality: mapper.municipality, ruleset: rulesetRef,
                language: language, issues: issues, contentHash: parsed.contentHash)
        }

        let pathway = PathwayCalculator.compute(job: job, ruleset: ruleset)
        let rules = ComplianceEvaluator.evaluate(job: job, pathway: pathway, ruleset: ruleset, language: language)
        return ReviewResult(
            jobId: jobId, correlationId: envelope.correlationId,
            status: ComplianceEvaluator.status(for: rules),
            municipality: mapper.municipality, ruleset: rulesetRef, language: language,
            scores: ComplianceEvaluator.scores(for: rules, ruleset: ruleset),
            rules: rules, pathway: pathway, errors: nil, contentHash: parsed.contentHash)
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
        return ReviewResult(
            jobId: jobId, correlationId: envelope.correlationId, status: .rejected, municipality: municipality,
            ruleset: ruleset, language: language, scores: nil, rules: [], pathway: nil, errors: issues,
            contentHash: contentHash)
    }

    /// The AMQP properties a job may carry: JSON, not compressed, of the job type.
    private func envelopeIssues(_ envelope: JobEnvelope) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if let contentType = envelope.contentType {
            let mediaType = contentType.split(separator: ";").first.map { $0.trimmingSpaces().lowercased() } ?? ""
            if mediaType != "application/json" {
                issues.append(ValidationIssue(pointer: "", reason: "content_type '\(contentType.prefix(80))' is not application/json", code: .unsupportedContentType))
            }
        }
        if let encoding = envelope.contentEncoding, !["", "identity", "utf-8", "utf8"].contains(encoding.lowercased()) {
            issues.append(ValidationIssue(pointer: "", reason: "content_encoding '\(encoding.prefix(80))' is not supported: send uncompressed UTF-8", code: .unsupportedContentEncoding))
        }
        if let type = envelope.type, type != JobEnvelope.jobType {
            issues.append(ValidationIssue(pointer: "", reason: "message type '\(type.prefix(80))' is not \(JobEnvelope.jobType)", code: .unsupportedMessageType))
        }
        return issues
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
