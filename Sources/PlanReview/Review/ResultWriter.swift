import PlanReviewContract
import PlanReviewJSON

/// The result's JSON: UTF-8, keys sorted by their bytes, no whitespace, every field present
/// (null when it has no value) except `errors` (only when rejected) and `timings` (only when
/// set). Written by hand in key order (debug builds assert the order) because this runs once per
/// job: about 10x faster than `JSONEncoder` with `.sortedKeys` (docs/BENCHMARKS.md).
///
/// Numbers: integers as digits; other values as the shortest decimal that reads back as the
/// same double (the pathway's figures are already rounded to 0.1 or 4 decimals).
///
/// What is written depends on `detail` (`ResultDetail`): `full` every field, `standard` (the
/// default) every contract field and what no reader can derive, `summary` the verdict, the scores
/// and the gap. `ResultReading.swift` (PlanReviewContract) reads all three back into the model.
extension ReviewResult {
    /// UTF-8 JSON, keys sorted, deterministic for equal values. Fast path (this runs per job).
    public func jsonBytes() -> [UInt8] {
        var w = JSONOutput(capacity: Self.capacity(pathway))
        write(to: &w)
        return w.finish()
    }

    /// The length of `jsonBytes()` without copying them out (the reviewer's result cap).
    /// At least the encoded size, cheaply: every string counted as if each byte needed a `\u00XX`
    /// escape (6 bytes), every number as 25 bytes, plus a generous allowance per object for keys and
    /// punctuation. O(number of strings), no encoding; the exact `encodedByteCount()` is needed only
    /// when this bound comes near the result cap.
    func encodedByteCountUpperBound() -> Int {
        func text(_ s: String?) -> Int { (s?.utf8.count ?? 0) * 6 + 8 }
        let number = 25
        var total = 4_096 + text(jobId) + text(correlationId) + text(contentHash) + text(municipality?.name) + text(ruleset.id) + text(ruleset.version)
        total += text(worker?.id) + text(worker?.version) + 512
        for rule in rules {
            total += 160 + text(rule.id) + text(rule.capf) + text(rule.pillar) + text(rule.message)
            for pointer in rule.evidence { total += text(pointer) }
        }
        for error in errors ?? [] { total += 64 + text(error.pointer) + text(error.reason) + text(error.code.rawValue) }
        for note in notes { total += 64 + text(note.pointer) + text(note.code) + text(note.message) }
        if let source = inventory?.source { total += 96 + text(source.name) + text(source.vintage) + text(source.method) }
        if let p = pathway {
            total += 4_096 + p.years.count * number * 7 + p.compensationTco2e.count * number
            total += p.referenceTotals.count * (64 + 3 * number) + p.targets.count * 256 + p.requiredAnnualReductionRates.count * 192
            total += p.sectorContributions.count * 256
            for b in p.benchmarks { total += 384 + text(b.id) + text(b.title) + text(b.source) + text(b.reason) }
            for note in p.notes { total += 48 + text(note.code) + text(note.message) }
            for action in p.excludedActions { total += 48 + text(action.id) + text(action.reason) }
            if let manko = p.mankoStated { total += 160 + manko.handling.reduce(0) { $0 + text($1) } }
            if p.budget != nil { total += 1_024 }
        }
        return total
    }

    func encodedByteCount() -> Int {
        var w = JSONOutput(capacity: Self.capacity(pathway))
        write(to: &w)
        return w.withBytesAndFree { $0.count }
    }

    /// The buffer to start with: a result with a pathway is about 14 KB at the default detail
    /// (13.6 KB for the example's 29 years, docs/BENCHMARKS.md), so 12 KB + 1 KB per 8 years holds
    /// it without growing (a grow is an allocation and a copy of what was written).
    static func capacity(_ pathway: Pathway?) -> Int {
        guard let pathway else { return 1024 }
        return 12_288 + 1_024 * pathway.years.count / 8
    }

    func write(to w: inout JSONOutput) {
        w.beginObject()
        w.key("contentHash"); w.optional(contentHash) { $0.string($1) }
        w.key("correlationId"); w.optional(correlationId) { $0.string($1) }
        w.key("detail"); w.string(detail.rawValue)
        if let errors {
            w.key("errors")
            w.validationIssues(errors)
        }
        w.key("inventory")
        w.optional(inventory) { w, inv in
            w.beginObject()
            w.key("source")
            w.optional(inv.source) { w, s in
                w.beginObject()
                w.key("method"); w.optional(s.method) { $0.string($1) }
                w.key("name"); w.string(s.name)
                w.key("vintage"); w.optional(s.vintage) { $0.string($1) }
                w.endObject()
            }
            w.endObject()
        }
        w.key("jobId"); w.string(jobId)
        w.key("language"); w.string(language.rawValue)
        w.key("municipality"); w.municipalityRef(municipality)
        w.key("notes"); w.resultNotes(notes)
        w.key("pathway"); w.optional(pathway) { $1.write(to: &$0, detail: detail) }
        if detail != .summary {
            w.key("rules")
            w.rules(rules)
        }
        w.key("ruleset"); w.rulesetRef(ruleset)
        w.key("schema"); w.string(schema)
        w.key("scores"); w.scores(scores)
        w.key("status"); w.string(status.rawValue)
        if let timings {
            w.key("timings")
            w.timings(timings)
        }
        w.key("worker"); w.workerInfo(worker)
        w.endObject()
    }
}

extension JSONOutput {
    /// `rules[]`: `{capf, evidence, id, message, pillar, severity, status}` per rule.
    mutating func rules(_ rules: [RuleResult]) {
        beginArray()
        // By index, each field read in place: `for r in rules` copies every rule (a retain and a
        // release per string of it).
        for i in rules.indices {
            beginObject()
            key("capf"); string(rules[i].capf)
            key("evidence")
            beginArray()
            for e in rules[i].evidence { string(e) }
            endArray()
            key("id"); string(rules[i].id)
            key("message"); string(rules[i].message)
            key("pillar"); string(rules[i].pillar)
            key("severity"); string(rules[i].severity.rawValue)
            key("status"); string(rules[i].status.rawValue)
            endObject()
        }
        endArray()
    }
}

extension SectorValues {
    func write(to w: inout JSONOutput) {
        w.beginObject()
        w.key("afolu"); w.number(afolu)
        w.key("ippu"); w.number(ippu)
        w.key("stationary_energy"); w.number(stationaryEnergy)
        w.key("transport"); w.number(transport)
        w.key("waste"); w.number(waste)
        w.endObject()
    }
}

extension JSONOutput {
    mutating func optional<T>(_ value: T?, _ write: (inout JSONOutput, T) -> Void) {
        if let value { write(&self, value) } else { null() }
    }

    mutating func optionalNumber(_ value: Double?) {
        if let value { number(value) } else { null() }
    }

    mutating func numbers(_ values: [Double]) {
        beginArray()
        for v in values { number(v) }
        endArray()
    }
}
