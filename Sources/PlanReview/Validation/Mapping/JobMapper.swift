import PlanReviewContract
import PlanReviewJSON

/// Maps a parsed body onto `Job`, collecting every shape problem (missing fields, wrong types,
/// values out of range, unknown codes) as `ValidationIssue`s with JSON Pointers.
///
/// Unknown members are ignored (forward compatibility within v1); `null` counts as absent.
/// Whatever could be read of the header (jobId, kommunekode, ruleset, language) is kept for a
/// rejected result even when the rest fails. The value rules themselves are `ValueRule`'s; the
/// readers of the sections are in the extensions beside this file.
struct JobMapper {
    let doc: JSONDocument
    let configuration: ReviewConfiguration
    /// Capped and counted: an issue past the cap costs a counter, not its pointer (`IssueList`).
    private(set) var issues: IssueList

    // Header, as far as readable.
    var jobId: String?
    private(set) var municipality: MunicipalityRef?
    var rulesetId: String?
    var language: Language?
    /// Where the mapped list elements were in the body, for lists that lost invalid elements.
    var positions = JobPositions()

    init(doc: JSONDocument, configuration: ReviewConfiguration) {
        self.doc = doc
        self.configuration = configuration
        self.issues = IssueList(limits: configuration.limits)
    }

    var limits: ValidationLimits { configuration.limits }

    // MARK: - Issues

    mutating func issue(_ node: Int, _ code: ValidationIssue.Code, _ reason: String) {
        let (doc, maxBytes) = (doc, limits.maxPointerBytes)
        issues.add(code, at: doc.pointerText(to: node, maxBytes: maxBytes), reason)
    }

    mutating func issue(_ node: Int, _ violation: ValueRule.Violation) {
        issue(node, violation.code, violation.reason)
    }

    /// An issue at `field` of the object `object` (a member that is absent or belongs beside it).
    mutating func issue(_ object: Int, field: String, _ violation: ValueRule.Violation) {
        let doc = doc
        issues.add(violation.code, at: doc.pointer(to: object).appending(field).description, violation.reason)
    }

    mutating func add(_ issue: ValidationIssue) {
        issues.add(issue)
    }

    mutating func missing(_ object: Int, _ field: String) {
        let doc = doc
        issues.add(.missingField, at: doc.pointer(to: object).appending(field).description, "required field is missing")
    }

    mutating func wrongType(_ node: Int, expected: String) {
        issue(node, .wrongType, "expected \(expected), found \(doc.kind(node).article)")
    }

    // MARK: - Members

    /// The value node of an optional field; nil when absent or null.
    ///
    /// Inlined, as `required`: a call copied `Members` (its 96 bytes of slots, a memcpy) every
    /// field, ~15 per action.
    @inline(__always) func optional<F>(_ m: Members<F>, _ f: F) -> Int? {
        guard let v = m[f], doc.kind(v) != .null else { return nil }
        return v
    }

    /// The value node of a required field; records a missing-field issue when absent or null.
    @inline(__always) mutating func required<F>(_ m: Members<F>, _ f: F) -> Int? {
        guard let v = optional(m, f) else {
            missing(m.object, "\(f)")
            return nil
        }
        return v
    }

    mutating func object<F: ContractFields>(_ node: Int, _: F.Type) -> Members<F>? {
        guard doc.kind(node) == .object else {
            wrongType(node, expected: "an object")
            return nil
        }
        return Members<F>(doc, object: node)
    }

    /// Calls `body` for each element of an array, checking the array's kind and `maxLength`.
    mutating func elements(_ node: Int, maxLength: Int? = nil, _ body: (inout JobMapper, Int) -> Void) -> Bool {
        elementsIndexed(node, maxLength: maxLength) { m, _, e in body(&m, e) }
    }

    /// As `elements`, with each element's position.
    mutating func elementsIndexed(_ node: Int, maxLength: Int? = nil, _ body: (inout JobMapper, Int, Int) -> Void) -> Bool {
        guard doc.kind(node) == .array else {
            wrongType(node, expected: "an array")
            return false
        }
        if let maxLength, doc.count(node) > maxLength {
            issue(node, .tooManyElements, "has \(doc.count(node)) elements, more than the limit of \(maxLength)")
            return false
        }
        var k = node + 1
        var position = 0
        let end = doc.next(node)
        while k < end {
            body(&self, position, k)
            position += 1
            k = doc.next(k)
        }
        return true
    }

    // MARK: - Job

    mutating func mapJob() -> Job? {
        let root = doc.root
        guard let m = object(root, ContractField.Job.self) else { return nil }

        var schemaOK = false
        if let v = required(m, .schema), let s = string(v) {
            if s == ContractSchemas.job {
                schemaOK = true
            } else {
                issue(v, .unknownSchema, "unknown schema '\(s.prefix(64))': expected \(ContractSchemas.job)")
            }
        }
        if let v = optional(m, .jobId) { jobId = nonEmptyString(v) }
        var jobMunicipality: JobMunicipality?
        if let v = required(m, .municipality) { jobMunicipality = mapMunicipality(v) }
        if let v = optional(m, .ruleset), let s = nonEmptyString(v) { readRuleset(v, s) }
        if let v = optional(m, .language) { language = enumeration(v, Language.self) }
        var plan: Plan?
        if let v = required(m, .plan) { plan = mapPlan(v) }
        var referenceDate: String?
        if let v = optional(m, .referenceDate), let s = string(v) {
            if let violation = ValueRule.isoDate(s) { issue(v, violation) } else { referenceDate = s }
        }
        // A word outside `ResultDetail` is noted by `PlanReading`, not rejected.
        var detail: String?
        if let v = optional(m, .detail) { detail = string(v) }

        // A partial job when something failed: the consistency checks still run on what was read.
        return Job(
            schema: schemaOK ? ContractSchemas.job : "", jobId: jobId, municipality: jobMunicipality ?? JobMunicipality(code: 0),
            ruleset: rulesetId, language: language, plan: plan ?? Plan(), referenceDate: referenceDate, detail: detail)
    }

    /// `ruleset`: kept for the result even when unknown (then an issue).
    mutating func readRuleset(_ node: Int, _ id: String) {
        rulesetId = id
        if configuration.rulesets[id] == nil {
            let known = configuration.rulesets.keys.sorted().joined(separator: ", ")
            issue(node, .unknownRuleset, "unknown ruleset '\(id.prefix(64))' (known: \(known))")
        }
    }

    mutating func mapMunicipality(_ node: Int) -> JobMunicipality? {
        guard let m = object(node, ContractField.Municipality.self) else { return nil }
        var code: Int?
        if let v = required(m, .code), let c = int(v) {
            if let ref = configuration.municipalities[c] {
                municipality = ref
                code = c
            } else {
                issue(v, .unknownKommunekode, "unknown kommunekode \(c)")
            }
        }
        let name = optional(m, .name).flatMap { string($0) }
        var population: Int?
        if let v = optional(m, .population), let p = int(v) {
            if let violation = ValueRule.nonNegative(p) { issue(v, violation) } else { population = p }
        }
        guard let code else { return nil }
        return JobMunicipality(code: code, name: name, population: population)
    }
}
