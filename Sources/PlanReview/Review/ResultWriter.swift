import PlanReviewContract
import PlanReviewJSON

/// The result's JSON: UTF-8, keys sorted by their bytes, no whitespace, every field present
/// (null when it has no value) except `errors` (only when rejected) and `timings` (only when
/// set). Written by hand in key order (debug builds assert the order) because this runs once per
/// job: about 10x faster than `JSONEncoder` with `.sortedKeys` (docs/BENCHMARKS.md).
///
/// Numbers: integers as digits; other values as the shortest decimal that reads back as the
/// same double (the pathway's figures are already rounded to 0.1 or 4 decimals).
extension ReviewResult {
    /// UTF-8 JSON, keys sorted, deterministic for equal values. Fast path (this runs per job).
    public func jsonBytes() -> [UInt8] {
        var w = JSONOutput(capacity: pathway == nil ? 1024 : 6144 + 512 * (pathway?.years.count ?? 0) / 8)
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
        var w = JSONOutput(capacity: pathway == nil ? 1024 : 6144 + 512 * (pathway?.years.count ?? 0) / 8)
        write(to: &w)
        return w.withBytesAndFree { $0.count }
    }

    func write(to w: inout JSONOutput) {
        w.beginObject()
        w.key("contentHash"); w.optional(contentHash) { $0.string($1) }
        w.key("correlationId"); w.optional(correlationId) { $0.string($1) }
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
        w.key("pathway"); w.optional(pathway) { $1.write(to: &$0) }
        w.key("rules")
        w.beginArray()
        for r in rules {
            w.beginObject()
            w.key("capf"); w.string(r.capf)
            w.key("evidence")
            w.beginArray()
            for e in r.evidence { w.string(e) }
            w.endArray()
            w.key("id"); w.string(r.id)
            w.key("message"); w.string(r.message)
            w.key("pillar"); w.string(r.pillar)
            w.key("severity"); w.string(r.severity.rawValue)
            w.key("status"); w.string(r.status.rawValue)
            w.endObject()
        }
        w.endArray()
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

extension Pathway {
    func write(to w: inout JSONOutput) {
        w.beginObject()
        w.key("actionsShareOf2030Reduction"); w.optionalNumber(actionsShareOf2030Reduction)
        w.key("baseYear"); w.int(baseYear)
        w.key("baselineByScope")
        w.beginObject()
        w.key("1"); w.number(baselineByScope.scope1)
        w.key("2"); w.number(baselineByScope.scope2)
        w.key("3"); w.number(baselineByScope.scope3)
        w.endObject()
        w.key("baselineBySector"); baselineBySector.write(to: &w)
        w.key("baselineTco2e"); w.number(baselineTco2e)
        w.key("bauSource"); w.string(bauSource.rawValue)
        w.key("benchmarks")
        w.beginArray()
        for b in benchmarks {
            w.beginObject()
            w.key("id"); w.string(b.id)
            w.key("met"); w.optional(b.met) { $0.bool($1) }
            w.key("metByPlanned"); w.optional(b.metByPlanned) { $0.bool($1) }
            w.key("planReductionPercent"); w.optionalNumber(b.planReductionPercent)
            w.key("plannedReductionPercent"); w.optionalNumber(b.plannedReductionPercent)
            w.key("reason"); w.optional(b.reason) { $0.string($1) }
            w.key("reductionPercent"); w.number(b.reductionPercent)
            w.key("referenceYear"); w.int(b.referenceYear)
            w.key("source"); w.string(b.source)
            w.key("status"); w.string(b.status.rawValue)
            w.key("title"); w.string(b.title)
            w.key("year"); w.int(b.year)
            w.endObject()
        }
        w.endArray()
        w.key("budget")
        w.optional(budget) { w, b in
            w.beginObject()
            w.key("annualReductionRate"); w.number(b.annualReductionRate)
            w.key("budgetTco2e"); w.number(b.budgetTco2e)
            w.key("fromYear"); w.int(b.fromYear)
            w.key("overshootTco2e"); w.number(b.overshootTco2e)
            w.key("plannedCumulativeTco2e"); w.number(b.plannedCumulativeTco2e)
            w.key("scope"); w.string(b.scope)
            w.key("startEmissionsSource"); w.string(b.startEmissionsSource)
            w.key("startEmissionsTco2e"); w.number(b.startEmissionsTco2e)
            w.key("toYear"); w.int(b.toYear)
            w.key("year95PercentUsed"); w.optionalNumber(b.year95PercentUsed)
            w.key("yearExhaustedUnderPlan"); w.optional(b.yearExhaustedUnderPlan) { $0.int($1) }
            w.endObject()
        }
        w.key("businessAsUsualTco2e"); w.numbers(businessAsUsualTco2e)
        w.key("compensationTco2e"); w.numbers(compensationTco2e)
        w.key("cumulativePlannedTco2e"); w.number(cumulativePlannedTco2e)
        w.key("excludedActions")
        w.beginArray()
        for x in excludedActions {
            w.beginObject()
            w.key("id"); w.string(x.id)
            w.key("reason"); w.string(x.reason)
            w.endObject()
        }
        w.endArray()
        w.key("gap2030Tco2e"); w.optionalNumber(gap2030Tco2e)
        w.key("gapNetZeroYearTco2e"); w.optionalNumber(gapNetZeroYearTco2e)
        w.key("gapTco2e"); w.numbers(gapTco2e)
        w.key("mankoStated")
        w.optional(mankoStated) { w, m in
            w.beginObject()
            w.key("computedGapTco2e"); w.optionalNumber(m.computedGapTco2e)
            w.key("handling")
            w.beginArray()
            for h in m.handling { w.string(h) }
            w.endArray()
            w.key("tco2e"); w.number(m.tco2e)
            w.key("year"); w.int(m.year)
            w.endObject()
        }
        w.key("netZeroTargetYear"); w.optional(netZeroTargetYear) { $0.int($1) }
        w.key("netZeroYearPlanned"); w.optional(netZeroYearPlanned) { $0.int($1) }
        w.key("notes")
        w.beginArray()
        for note in notes {
            w.beginObject()
            w.key("code"); w.string(note.code)
            w.key("message"); w.string(note.message)
            w.endObject()
        }
        w.endArray()
        w.key("plannedTco2e"); w.numbers(plannedTco2e)
        w.key("referenceTotals")
        w.beginArray()
        for r in referenceTotals {
            w.beginObject()
            w.key("source"); w.string(r.source)
            w.key("tco2e"); w.number(r.tco2e)
            w.key("year"); w.int(r.year)
            w.endObject()
        }
        w.endArray()
        w.key("removalsTco2e"); w.number(removalsTco2e)
        w.key("requiredAnnualReductionRates")
        w.beginArray()
        for r in requiredAnnualReductionRates {
            w.beginObject()
            w.key("annualRate"); w.optionalNumber(r.annualRate)
            w.key("linearTco2ePerYear"); w.number(r.linearTco2ePerYear)
            w.key("targetTco2e"); w.number(r.targetTco2e)
            w.key("targetYear"); w.int(r.targetYear)
            w.endObject()
        }
        w.endArray()
        w.key("residualThresholdTco2e"); w.number(residualThresholdTco2e)
        w.key("sectorContributions")
        w.beginArray()
        for c in sectorContributions {
            w.beginObject()
            w.key("actionCount"); w.int(c.actionCount)
            w.key("baselineTco2e"); w.number(c.baselineTco2e)
            w.key("fullEffectReductionTco2e"); w.number(c.fullEffectReductionTco2e)
            w.key("reduction2030Tco2e"); w.optionalNumber(c.reduction2030Tco2e)
            w.key("sector"); w.string(c.sector.rawValue)
            w.key("shareOfSectorBaseline"); w.optionalNumber(c.shareOfSectorBaseline)
            w.endObject()
        }
        w.endArray()
        w.key("targetTco2e"); w.numbers(targetTco2e)
        w.key("targets")
        w.beginArray()
        for t in targets {
            w.beginObject()
            w.key("applied"); w.bool(t.applied)
            w.key("kind"); w.string(t.kind.rawValue)
            w.key("reductionPercent"); w.optionalNumber(t.reductionPercent)
            w.key("referenceYear"); w.optional(t.referenceYear) { $0.int($1) }
            w.key("sectors"); w.optional(t.sectors) { w, sectors in
                w.beginArray()
                for s in sectors { w.string(s.rawValue) }
                w.endArray()
            }
            w.key("tco2e"); w.optionalNumber(t.tco2e)
            w.key("year"); w.int(t.year)
            w.endObject()
        }
        w.endArray()
        w.key("unquantifiedActions"); w.int(unquantifiedActions)
        w.key("years")
        w.beginArray()
        for y in years { w.int(y) }
        w.endArray()
        w.endObject()
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
