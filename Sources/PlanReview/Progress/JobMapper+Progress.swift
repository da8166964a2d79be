import PlanReviewContract
import PlanReviewJSON

extension ContractField {
    enum Progress: Int, ContractFields {
        case schema, jobId, municipality, ruleset, language, plan, planJob, planContentHash, reported, referenceDate
        static let fieldSet = makeFieldSet()
    }

    enum Reported: Int, ContractFields {
        case emissions, actions
        static let fieldSet = makeFieldSet()
    }

    enum ReportedEmissions: Int, ContractFields {
        case year, tco2e, sector, source
        static let fieldSet = makeFieldSet()
    }

    enum ReportedAction: Int, ContractFields {
        case id, status, achievedTco2e, note
        static let fieldSet = makeFieldSet()
    }
}

/// A progress job read from its body (CONTRACT.md, "Progress job"): the header as for a plan job,
/// the plan through the plan job's readers (so its problems carry pointers into this body), the
/// report. `planNode` is where the plan was (`/plan` or `/planJob/plan`).
struct MappedProgress {
    var job: ProgressJob?
    var planJobNode: Int?
    /// The position in the body of each mapped `reported.emissions[]` element.
    var emissionPositions: [Int] = []
}

extension JobMapper {
    mutating func mapProgressJob() -> MappedProgress {
        let root = doc.root
        guard let m = object(root, ContractField.Progress.self) else { return MappedProgress() }
        var schemaOK = false
        if let v = required(m, .schema), let s = string(v) {
            if s == ContractSchemas.progress {
                schemaOK = true
            } else {
                issue(v, .unknownSchema, "unknown schema '\(s.prefix(64))': expected \(ContractSchemas.progress)")
            }
        }
        if let v = optional(m, .jobId) { jobId = nonEmptyString(v) }
        var municipality: JobMunicipality?
        if let v = required(m, .municipality) { municipality = mapMunicipality(v) }
        if let v = optional(m, .ruleset), let s = nonEmptyString(v) { readRuleset(v, s) }
        if let v = optional(m, .language) { language = enumeration(v, Language.self) }

        // The plan: `plan`, or `planJob` (the whole earlier plan job); exactly one.
        var plan: Plan?
        var planJob: Job?
        var planJobNode: Int?
        let planNode = optional(m, .plan)
        let planJobValue = optional(m, .planJob)
        switch (planNode, planJobValue) {
        case (nil, nil):
            missing(root, "plan")
        case (.some, .some):
            add(ValidationIssue(pointer: "/planJob", reason: "give plan or planJob, not both", code: .invalidValue))
        case (let node?, nil):
            plan = mapPlan(node)
        case (nil, let node?):
            planJobNode = node
            planJob = mapEmbeddedPlanJob(node, municipality: municipality)
        }
        let planContentHash = optional(m, .planContentHash).flatMap { nonEmptyString($0) }
        var report = ProgressReport()
        var emissionPositions: [Int] = []
        if let v = required(m, .reported), let r = object(v, ContractField.Reported.self) {
            if let e = required(r, .emissions) { (report.emissions, emissionPositions) = mapReportedEmissions(e) }
            if let a = optional(r, .actions) { report.actions = mapReportedActions(a) }
        }
        var referenceDate: String?
        if let v = optional(m, .referenceDate), let s = string(v) {
            if let violation = ValueRule.isoDate(s) { issue(v, violation) } else { referenceDate = s }
        }
        let job = ProgressJob(
            schema: schemaOK ? ContractSchemas.progress : "", jobId: jobId, municipality: municipality ?? JobMunicipality(code: 0),
            ruleset: rulesetId, language: language, plan: plan, planJob: planJob, planContentHash: planContentHash,
            reported: report, referenceDate: referenceDate)
        return MappedProgress(job: job, planJobNode: planJobNode, emissionPositions: emissionPositions)
    }

    /// `planJob`: a plan job (`schema: "planreview.job/v1"`) of the same municipality; only its
    /// `plan` is measured against (the progress job's header decides language and ruleset).
    private mutating func mapEmbeddedPlanJob(_ node: Int, municipality: JobMunicipality?) -> Job? {
        guard let m = object(node, ContractField.Job.self) else { return nil }
        if let v = required(m, .schema), let s = string(v), s != ContractSchemas.job {
            issue(v, .unknownSchema, "unknown schema '\(s.prefix(64))': expected \(ContractSchemas.job)")
        }
        var code: Int?
        if let v = required(m, .municipality), let mm = object(v, ContractField.Municipality.self), let c = required(mm, .code).flatMap({ int($0) }) {
            code = c
            if let own = municipality?.code, own != c {
                issue(mm[.code]!, .invalidValue, "the plan job is for kommunekode \(c), the report for \(own)")
            }
        }
        guard let p = required(m, .plan), let plan = mapPlan(p) else { return nil }
        let jobId = optional(m, .jobId).flatMap { string($0) }
        return Job(jobId: jobId, municipality: JobMunicipality(code: code ?? municipality?.code ?? 0), plan: plan)
    }

    private mutating func mapReportedEmissions(_ node: Int) -> ([ReportedEmissions], [Int]) {
        var out: [ReportedEmissions] = []
        var at: [Int] = []
        var seen: [Int: Int] = [:]
        _ = elementsIndexed(node, maxLength: limits.maxArrayLength) { m, i, e in
            guard let p = m.object(e, ContractField.ReportedEmissions.self) else { return }
            let year = m.required(p, .year).flatMap { m.year($0) }
            let sector = m.optional(p, .sector).flatMap { m.enumeration($0, GPCSector.self) }
            let tco2e = m.required(p, .tco2e).flatMap { n in m.number(n) { ValueRule.entryTonnes($0, sector: sector) } }
            let source = m.optional(p, .source).flatMap { m.string($0) }
            guard let year, let tco2e else { return }
            let key = year * 8 + (sector.map { GPCSector.allCases.firstIndex(of: $0)! + 1 } ?? 0)
            if let earlier = seen[key] {
                m.issue(p[.year]!, .duplicateYear, "duplicate year \(year) (also at /reported/emissions/\(earlier))")
                return
            }
            seen[key] = i
            out.append(ReportedEmissions(year: year, tco2e: tco2e, sector: sector, source: source))
            at.append(i)
        }
        return (out, at)
    }

    private mutating func mapReportedActions(_ node: Int) -> [ReportedAction] {
        var out: [ReportedAction] = []
        var seen: [String: Int] = [:]
        _ = elementsIndexed(node, maxLength: limits.maxActions) { m, i, e in
            guard let a = m.object(e, ContractField.ReportedAction.self) else { return }
            let id = m.required(a, .id).flatMap { m.nonEmptyString($0) }
            let status = m.required(a, .status).flatMap { m.nonEmptyString($0) }
            let achieved = m.optional(a, .achievedTco2e).flatMap { m.tonnes($0) }
            let note = m.optional(a, .note).flatMap { m.string($0) }
            guard let id, let status else { return }
            if let earlier = seen[id] {
                m.issue(a[.id]!, .duplicateActionId, "duplicate action id '\(id.prefix(64))' (also at /reported/actions/\(earlier))")
                return
            }
            seen[id] = i
            out.append(ReportedAction(id: id, status: status, achievedTco2e: achieved, note: note))
        }
        return out
    }
}
