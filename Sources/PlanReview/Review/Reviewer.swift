import PlanReviewContract
import PlanReviewJSON

/// Reviews job bodies: parse, validate, compute the pathway, evaluate the rules.
///
/// Pure and deterministic: the same body and envelope give the same result bytes. Never throws
/// and never traps on any input: unreadable input gives a `rejected` result listing the problems
/// found (up to `maxIssues`, then their count).
///
/// Bounded whatever the body (issue 11, docs/RELIABILITY.md "Hostile input"): issues past the cap are
/// counted without building their pointer or reason, pointers and echoed values are cut to
/// `maxPointerBytes` / `maxEchoBytes`, and every result encodes to at most `maxResultBytes` minus
/// `resultHeadroomBytes` (a result that would not is replaced by a short `result_too_large` one).
public struct Reviewer: Sendable {
    public let configuration: ReviewConfiguration

    /// Bytes of `maxResultBytes` left free for what the worker adds to a result after the review
    /// (`worker` and `timings`: about 150 bytes).
    public static let resultHeadroomBytes = 4_096

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
        var issues = IssueList(limits: limits)
        guard let document = JSONParser.parse(body, limits: limits, issues: &issues) else {
            return ParsedBody(document: nil, contentHash: SHA256.prefixedHex(body), issues: issues.finished())
        }
        let (hash, duplicates) = CanonicalJSON.contentHash(document)
        for key in duplicates {
            // Past the cap: counted, no pointer built.
            issues.add(
                .duplicateKey, at: document.pointerText(to: key, maxBytes: limits.maxPointerBytes),
                "duplicate key '\(IssueText.echo(String(decoding: document.keyBytes(key).prefix(limits.maxEchoBytes + 4), as: UTF8.self), maxBytes: limits.maxEchoBytes))'")
        }
        return ParsedBody(document: document, contentHash: hash, issues: issues.finished())
    }

    /// Validation, pathway and rules on a parsed body.
    public func review(parsed: ParsedBody, envelope: JobEnvelope = JobEnvelope()) -> ReviewResult {
        var issues = IssueList(limits: configuration.limits)
        envelopeIssues(envelope, into: &issues)
        issues.merge(parsed.issues)

        guard let document = parsed.document else {
            let defaultRuleset = configuration.rulesets[ContractDefaults.rulesetId]
            return rejected(
                jobId: envelope.messageId ?? "", envelope: envelope, municipality: nil,
                ruleset: RulesetRef(id: ContractDefaults.rulesetId, version: defaultRuleset?.version),
                language: .da, issues: issues, contentHash: parsed.contentHash)
        }

        var mapper = JobMapper(doc: document, configuration: configuration)
        let job = mapper.mapJob()
        issues.merge(mapper.issues)
        return complete(
            job: job, issues: issues, positions: mapper.positions, bodyJobId: mapper.jobId,
            bodyIsObject: document.kind(document.root) == .object, municipality: mapper.municipality,
            rulesetId: mapper.rulesetId, language: mapper.language, envelope: envelope, contentHash: parsed.contentHash)
    }

    /// Reviews a job given as a value (built in code, or decoded elsewhere): the same checks as
    /// for a body, minus the JSON ones, then the pathway and the rules. `contentHash` is echoed.
    public func review(job: Job, envelope: JobEnvelope = JobEnvelope(), contentHash: String? = nil) -> ReviewResult {
        var issues = IssueList(limits: configuration.limits)
        envelopeIssues(envelope, into: &issues)
        if job.schema != ContractSchemas.job {
            issues.add(.unknownSchema, at: "/schema", "unknown schema '\(echo(job.schema))': expected \(ContractSchemas.job)")
        }
        let municipality = configuration.municipalities[job.municipality.code]
        if municipality == nil {
            issues.add(.unknownKommunekode, at: "/municipality/code", "unknown kommunekode \(job.municipality.code)")
        }
        if let id = job.ruleset, configuration.rulesets[id] == nil {
            let known = configuration.rulesets.keys.sorted().joined(separator: ", ")
            issues.add(.unknownRuleset, at: "/ruleset", "unknown ruleset '\(echo(id))' (known: \(known))")
        }
        issues.merge(JobValueValidator.validate(job))
        return complete(
            job: job, issues: issues, positions: JobPositions(), bodyJobId: job.jobId, bodyIsObject: true,
            municipality: municipality, rulesetId: job.ruleset, language: job.language, envelope: envelope, contentHash: contentHash)
    }

    /// The part shared by both entry points: jobId against the envelope, consistency checks,
    /// then either a rejected result or the pathway and the rules.
    private func complete(
        job: Job?, issues: IssueList, positions: JobPositions, bodyJobId: String?, bodyIsObject: Bool,
        municipality: MunicipalityRef?, rulesetId: String?, language: Language?, envelope: JobEnvelope, contentHash: String?
    ) -> ReviewResult {
        var issues = issues
        let defaultRuleset = configuration.rulesets[ContractDefaults.rulesetId]
        // jobId: the AMQP message_id, when set, must equal the body's jobId (CONTRACT.md).
        if let bodyJobId, let messageId = envelope.messageId, bodyJobId != messageId {
            issues.add(.jobIdMismatch, at: "/jobId", "'\(echo(bodyJobId))' does not match the AMQP message_id '\(echo(messageId))'")
        } else if bodyJobId == nil, envelope.messageId == nil, bodyIsObject, !issues.issues.contains(where: { $0.pointer == "/jobId" }) {
            issues.add(.missingJobId, at: "/jobId", "required: neither jobId nor the AMQP message_id is set")
        }
        let jobId = bodyJobId ?? envelope.messageId ?? ""
        let requestedRuleset = rulesetId ?? ContractDefaults.rulesetId
        let ruleset = rulesetId == nil ? defaultRuleset : configuration.rulesets[requestedRuleset]
        let rulesetRef = RulesetRef(id: requestedRuleset, version: ruleset?.version)
        let language = language ?? .da

        var reading: PlanReading?
        if let job {
            let residualShare = ruleset?.pathway.residualSharePercent ?? defaultRuleset?.pathway.residualSharePercent ?? 0
            issues.merge(JobValidator.validate(job, residualSharePercent: residualShare, positions: positions))
            reading = PlanReading(job, gpc: configuration.gpc, language: language)
            issues.merge(reading?.issues ?? [])
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
        return bounded(ReviewResult(
            jobId: jobId, correlationId: envelope.correlationId,
            status: ComplianceEvaluator.status(for: rules),
            municipality: municipality, ruleset: rulesetRef, language: language,
            scores: ComplianceEvaluator.scores(for: rules, ruleset: ruleset),
            rules: rules, pathway: pathway, errors: nil, contentHash: contentHash,
            notes: notes, inventory: job.plan.inventory?.source.map { ResultInventory(source: $0) }, detail: job.effectiveDetail))
    }

    private func rejected(
        jobId: String, envelope: JobEnvelope, municipality: MunicipalityRef?, ruleset: RulesetRef,
        language: Language, issues: IssueList, contentHash: String?
    ) -> ReviewResult {
        let limits = configuration.limits
        // In the job's language (v1.1; the code stays the stable key), then every pointer and reason
        // within its bound, whoever built it.
        let errors = issues.finished().map { issue in
            var issue = issue
            if language != .en { issue.reason = ValidationText.localized(issue.reason, language) }
            issue.pointer = IssueText.pointer(issue.pointer, maxBytes: limits.maxPointerBytes)
            issue.reason = IssueText.echo(issue.reason, maxBytes: ValidationLimits.maxReasonBytes)
            return issue
        }
        return bounded(ReviewResult(
            jobId: jobId, correlationId: envelope.correlationId, status: .rejected, municipality: municipality,
            ruleset: ruleset, language: language, scores: nil, rules: [], pathway: nil, errors: errors,
            contentHash: contentHash))
    }

    /// `result`, or when its JSON would take more than `maxResultBytes − resultHeadroomBytes` a short
    /// `rejected` result that says so (`result_too_large`) and keeps what identifies the job.
    private func bounded(_ result: ReviewResult) -> ReviewResult {
        let cap = max(configuration.limits.maxResultBytes - Self.resultHeadroomBytes, 1_024)
        // The upper bound spares encoding every result twice (it is far below the cap for real plans).
        guard result.encodedByteCountUpperBound() > cap else { return result }
        let size = result.encodedByteCount()
        guard size > cap else { return result }
        let limit = configuration.limits.maxResultBytes
        let errorCount = result.errors.map { $0.count }
        let reason =
            switch result.language {
            case .da:
                "resultatet (\(result.status.rawValue)) ville fylde \(size) byte, over grænsen på \(limit)"
                    + (errorCount.map { " (\($0) fejl)" } ?? "") + ": ret de viste problemer først, eller del planen op"
            case .en:
                "the \(result.status.rawValue) result would be \(size) bytes, over the limit of \(limit)"
                    + (errorCount.map { " (\($0) errors)" } ?? "") + ": fix the problems reported first or split the plan"
            }
        let issue = ValidationIssue(pointer: "", reason: reason, code: .resultTooLarge)
        var short = ReviewResult(
            jobId: result.jobId, correlationId: result.correlationId, status: .rejected, municipality: result.municipality,
            ruleset: result.ruleset, language: result.language, scores: nil, rules: [], pathway: nil, errors: [issue],
            contentHash: result.contentHash)
        if short.encodedByteCount() > cap {
            // Only a configuration with a tiny cap or huge strings gets here: cut what is echoed.
            short.jobId = IssueText.echo(short.jobId, maxBytes: 255)
            short.correlationId = short.correlationId.map { IssueText.echo($0, maxBytes: 255) }
        }
        return short
    }

    /// A value of the body or envelope as echoed in a reason: at most `maxEchoBytes`.
    private func echo(_ text: String) -> String {
        IssueText.echo(text, maxBytes: configuration.limits.maxEchoBytes)
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
    private func envelopeIssues(_ envelope: JobEnvelope, into issues: inout IssueList) {
        if let contentType = envelope.contentType {
            let mediaType = contentType.split(separator: ";").first.map { $0.trimmingSpaces().lowercased() } ?? ""
            if !Self.acceptsMediaType(mediaType) {
                issues.add(.unsupportedContentType, at: "", "content_type '\(echo(contentType))' is not application/json")
            }
        }
        if let encoding = envelope.contentEncoding, !["", "identity", "utf-8", "utf8"].contains(encoding.lowercased()) {
            issues.add(.unsupportedContentEncoding, at: "", "content_encoding '\(echo(encoding))' is not supported: send uncompressed UTF-8")
        }
        if let type = envelope.type, type != ContractTypes.job {
            issues.add(.unsupportedMessageType, at: "", "message type '\(echo(type))' is not \(ContractTypes.job)")
        }
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
