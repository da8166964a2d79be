import PlanReviewContract
import PlanReviewJSON

/// Reviews progress jobs (CONTRACT.md, "Progress job"): validates the job like a plan job (every
/// problem with a JSON Pointer, rejected only when it cannot be read), reviews the plan it carries
/// (for its pillar scores and pathway), and measures the report against that plan.
///
/// Pure and deterministic like `Reviewer`: never throws, never traps; same body and envelope give
/// the same result bytes.
public struct ProgressReviewer: Sendable {
    public let configuration: ReviewConfiguration

    public init(configuration: ReviewConfiguration) {
        self.configuration = configuration
    }

    public func review(body: [UInt8], envelope: JobEnvelope = JobEnvelope()) -> ProgressResult {
        review(parsed: Reviewer(configuration: configuration).parse(body: body), envelope: envelope)
    }

    public func review(parsed: ParsedBody, envelope: JobEnvelope = JobEnvelope()) -> ProgressResult {
        var issues = JobKind.envelopeIssues(envelope, expectedType: ContractTypes.progress)
        issues += parsed.issues
        let defaultRuleset = configuration.rulesets[ContractDefaults.rulesetId]
        guard let document = parsed.document else {
            return rejected(jobId: envelope.messageId ?? "", envelope: envelope, municipality: nil, ruleset: RulesetRef(id: ContractDefaults.rulesetId, version: defaultRuleset?.version), language: .da, issues: issues, contentHash: parsed.contentHash)
        }
        var mapper = JobMapper(doc: document, configuration: configuration)
        let mapped = mapper.mapProgressJob()
        issues += mapper.issues.finished()

        if let bodyJobId = mapper.jobId, let messageId = envelope.messageId, bodyJobId != messageId {
            issues.append(ValidationIssue(pointer: "/jobId", reason: "'\(bodyJobId.prefix(80))' does not match the AMQP message_id '\(messageId.prefix(80))'", code: .jobIdMismatch))
        } else if mapper.jobId == nil, envelope.messageId == nil, document.kind(document.root) == .object, !issues.contains(where: { $0.pointer == "/jobId" }) {
            issues.append(ValidationIssue(pointer: "/jobId", reason: "required: neither jobId nor the AMQP message_id is set", code: .missingJobId))
        }
        let jobId = mapper.jobId ?? envelope.messageId ?? ""
        let requested = mapper.rulesetId ?? ContractDefaults.rulesetId
        let ruleset = mapper.rulesetId == nil ? defaultRuleset : configuration.rulesets[requested]
        let rulesetRef = RulesetRef(id: requested, version: ruleset?.version)
        let language = mapper.language ?? .da

        let referenceDate = mapped.job?.referenceDate ?? envelope.timestamp.map { Reviewer.isoDate(secondsSince1970: $0) }
        if mapped.job != nil, referenceDate == nil, !issues.contains(where: { $0.pointer == "/referenceDate" }) {
            issues.append(ValidationIssue(pointer: "/referenceDate", reason: "required: neither referenceDate nor the AMQP timestamp is set", code: .missingField))
        }
        let referenceYear = referenceDate.flatMap { Int($0.prefix(4)) }

        // The plan, read and checked as a plan job's; pointers into `planJob` when it came that way.
        let prefix = mapped.planJobNode != nil ? "/planJob" : ""
        var reading: PlanReading?
        var planJob: Job?
        if let progress = mapped.job, let plan = progress.measuredPlan {
            let job = Job(jobId: jobId, municipality: progress.municipality, ruleset: progress.ruleset, language: language, plan: plan, referenceDate: referenceDate)
            let residualShare = ruleset?.pathway.residualSharePercent ?? 0
            issues += JobValidator.validate(job, residualSharePercent: residualShare, positions: mapper.positions).map { Self.prefixed($0, prefix) }
            let read = PlanReading(job, gpc: configuration.gpc, language: language)
            issues += read.issues.map { Self.prefixed($0, prefix) }
            reading = read
            planJob = job
        }
        if let referenceYear, let emissions = mapped.job?.reported.emissions {
            for (i, e) in emissions.enumerated() where e.year > referenceYear {
                let at = i < mapped.emissionPositions.count ? mapped.emissionPositions[i] : i
                issues.append(ValidationIssue(pointer: "/reported/emissions/\(at)/year", reason: "year \(e.year) is after the reference date \(referenceDate ?? "")", code: .outOfRange))
            }
        }
        guard issues.isEmpty, let progress = mapped.job, let reading, let ruleset, let referenceYear, planJob != nil else {
            return rejected(jobId: jobId, envelope: envelope, municipality: mapper.municipality, ruleset: rulesetRef, language: language, issues: issues, contentHash: parsed.contentHash)
        }

        var result = ProgressResult(jobId: jobId, correlationId: envelope.correlationId, status: .insufficientData, municipality: mapper.municipality, ruleset: rulesetRef, language: language, contentHash: parsed.contentHash)
        result.referenceDate = referenceDate
        let job = reading.job
        var notes = reading.notes.map { Self.prefixed($0, prefix) }
        let pathway = PathwayCalculator.compute(job: job, ruleset: ruleset)
        var planNotes: [ResultNote] = []
        let rules = ComplianceEvaluator.evaluate(job: job, pathway: pathway, ruleset: ruleset, language: language, unknown: reading.unknown, notes: &planNotes)
        notes += planNotes.filter { n in !notes.contains { $0.code == n.code && $0.pointer == prefix + n.pointer } }.map { Self.prefixed($0, prefix) }
        result.scores = ComplianceEvaluator.scores(for: rules, ruleset: ruleset)

        // The plan's identity: the embedded plan job's content hash against the stated one.
        var computedHash: String?
        if let node = mapped.planJobNode { computedHash = Self.subtreeHash(document, node, limits: configuration.limits) }
        if let stated = progress.planContentHash {
            if let computedHash, computedHash != stated {
                notes.append(ResultNote(pointer: "/planContentHash", code: "plan_content_hash_mismatch", message: ProgressText.hashMismatch(stated: stated, computed: computedHash, language)))
            } else if computedHash == nil {
                notes.append(ResultNote(pointer: "/planContentHash", code: "plan_content_hash_unchecked", message: ProgressText.hashUnchecked(language)))
            }
        }
        result.plan = ProgressPlanRef(
            title: job.plan.title, adoptedByCouncil: job.plan.adoptedByCouncil, reviewStatus: ComplianceEvaluator.status(for: rules),
            contentHash: computedHash, statedContentHash: progress.planContentHash)

        guard let pathway else {
            result.verdict = ProgressVerdict(
                year: nil, ageYears: nil, tolerancePercent: ruleset.progress.tolerancePercent, maxDataAgeYears: ruleset.progress.maxDataAgeYears,
                criteria: [VerdictCriterion(id: "data_recent", met: nil, message: ProgressText.noPathway(language))],
                message: ProgressText.verdict(.insufficientData, year: nil, language))
            result.notes = notes
            return result
        }
        let assessment = ProgressAssessment(job: job, pathway: pathway, ruleset: ruleset, report: progress.reported, referenceYear: referenceYear, language: language)
        result.status = assessment.status
        result.scope = assessment.scope
        result.reportedYears = assessment.reportedYears
        result.verdict = assessment.verdict
        result.rates = assessment.rates
        result.trend = assessment.trend
        result.actions = assessment.actions
        result.trajectory = assessment.trajectory
        result.sectors = assessment.sectors
        result.notes = notes + assessment.notes
        return result
    }

    private func rejected(jobId: String, envelope: JobEnvelope, municipality: MunicipalityRef?, ruleset: RulesetRef, language: Language, issues: [ValidationIssue], contentHash: String?) -> ProgressResult {
        var issues = issues
        let limit = configuration.limits.maxIssues
        if issues.count >= limit {
            issues.removeSubrange(limit...)
            issues.append(ValidationIssue(pointer: "", reason: "further problems are not listed (limit of \(limit))", code: .tooManyIssues))
        }
        if language != .en { for i in issues.indices { issues[i].reason = ValidationText.localized(issues[i].reason, language) } }
        var result = ProgressResult(jobId: jobId, correlationId: envelope.correlationId, status: .rejected, municipality: municipality, ruleset: ruleset, language: language, contentHash: contentHash)
        result.errors = issues
        return result
    }

    private static func prefixed(_ issue: ValidationIssue, _ prefix: String) -> ValidationIssue {
        guard !prefix.isEmpty, issue.pointer.hasPrefix("/plan") else { return issue }
        var issue = issue
        issue.pointer = prefix + issue.pointer
        return issue
    }

    private static func prefixed(_ note: ResultNote, _ prefix: String) -> ResultNote {
        guard !prefix.isEmpty, note.pointer.hasPrefix("/plan"), !note.pointer.hasPrefix(prefix) else { return note }
        var note = note
        note.pointer = prefix + note.pointer
        return note
    }

    /// `contentHash` of one value of the body (the embedded plan job), as its own review would
    /// compute it: the value's bytes, found by matching brackets outside strings, parsed again and
    /// hashed in canonical form.
    static func subtreeHash(_ doc: JSONDocument, _ node: Int, limits: ValidationLimits) -> String? {
        let bytes = doc.bytes
        let start = Int(doc.nodes[node].start)
        var depth = 0
        var inString = false
        var escaped = false
        var end = start
        while end < bytes.count {
            let c = bytes[end]
            if inString {
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { break }
            }
            end += 1
        }
        guard end < bytes.count else { return nil }
        let (sub, _) = JSONParser.parse(Array(bytes[start...end]), limits: limits)
        return sub.map { CanonicalJSON.contentHash($0).hash }
    }
}
