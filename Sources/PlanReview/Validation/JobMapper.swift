import PlanReviewContract
import PlanReviewJSON

/// Maps a parsed body onto `Job`, collecting every shape problem (missing fields, wrong types,
/// values out of range, unknown codes) as `ValidationIssue`s with JSON Pointers.
///
/// Unknown members are ignored (forward compatibility within v1); `null` counts as absent.
/// Whatever could be read of the header (jobId, kommunekode, ruleset, language) is kept for a
/// rejected result even when the rest fails.
struct JobMapper {
    let doc: JSONDocument
    let configuration: ReviewConfiguration
    private(set) var issues: [ValidationIssue] = []

    // Header, as far as readable.
    private(set) var jobId: String?
    private(set) var municipality: MunicipalityRef?
    private(set) var rulesetId: String?
    private(set) var language: Language?
    /// Where the mapped list elements were in the body, for lists that lost invalid elements.
    private(set) var positions = JobPositions()

    init(doc: JSONDocument, configuration: ReviewConfiguration) {
        self.doc = doc
        self.configuration = configuration
    }

    private var limits: ValidationLimits { configuration.limits }

    // MARK: - Issues

    private mutating func issue(_ node: Int, _ code: ValidationIssue.Code, _ reason: String) {
        add(ValidationIssue(pointer: doc.pointer(to: node).description, reason: reason, code: code))
    }

    private mutating func add(_ issue: ValidationIssue) {
        if issues.count < limits.maxIssues { issues.append(issue) }
    }

    private mutating func missing(_ object: Int, _ field: String) {
        add(ValidationIssue(pointer: doc.pointer(to: object).appending(field).description, reason: "required field is missing", code: .missingField))
    }

    private mutating func wrongType(_ node: Int, expected: String) {
        issue(node, .wrongType, "expected \(expected), found \(doc.kind(node).article)")
    }

    // MARK: - Members

    /// The value node of an optional field; nil when absent or null.
    private mutating func optional<F>(_ m: Members<F>, _ f: F) -> Int? {
        guard let v = m[f], doc.kind(v) != .null else { return nil }
        return v
    }

    /// The value node of a required field; records a missing-field issue when absent or null.
    private mutating func required<F>(_ m: Members<F>, _ f: F) -> Int? {
        guard let v = optional(m, f) else {
            missing(m.object, "\(f)")
            return nil
        }
        return v
    }

    private mutating func object<F: ContractFields>(_ node: Int, _: F.Type) -> Members<F>? {
        guard doc.kind(node) == .object else {
            wrongType(node, expected: "an object")
            return nil
        }
        return Members<F>(doc, object: node)
    }

    /// Calls `body` for each element of an array, checking the array's kind and `maxLength`.
    private mutating func elements(_ node: Int, maxLength: Int? = nil, _ body: (inout JobMapper, Int) -> Void) -> Bool {
        elementsIndexed(node, maxLength: maxLength) { m, _, e in body(&m, e) }
    }

    /// As `elements`, with each element's position.
    private mutating func elementsIndexed(_ node: Int, maxLength: Int? = nil, _ body: (inout JobMapper, Int, Int) -> Void) -> Bool {
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

    // MARK: - Scalars

    private mutating func string(_ node: Int) -> String? {
        guard doc.kind(node) == .string else {
            wrongType(node, expected: "a string")
            return nil
        }
        if doc.isInvalid(node) { return nil }
        return doc.string(node)
    }

    private mutating func nonEmptyString(_ node: Int) -> String? {
        guard let s = string(node) else { return nil }
        if s.isEmpty {
            issue(node, .invalidValue, "must not be empty")
            return nil
        }
        return s
    }

    private mutating func bool(_ node: Int) -> Bool? {
        guard doc.kind(node) == .bool else {
            wrongType(node, expected: "a boolean")
            return nil
        }
        return doc.bool(node)
    }

    private mutating func number(_ node: Int) -> Double? {
        guard doc.kind(node) == .number else {
            wrongType(node, expected: "a number")
            return nil
        }
        if doc.isInvalid(node) { return nil }
        return doc.number(node)
    }

    private mutating func int(_ node: Int) -> Int? {
        guard let v = number(node) else { return nil }
        guard doc.isIntegral(node), abs(v) <= 9_007_199_254_740_992 else {
            issue(node, .wrongType, "expected an integer, found \(show(v))")
            return nil
        }
        return Int(v)
    }

    /// A year between 1900 and 2100 (CONTRACT.md).
    private mutating func year(_ node: Int) -> Int? {
        guard let y = int(node) else { return nil }
        guard (1900...2100).contains(y) else {
            issue(node, .yearOutOfRange, "must be between 1900 and 2100, found \(y)")
            return nil
        }
        return y
    }

    /// Emissions, money, staff: finite and ≥ 0.
    private mutating func nonNegative(_ node: Int) -> Double? {
        guard let v = number(node) else { return nil }
        guard v >= 0 else {
            issue(node, .negativeValue, "must not be negative, found \(show(v))")
            return nil
        }
        return v
    }

    /// Annual emissions: ≥ 0 and at most `ValidationLimits.maxAnnualTco2e`.
    private mutating func tonnes(_ node: Int, max: Double = ValidationLimits.maxAnnualTco2e) -> Double? {
        guard let v = nonNegative(node) else { return nil }
        guard v <= max else {
            issue(node, .outOfRange, "must be at most \(show(max)) tCO2e, found \(show(v))")
            return nil
        }
        return v
    }

    private mutating func percent(_ node: Int) -> Double? {
        guard let v = number(node) else { return nil }
        guard (0...100).contains(v) else {
            issue(node, .outOfRange, "must be between 0 and 100, found \(show(v))")
            return nil
        }
        return v
    }

    private mutating func enumeration<E: JSONEnum>(_ node: Int, _: E.Type) -> E? {
        guard doc.kind(node) == .string else {
            wrongType(node, expected: "a string")
            return nil
        }
        if doc.isInvalid(node) { return nil }
        // Compared as bytes: the string node's raw bytes equal the name when it has no escapes.
        let candidate = doc.nodes[node]
        if candidate.flags & JSONNode.hasEscapes == 0, candidate.length <= 64 {
            let bytes = doc.rawBytes(node)
            for (i, name) in E.jsonNames.names.enumerated() where name.length == candidate.length && bytes.elementsEqual(name.bytes) {
                return E.jsonCases[i]
            }
        }
        let s = doc.string(node)
        guard let e = E(rawValue: s) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            issue(node, .invalidValue, "must be one of \(allowed); found '\(s.prefix(64))'")
            return nil
        }
        return e
    }

    private mutating func strings(_ node: Int) -> [String]? {
        var out: [String] = []
        if doc.kind(node) == .array { out.reserveCapacity(doc.count(node)) }
        var ok = true
        let isArray = elements(node, maxLength: limits.maxArrayLength) { m, e in
            if let s = m.string(e) { out.append(s) } else { ok = false }
        }
        return isArray && ok ? out : nil
    }

    private mutating func show(_ v: Double) -> String {
        v == v.rounded(.towardZero) && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }

    // MARK: - Job

    mutating func mapJob() -> Job? {
        let root = doc.root
        guard let m = object(root, JobField.self) else { return nil }

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
        if let v = optional(m, .ruleset), let s = nonEmptyString(v) {
            if configuration.rulesets[s] != nil {
                rulesetId = s
            } else {
                rulesetId = s
                let known = configuration.rulesets.keys.sorted().joined(separator: ", ")
                issue(v, .unknownRuleset, "unknown ruleset '\(s.prefix(64))' (known: \(known))")
            }
        }
        if let v = optional(m, .language) { language = enumeration(v, Language.self) }
        var plan: Plan?
        if let v = required(m, .plan) { plan = mapPlan(v) }

        // A partial job when something failed: the consistency checks still run on what was read.
        return Job(
            schema: schemaOK ? ContractSchemas.job : "", jobId: jobId, municipality: jobMunicipality ?? JobMunicipality(code: 0),
            ruleset: rulesetId, language: language, plan: plan ?? Plan())
    }

    private mutating func mapMunicipality(_ node: Int) -> JobMunicipality? {
        guard let m = object(node, MunicipalityField.self) else { return nil }
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
            if p < 0 { issue(v, .negativeValue, "must not be negative, found \(p)") } else { population = p }
        }
        guard let code else { return nil }
        return JobMunicipality(code: code, name: name, population: population)
    }

    private mutating func mapPlan(_ node: Int) -> Plan? {
        guard let m = object(node, PlanField.self) else { return nil }
        var plan = Plan()
        if let v = optional(m, .title) { plan.title = string(v) }
        if let v = optional(m, .adoptedByCouncil), let s = string(v) {
            if isISODate(s) { plan.adoptedByCouncil = s } else { issue(v, .invalidValue, "expected a date YYYY-MM-DD, found '\(s.prefix(40))'") }
        }
        if let v = optional(m, .commitmentLetterSigned) { plan.commitmentLetterSigned = bool(v) }
        if let v = optional(m, .inventory) { plan.inventory = mapInventory(v) }
        if let v = optional(m, .targets) {
            var targets: [Target] = []
            var at: [Int] = []
            _ = elementsIndexed(v, maxLength: limits.maxArrayLength) { m, i, e in
                if let t = m.mapTarget(e) {
                    targets.append(t)
                    at.append(i)
                }
            }
            plan.targets = targets
            if at.count != doc.count(v) { positions.targets = at }
        }
        if let v = optional(m, .businessAsUsual), let (points, at) = mapPoints(v) {
            plan.businessAsUsual = points
            positions.businessAsUsual = at
        }
        if let v = optional(m, .carbonBudget) { plan.carbonBudget = mapCarbonBudget(v) }
        if let v = optional(m, .actions) {
            var actions: [MitigationAction] = []
            actions.reserveCapacity(doc.count(v))
            var at: [Int] = []
            _ = elementsIndexed(v, maxLength: limits.maxActions) { m, i, e in
                if m.mapAction(e, into: &actions) { at.append(i) }
            }
            plan.actions = actions
            if at.count != doc.count(v) { positions.actions = at }
        }
        if let v = optional(m, .adaptation) { plan.adaptation = mapAdaptation(v) }
        if let v = optional(m, .governance), let g = object(v, GovernanceField.self) {
            var gov = Governance()
            if let x = optional(g, .responsibleCommittee) { gov.responsibleCommittee = string(x) }
            if let x = optional(g, .staffFte) { gov.staffFte = nonNegative(x) }
            if let x = optional(g, .partners) { gov.partners = strings(x) }
            plan.governance = gov
        }
        if let v = optional(m, .engagement), let g = object(v, EngagementField.self) {
            var e = Engagement()
            if let x = optional(g, .stakeholderGroups) { e.stakeholderGroups = strings(x) }
            if let x = optional(g, .methods) { e.methods = strings(x) }
            if let x = optional(g, .equityConsidered) { e.equityConsidered = bool(x) }
            plan.engagement = e
        }
        if let v = optional(m, .monitoring), let g = object(v, MonitoringField.self) {
            var mon = Monitoring()
            if let x = optional(g, .reportingCadence) { mon.reportingCadence = string(x) }
            if let x = optional(g, .indicators) { mon.indicators = strings(x) }
            if let x = optional(g, .revisionYear) { mon.revisionYear = year(x) }
            plan.monitoring = mon
        }
        return plan
    }

    private mutating func mapInventory(_ node: Int) -> Inventory? {
        guard let m = object(node, InventoryField.self) else { return nil }
        let standard = optional(m, .standard).flatMap { string($0) }
        let level = optional(m, .level).flatMap { enumeration($0, InventoryLevel.self) }
        let baseYear = required(m, .baseYear).flatMap { year($0) }
        var entries: [InventoryEntry]?
        if let v = required(m, .entries) {
            var list: [InventoryEntry] = []
            list.reserveCapacity(doc.count(v))
            // A partial inventory would give a wrong baseline to the consistency checks: all or nothing.
            if elements(v, maxLength: limits.maxArrayLength, { m, e in if let x = m.mapEntry(e) { list.append(x) } }), list.count == doc.count(v) { entries = list }
        }
        var history: [EmissionsPoint]?
        if let v = optional(m, .history), let (points, at) = mapPoints(v) {
            history = points
            positions.history = at
        }
        guard let baseYear, let entries else { return nil }
        return Inventory(standard: standard, level: level, baseYear: baseYear, entries: entries, history: history)
    }

    private mutating func mapEntry(_ node: Int) -> InventoryEntry? {
        guard let m = object(node, EntryField.self) else { return nil }
        let sector = required(m, .sector).flatMap { enumeration($0, GPCSector.self) }
        let subsector = optional(m, .subsector).flatMap { string($0) }
        var scope: Int?
        if let v = required(m, .scope), let s = int(v) {
            if (1...3).contains(s) { scope = s } else { issue(v, .invalidValue, "must be 1, 2 or 3, found \(s)") }
        }
        let tco2eNode = optional(m, .tco2e)
        let notationNode = optional(m, .notation)
        let tco2e = tco2eNode.flatMap { tonnes($0) }
        let notation = notationNode.flatMap { enumeration($0, NotationKey.self) }
        if tco2eNode == nil && notationNode == nil {
            issue(node, .missingField, "needs tco2e or a notation key (NO, NE, IE, C)")
            return nil
        }
        if tco2eNode != nil && notationNode != nil {
            issue(node, .invalidValue, "has both tco2e and a notation key: give one")
            return nil
        }
        guard let sector, let scope, tco2e != nil || notation != nil else { return nil }
        return InventoryEntry(sector: sector, subsector: subsector, scope: scope, tco2e: tco2e, notation: notation)
    }

    /// The valid points and, when some were invalid, the positions of the valid ones.
    private mutating func mapPoints(_ node: Int) -> ([EmissionsPoint], [Int]?)? {
        var points: [EmissionsPoint] = []
        var at: [Int] = []
        let isArray = elementsIndexed(node, maxLength: limits.maxArrayLength) { m, i, e in
            guard let p = m.object(e, PointField.self) else { return }
            let pointYear = m.required(p, .year).flatMap { m.year($0) }
            let tco2e = m.required(p, .tco2e).flatMap { m.tonnes($0) }
            if let pointYear, let tco2e {
                points.append(EmissionsPoint(year: pointYear, tco2e: tco2e))
                at.append(i)
            }
        }
        guard isArray else { return nil }
        return (points, at.count == doc.count(node) ? nil : at)
    }

    mutating func mapTarget(_ node: Int) -> Target? {
        guard let m = object(node, TargetField.self) else { return nil }
        let before = issues.count
        let targetYear = required(m, .year).flatMap { year($0) }
        let reductionPercent = optional(m, .reductionPercent).flatMap { percent($0) }
        let baseYear = optional(m, .baseYear).flatMap { year($0) }
        let netZero = optional(m, .netZero).flatMap { bool($0) }
        let tco2e = optional(m, .tco2e).flatMap { tonnes($0) }
        // A target with an unreadable member is left out, so the consistency checks do not
        // report it a second time.
        guard let targetYear, issues.count == before else { return nil }
        return Target(year: targetYear, reductionPercent: reductionPercent, baseYear: baseYear, netZero: netZero, tco2e: tco2e)
    }

    private mutating func mapCarbonBudget(_ node: Int) -> CarbonBudget? {
        guard let m = object(node, BudgetField.self) else { return nil }
        var budget: Double?
        if let v = required(m, .budgetTco2e), let b = number(v) {
            if b > 0 && b <= ValidationLimits.maxBudgetTco2e {
                budget = b
            } else {
                issue(v, .outOfRange, "must be greater than 0 and at most \(show(ValidationLimits.maxBudgetTco2e)), found \(show(b))")
            }
        }
        let from = required(m, .fromYear).flatMap { year($0) }
        let to = required(m, .toYear).flatMap { year($0) }
        let start = optional(m, .startEmissionsTco2e).flatMap { tonnes($0) }
        guard let budget, let from, let to else { return nil }
        return CarbonBudget(budgetTco2e: budget, fromYear: from, toYear: to, startEmissionsTco2e: start)
    }

    /// Appends the action when it is readable (built in place: copying an action costs a
    /// retain per string).
    private mutating func mapAction(_ node: Int, into actions: inout [MitigationAction]) -> Bool {
        guard let m = object(node, ActionField.self) else { return false }
        let id = required(m, .id).flatMap { nonEmptyString($0) }
        let title = required(m, .title).flatMap { string($0) }
        let sector = required(m, .sector).flatMap { enumeration($0, GPCSector.self) }
        let reduction = optional(m, .reductionTco2e).flatMap { tonnes($0) }
        let startYear = optional(m, .startYear).flatMap { year($0) }
        let fullEffectYear = optional(m, .fullEffectYear).flatMap { year($0) }
        var action = MitigationAction(id: id ?? "", title: title ?? "", sector: sector ?? .transport, reductionTco2e: reduction, startYear: startYear, fullEffectYear: fullEffectYear)
        if let v = optional(m, .owner) { action.owner = string(v) }
        if let v = optional(m, .costDkk) { action.costDkk = nonNegative(v) }
        if let v = optional(m, .funding) { action.funding = string(v) }
        if let v = optional(m, .staffFte) { action.staffFte = nonNegative(v) }
        if let v = optional(m, .status) { action.status = string(v) }
        if let v = optional(m, .municipalPower) { action.municipalPower = enumeration(v, MunicipalPower.self) }
        if let v = optional(m, .barriers) { action.barriers = strings(v) }
        if let v = optional(m, .coBenefits) { action.coBenefits = strings(v) }
        if optional(m, .reductionTco2e) != nil && optional(m, .startYear) == nil {
            add(ValidationIssue(pointer: doc.pointer(to: node).appending("startYear").description, reason: "required when reductionTco2e is given", code: .missingField))
        }
        guard id != nil, title != nil, sector != nil else { return false }
        actions.append(action)
        return true
    }

    private mutating func mapAdaptation(_ node: Int) -> Adaptation? {
        guard let m = object(node, AdaptationField.self) else { return nil }
        var adaptation = Adaptation()
        if let v = optional(m, .riskAssessment), let r = object(v, RiskField.self) {
            var risk = RiskAssessment()
            if let x = optional(r, .scenario) { risk.scenario = string(x) }
            if let x = optional(r, .horizonYear) { risk.horizonYear = year(x) }
            if let x = optional(r, .hazards) {
                var hazards: [HazardAssessment] = []
                _ = elements(x, maxLength: limits.maxArrayLength) { m, e in
                    guard let h = m.object(e, HazardField.self) else { return }
                    let hazard = m.required(h, .hazard).flatMap { m.enumeration($0, ClimateHazard.self) }
                    let likelihood = m.optional(h, .likelihood).flatMap { m.string($0) }
                    let consequence = m.optional(h, .consequence).flatMap { m.string($0) }
                    if let hazard { hazards.append(HazardAssessment(hazard: hazard, likelihood: likelihood, consequence: consequence)) }
                }
                risk.hazards = hazards
            }
            adaptation.riskAssessment = risk
        }
        if let v = optional(m, .goals) {
            var goals: [AdaptationGoal] = []
            _ = elements(v, maxLength: limits.maxArrayLength) { m, e in
                guard let g = m.object(e, GoalField.self) else { return }
                var goal = AdaptationGoal()
                if let x = m.optional(g, .hazard) { goal.hazard = m.enumeration(x, ClimateHazard.self) }
                if let x = m.optional(g, .text) { goal.text = m.string(x) }
                if let x = m.optional(g, .year) { goal.year = m.year(x) }
                goals.append(goal)
            }
            adaptation.goals = goals
        }
        if let v = optional(m, .actions) {
            var actions: [AdaptationAction] = []
            var at: [Int] = []
            _ = elementsIndexed(v, maxLength: limits.maxActions) { m, i, e in
                guard let a = m.object(e, AdaptationActionField.self) else { return }
                at.append(i)
                var action = AdaptationAction()
                if let x = m.optional(a, .id) { action.id = m.nonEmptyString(x) }
                if let x = m.optional(a, .title) { action.title = m.string(x) }
                if let x = m.optional(a, .hazards) {
                    var hazards: [ClimateHazard] = []
                    _ = m.elements(x, maxLength: 100) { m, h in if let hz = m.enumeration(h, ClimateHazard.self) { hazards.append(hz) } }
                    action.hazards = hazards
                }
                if let x = m.optional(a, .startYear) { action.startYear = m.year(x) }
                if let x = m.optional(a, .costDkk) { action.costDkk = m.nonNegative(x) }
                if let x = m.optional(a, .owner) { action.owner = m.string(x) }
                actions.append(action)
            }
            adaptation.actions = actions
            if at.count != doc.count(v) { positions.adaptationActions = at }
        }
        return adaptation
    }
}

/// Positions in the body of the elements of lists that lost invalid elements while mapping
/// (nil: the list is complete, positions are indices). Lets the consistency checks point at
/// the right element of a partially readable job.
public struct JobPositions: Sendable, Equatable {
    public var targets: [Int]?
    public var actions: [Int]?
    public var history: [Int]?
    public var businessAsUsual: [Int]?
    public var adaptationActions: [Int]?

    public init() {}
}

/// `YYYY-MM-DD` with a plausible month and day.
func isISODate(_ s: String) -> Bool {
    let b = Array(s.utf8)
    guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
    for i in [0, 1, 2, 3, 5, 6, 8, 9] where !isDigit(b[i]) { return false }
    let month = Int(b[5] - 48) * 10 + Int(b[6] - 48)
    let day = Int(b[8] - 48) * 10 + Int(b[9] - 48)
    return (1...12).contains(month) && (1...31).contains(day)
}

// MARK: - Field names of the contract (case names are the JSON keys)

enum JobField: Int, ContractFields {
    case schema, jobId, municipality, ruleset, language, plan
    static let fieldSet = makeFieldSet()
}

enum MunicipalityField: Int, ContractFields {
    case code, name, population
    static let fieldSet = makeFieldSet()
}

enum PlanField: Int, ContractFields {
    case title, adoptedByCouncil, commitmentLetterSigned, inventory, targets, businessAsUsual, carbonBudget, actions, adaptation, governance, engagement, monitoring
    static let fieldSet = makeFieldSet()
}

enum InventoryField: Int, ContractFields {
    case standard, level, baseYear, entries, history
    static let fieldSet = makeFieldSet()
}

enum EntryField: Int, ContractFields {
    case sector, subsector, scope, tco2e, notation
    static let fieldSet = makeFieldSet()
}

enum PointField: Int, ContractFields {
    case year, tco2e
    static let fieldSet = makeFieldSet()
}

enum TargetField: Int, ContractFields {
    case year, reductionPercent, baseYear, netZero, tco2e
    static let fieldSet = makeFieldSet()
}

enum BudgetField: Int, ContractFields {
    case budgetTco2e, fromYear, toYear, startEmissionsTco2e
    static let fieldSet = makeFieldSet()
}

enum ActionField: Int, ContractFields {
    case id, title, sector, reductionTco2e, startYear, fullEffectYear, owner, costDkk, funding, staffFte, status, municipalPower, barriers, coBenefits
    static let fieldSet = makeFieldSet()
}

enum AdaptationField: Int, ContractFields {
    case riskAssessment, goals, actions
    static let fieldSet = makeFieldSet()
}

enum RiskField: Int, ContractFields {
    case scenario, horizonYear, hazards
    static let fieldSet = makeFieldSet()
}

enum HazardField: Int, ContractFields {
    case hazard, likelihood, consequence
    static let fieldSet = makeFieldSet()
}

enum GoalField: Int, ContractFields {
    case hazard, text, year
    static let fieldSet = makeFieldSet()
}

enum AdaptationActionField: Int, ContractFields {
    case id, title, hazards, startYear, costDkk, owner
    static let fieldSet = makeFieldSet()
}

enum GovernanceField: Int, ContractFields {
    case responsibleCommittee, staffFte, partners
    static let fieldSet = makeFieldSet()
}

enum EngagementField: Int, ContractFields {
    case stakeholderGroups, methods, equityConsidered
    static let fieldSet = makeFieldSet()
}

enum MonitoringField: Int, ContractFields {
    case reportingCadence, indicators, revisionYear
    static let fieldSet = makeFieldSet()
}
