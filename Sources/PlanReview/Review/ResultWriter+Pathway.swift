import PlanReviewContract
import PlanReviewJSON

/// The pathway's JSON at each `ResultDetail` (keys sorted by their bytes, as in the whole result).
///
/// - `full`: every field.
/// - `standard`: the contract's fields and the additions a reader cannot derive from them; left out
///   are the benchmarks' `title` and `source` (the ruleset document has them, `planreview ruleset`),
///   `targets` and `sectorContributions` (the job's own targets and actions, resolved), and
///   `actionsShareOf2030Reduction` and `gapNetZeroYearTco2e` (read from the yearly series).
/// - `summary`: the gap and what it needs to be read: `baseYear`, `baselineTco2e`, `years`,
///   `gapTco2e`, `gap2030Tco2e`, `netZeroYearPlanned`.
extension Pathway {
    func write(to w: inout JSONOutput, detail: ResultDetail) {
        if detail == .summary { return writeSummary(to: &w) }
        let full = detail == .full
        w.beginObject()
        if full { w.key("actionsShareOf2030Reduction"); w.optionalNumber(actionsShareOf2030Reduction) }
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
        // By index, each field read in place: `for b in benchmarks` copies every benchmark (its strings).
        for i in benchmarks.indices {
            w.beginObject()
            w.key("id"); w.string(benchmarks[i].id)
            w.key("met"); w.optional(benchmarks[i].met) { $0.bool($1) }
            w.key("metByPlanned"); w.optional(benchmarks[i].metByPlanned) { $0.bool($1) }
            w.key("planReductionPercent"); w.optionalNumber(benchmarks[i].planReductionPercent)
            w.key("plannedReductionPercent"); w.optionalNumber(benchmarks[i].plannedReductionPercent)
            w.key("reason"); w.optional(benchmarks[i].reason) { $0.string($1) }
            w.key("reductionPercent"); w.number(benchmarks[i].reductionPercent)
            w.key("referenceYear"); w.int(benchmarks[i].referenceYear)
            if full { w.key("source"); w.string(benchmarks[i].source) }
            w.key("status"); w.string(benchmarks[i].status.rawValue)
            if full { w.key("title"); w.string(benchmarks[i].title) }
            w.key("year"); w.int(benchmarks[i].year)
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
        if full { w.key("gapNetZeroYearTco2e"); w.optionalNumber(gapNetZeroYearTco2e) }
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
        if full {
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
        }
        w.key("targetTco2e"); w.numbers(targetTco2e)
        if full {
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
        }
        w.key("unquantifiedActions"); w.int(unquantifiedActions)
        w.key("years"); w.years(years)
        w.endObject()
    }

    private func writeSummary(to w: inout JSONOutput) {
        w.beginObject()
        w.key("baseYear"); w.int(baseYear)
        w.key("baselineTco2e"); w.number(baselineTco2e)
        w.key("gap2030Tco2e"); w.optionalNumber(gap2030Tco2e)
        w.key("gapTco2e"); w.numbers(gapTco2e)
        w.key("netZeroYearPlanned"); w.optional(netZeroYearPlanned) { $0.int($1) }
        w.key("years"); w.years(years)
        w.endObject()
    }
}

extension JSONOutput {
    mutating func years(_ years: [Int]) {
        beginArray()
        for y in years { int(y) }
        endArray()
    }
}
