import PlanReviewContract
import PlanReviewJSON

/// The progress result's JSON, written like `ReviewResult.jsonBytes()`: UTF-8, keys sorted by
/// their bytes (debug builds assert the order), no whitespace, every field present (null when it
/// has no value) except `errors` (only rejected) and `timings` (only when set).
extension ProgressResult {
    public func jsonBytes() -> [UInt8] {
        var w = JSONOutput(capacity: 4096 + 96 * (trajectory?.years.count ?? 0))
        write(to: &w)
        return w.finish()
    }

    func write(to w: inout JSONOutput) {
        w.beginObject()
        w.key("actions")
        w.beginArray()
        for a in actions { a.write(to: &w) }
        w.endArray()
        w.key("contentHash"); w.optional(contentHash) { $0.string($1) }
        w.key("correlationId"); w.optional(correlationId) { $0.string($1) }
        if let errors {
            w.key("errors")
            w.validationIssues(errors)
        }
        w.key("jobId"); w.string(jobId)
        w.key("language"); w.string(language.rawValue)
        w.key("municipality"); w.municipalityRef(municipality)
        w.key("notes"); w.resultNotes(notes)
        w.key("plan")
        w.optional(plan) { w, p in
            w.beginObject()
            w.key("adoptedByCouncil"); w.optional(p.adoptedByCouncil) { $0.string($1) }
            w.key("contentHash"); w.optional(p.contentHash) { $0.string($1) }
            w.key("reviewStatus"); w.string(p.reviewStatus.rawValue)
            w.key("statedContentHash"); w.optional(p.statedContentHash) { $0.string($1) }
            w.key("title"); w.optional(p.title) { $0.string($1) }
            w.endObject()
        }
        w.key("rates")
        w.optional(rates) { w, r in
            w.beginObject()
            w.key("achievableRateCap"); w.number(r.achievableRateCap)
            w.key("achieved")
            w.optional(r.achieved) { w, a in
                w.beginObject()
                w.key("annualRate"); w.number(a.annualRate)
                w.key("fromYear"); w.int(a.fromYear)
                w.key("toYear"); w.int(a.toYear)
                w.endObject()
            }
            w.key("netZero"); w.optional(r.netZero) { $1.write(to: &$0) }
            w.key("nextTarget"); w.optional(r.nextTarget) { $1.write(to: &$0) }
            w.endObject()
        }
        w.key("referenceDate"); w.optional(referenceDate) { $0.string($1) }
        w.key("reportedYears")
        w.beginArray()
        for y in reportedYears {
            w.beginObject()
            w.key("deviationPercent"); w.optionalNumber(y.deviationPercent)
            w.key("deviationTco2e"); w.optionalNumber(y.deviationTco2e)
            w.key("plannedTco2e"); w.optionalNumber(y.plannedTco2e)
            w.key("reportedTco2e"); w.number(y.reportedTco2e)
            w.key("targetDeviationPercent"); w.optionalNumber(y.targetDeviationPercent)
            w.key("targetDeviationTco2e"); w.optionalNumber(y.targetDeviationTco2e)
            w.key("targetTco2e"); w.optionalNumber(y.targetTco2e)
            w.key("year"); w.int(y.year)
            w.endObject()
        }
        w.endArray()
        w.key("ruleset"); w.rulesetRef(ruleset)
        w.key("schema"); w.string(schema)
        w.key("scope")
        w.optional(scope) { w, s in
            w.beginObject()
            w.key("baseYear"); w.int(s.baseYear)
            w.key("baselineTco2e"); w.number(s.baselineTco2e)
            w.key("sectors")
            w.optional(s.sectors) { w, list in
                w.beginArray()
                for sector in list { w.string(sector.rawValue) }
                w.endArray()
            }
            w.endObject()
        }
        w.key("scores"); w.scores(scores)
        w.key("sectors")
        w.beginArray()
        for s in sectors {
            w.beginObject()
            w.key("baselineTco2e"); w.number(s.baselineTco2e)
            w.key("deviationPercent"); w.optionalNumber(s.deviationPercent)
            w.key("deviationTco2e"); w.optionalNumber(s.deviationTco2e)
            w.key("plannedTco2e"); w.optionalNumber(s.plannedTco2e)
            w.key("reportedTco2e"); w.number(s.reportedTco2e)
            w.key("sector"); w.string(s.sector.rawValue)
            w.key("targetTco2e"); w.optionalNumber(s.targetTco2e)
            w.key("year"); w.int(s.year)
            w.endObject()
        }
        w.endArray()
        w.key("status"); w.string(status.rawValue)
        if let timings {
            w.key("timings")
            w.timings(timings)
        }
        w.key("trajectory")
        w.optional(trajectory) { w, t in
            w.beginObject()
            w.key("adjustedPlannedTco2e"); w.numbers(t.adjustedPlannedTco2e)
            w.key("assessmentYear"); w.int(t.assessmentYear)
            w.key("lostTco2e"); w.numbers(t.lostTco2e)
            w.key("netZeroTargetYear"); w.optional(t.netZeroTargetYear) { $0.int($1) }
            w.key("plannedTco2e"); w.numbers(t.plannedTco2e)
            w.key("targetTco2e"); w.numbers(t.targetTco2e)
            w.key("years")
            w.beginArray()
            for y in t.years { w.int(y) }
            w.endArray()
            w.endObject()
        }
        w.key("trend")
        w.optional(trend) { w, t in
            w.beginObject()
            w.key("fromYear"); w.int(t.fromYear)
            w.key("projectedTco2e"); w.number(t.projectedTco2e)
            w.key("projectionYear"); w.int(t.projectionYear)
            w.key("slopeTco2ePerYear"); w.number(t.slopeTco2ePerYear)
            w.key("toYear"); w.int(t.toYear)
            w.key("zeroYear"); w.optional(t.zeroYear) { $0.int($1) }
            w.endObject()
        }
        w.key("verdict")
        w.optional(verdict) { w, v in
            w.beginObject()
            w.key("ageYears"); w.optional(v.ageYears) { $0.int($1) }
            w.key("criteria")
            w.beginArray()
            for c in v.criteria {
                w.beginObject()
                w.key("id"); w.string(c.id)
                w.key("message"); w.string(c.message)
                w.key("met"); w.optional(c.met) { $0.bool($1) }
                w.endObject()
            }
            w.endArray()
            w.key("maxDataAgeYears"); w.int(v.maxDataAgeYears)
            w.key("message"); w.string(v.message)
            w.key("tolerancePercent"); w.number(v.tolerancePercent)
            w.key("year"); w.optional(v.year) { $0.int($1) }
            w.endObject()
        }
        w.key("worker"); w.workerInfo(worker)
        w.endObject()
    }
}

extension ActionProgress {
    fileprivate func write(to w: inout JSONOutput) {
        w.beginObject()
        w.key("achievedTco2e"); w.optionalNumber(achievedTco2e)
        w.key("assessment"); w.string(assessment)
        w.key("expectedTco2e"); w.optionalNumber(expectedTco2e)
        w.key("fullEffectYear"); w.optional(fullEffectYear) { $0.int($1) }
        w.key("id"); w.string(id)
        w.key("lostTco2e"); w.number(lostTco2e)
        w.key("note"); w.optional(note) { $0.string($1) }
        w.key("planStatus"); w.optional(planStatus) { $0.string($1) }
        w.key("reportedStatus"); w.optional(reportedStatus) { $0.string($1) }
        w.key("sector"); w.string(sector.rawValue)
        w.key("startYear"); w.optional(startYear) { $0.int($1) }
        w.key("title"); w.string(title)
        w.endObject()
    }
}

extension NeededRate {
    fileprivate func write(to w: inout JSONOutput) {
        w.beginObject()
        w.key("annualRate"); w.optionalNumber(annualRate)
        w.key("linearShareOfLatest"); w.optionalNumber(linearShareOfLatest)
        w.key("linearTco2ePerYear"); w.number(linearTco2ePerYear)
        w.key("targetTco2e"); w.number(targetTco2e)
        w.key("year"); w.int(year)
        w.endObject()
    }
}
