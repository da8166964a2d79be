import Foundation
import PlanReviewContract

/// A report measured against its plan: per reported year reported vs planned vs target, the rates,
/// the trend, the actions, and the verdict. Formulas and the definition of "on track":
/// docs/DOMAIN.md, "Progress". Pure: values in, values out.
struct ProgressAssessment {
    var status: ProgressStatus = .insufficientData
    var scope: ProgressScope?
    var reportedYears: [ReportedYear] = []
    var verdict: ProgressVerdict
    var rates: ProgressRates?
    var trend: ProgressTrend?
    var actions: [ActionProgress] = []
    var trajectory: ProgressTrajectory?
    var sectors: [SectorProgress] = []
    var notes: [ResultNote] = []

    init(job: Job, pathway: Pathway, ruleset: Ruleset, report: ProgressReport, referenceYear: Int, language l: Language) {
        let settings = ruleset.progress
        let tolerance = settings.tolerancePercent
        verdict = ProgressVerdict(year: nil, ageYears: nil, tolerancePercent: tolerance, maxDataAgeYears: settings.maxDataAgeYears, criteria: [], message: "")

        // The scope: all sectors when the latest year has a total, else the sectors it reports.
        let emissions = report.emissions
        let inventorySectors = Set((job.plan.inventory?.entries ?? []).map(\.sector))
        var sectors: Set<GPCSector>?
        if let latest = emissions.map(\.year).max(), !emissions.contains(where: { $0.year == latest && $0.sector == nil }) {
            let reported = Set(emissions.filter { $0.year == latest }.compactMap(\.sector))
            if !reported.isSuperset(of: inventorySectors) { sectors = reported }
        }
        var series: [(year: Int, tco2e: Double)] = []
        if let sectors {
            for year in Set(emissions.map(\.year)).sorted() {
                let parts = emissions.filter { $0.year == year && $0.sector.map(sectors.contains) == true }
                if parts.count == sectors.count { series.append((year, parts.reduce(0) { $0 + $1.tco2e })) }
            }
            notes.append(ResultNote(pointer: "/reported/emissions", code: "sector_scope", message: ProgressText.sectorsOutsideScope(l)))
        } else {
            var byYear: [Int: Double] = [:]
            for e in emissions where e.sector == nil { byYear[e.year] = e.tco2e }
            // A year reported only by sector counts when its sectors cover the inventory's.
            for year in Set(emissions.map(\.year)) where byYear[year] == nil {
                let parts = emissions.filter { $0.year == year && $0.sector != nil }
                if Set(parts.compactMap(\.sector)).isSuperset(of: inventorySectors) { byYear[year] = parts.reduce(0) { $0 + $1.tco2e } }
            }
            series = byYear.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        series = series.map { ($0.year, round1($0.tco2e)) }

        let scopedJob = sectors.map { ScopedPlan.restrict(job, to: $0, baselineTco2e: pathway.baselineTco2e) } ?? job
        let scoped = sectors == nil ? pathway : (PathwayCalculator.compute(job: scopedJob, ruleset: ruleset) ?? pathway)
        scope = ProgressScope(sectors: sectors.map { s in GPCSector.allCases.filter(s.contains) }, baseYear: scoped.baseYear, baselineTco2e: scoped.baselineTco2e)
        func index(_ year: Int) -> Int? {
            let i = year - scoped.baseYear
            return i >= 0 && i < scoped.years.count ? i : nil
        }

        // Per reported year.
        for (year, reported) in series {
            var entry = ReportedYear(year: year, reportedTco2e: reported)
            if let i = index(year) {
                let planned = scoped.plannedTco2e[i], target = scoped.targetTco2e[i]
                entry.plannedTco2e = planned
                entry.targetTco2e = target
                entry.deviationTco2e = round1(reported - planned)
                entry.deviationPercent = planned > 0 ? round1(100 * (reported - planned) / planned) : nil
                entry.targetDeviationTco2e = round1(reported - target)
                entry.targetDeviationPercent = target > 0 ? round1(100 * (reported - target) / target) : nil
            }
            reportedYears.append(entry)
        }
        let endYear = scoped.years.last ?? scoped.baseYear
        let tracked = series.filter { $0.year > scoped.baseYear && $0.year <= endYear }
        let latest = tracked.last

        // Targets after the latest year (or after the reference year's last full year without one).
        let from = latest?.year ?? (referenceYear - 1)
        let appliedYears = scoped.targets.filter { $0.applied && $0.year > from }.map(\.year)
        let nextTargetYear = appliedYears.min()
        let netZeroYear = scoped.netZeroTargetYear.flatMap { $0 > from ? $0 : nil }

        // Actions, and the plan without what the lagging ones take out.
        var schedule = ActionSchedule(plan: job.plan.actions ?? [], reported: report.actions ?? [], referenceYear: referenceYear, tolerancePercent: tolerance)
        for (i, id) in schedule.unknownIds {
            notes.append(ResultNote(pointer: "/reported/actions/\(i)/id", code: "unknown_action", message: ProgressText.unknownAction(id, l)))
        }
        for (i, word) in schedule.unknownStatuses {
            let text = VocabularyText.unknownWord(word, field: "status")
            notes.append(ResultNote(pointer: "/reported/actions/\(i)/status", code: text.code, message: text.text(l)))
        }
        var adjustedJob = job
        adjustedJob.plan.actions = schedule.adjustedActions
        if let sectors { adjustedJob = ScopedPlan.restrict(adjustedJob, to: sectors, baselineTco2e: pathway.baselineTco2e) }
        let adjusted = PathwayCalculator.compute(job: adjustedJob, ruleset: ruleset)?.plannedTco2e ?? scoped.plannedTco2e
        // The year the actions are judged in: the first coming target year whose planned level the
        // lagging actions push beyond the tolerance, else the next target year.
        func holds(_ year: Int) -> Bool {
            guard let a = index(year) else { return true }
            let bound = max(scoped.plannedTco2e[a], scoped.targetTco2e[a])
            return adjusted[a] - scoped.plannedTco2e[a] <= 0 || adjusted[a] <= bound + max(bound, 0) * tolerance / 100
        }
        let failing = appliedYears.sorted().first { !holds($0) }
        let assessmentYear = failing ?? nextTargetYear ?? netZeroYear ?? endYear
        schedule.setLost(in: assessmentYear)
        actions = schedule.progress
        trajectory = ProgressTrajectory(
            years: scoped.years, targetTco2e: scoped.targetTco2e, plannedTco2e: scoped.plannedTco2e, adjustedPlannedTco2e: adjusted,
            lostTco2e: zip(adjusted, scoped.plannedTco2e).map { round1($0 - $1) }, assessmentYear: assessmentYear,
            netZeroTargetYear: scoped.netZeroTargetYear)

        // Rates and trend.
        var achieved: AchievedRate?
        if let first = series.first, let last = series.last, last.year > first.year, first.tco2e > 0, last.tco2e > 0 {
            achieved = AchievedRate(fromYear: first.year, toYear: last.year, annualRate: round4(1 - pow(last.tco2e / first.tco2e, 1 / Double(last.year - first.year))))
        }
        func needed(_ year: Int?) -> NeededRate? {
            guard let year, let latest, let i = index(year), year > latest.year else { return nil }
            let target = scoped.targetTco2e[i], e = latest.tco2e, span = Double(year - latest.year)
            let rate: Double? = target > 0 && e > 0 ? round4(1 - pow(target / e, 1 / span)) : nil
            let linear = round1((e - target) / span)
            return NeededRate(year: year, targetTco2e: target, annualRate: rate, linearTco2ePerYear: linear, linearShareOfLatest: e > 0 ? round4(linear / e) : nil)
        }
        let next = needed(nextTargetYear)
        rates = ProgressRates(achieved: achieved, nextTarget: next, netZero: needed(netZeroYear), achievableRateCap: settings.achievableRateCap)
        if series.count >= 2 { trend = Self.trend(series, projectionYear: nextTargetYear ?? assessmentYear) }

        sectorReports(job: job, pathway: pathway, ruleset: ruleset, emissions: emissions)

        // The verdict.
        var criteria: [VerdictCriterion] = []
        guard let latest else {
            criteria.append(VerdictCriterion(id: "data_recent", met: false, message: ProgressText.noReportedYear(baseYear: scoped.baseYear, endYear: endYear, l)))
            finish(.insufficientData, criteria, year: nil, age: nil, l)
            return
        }
        let age = referenceYear - latest.year
        let recent = age <= settings.maxDataAgeYears
        criteria.append(VerdictCriterion(id: "data_recent", met: recent, message: ProgressText.dataAge(year: latest.year, age: age, referenceYear: referenceYear, max: settings.maxDataAgeYears, met: recent, l)))
        guard recent else {
            finish(.insufficientData, criteria, year: latest.year, age: age, l)
            return
        }
        let i = index(latest.year)!
        let planned = scoped.plannedTco2e[i]
        let within = latest.tco2e <= planned + max(planned, 0) * tolerance / 100
        criteria.append(VerdictCriterion(id: "latest_within_plan", met: within, message: ProgressText.withinPlan(
            year: latest.year, reported: latest.tco2e, planned: planned, deviation: reportedYears.first { $0.year == latest.year }?.deviationPercent,
            tolerance: tolerance, met: within, l)))
        if let next {
            let rate = next.annualRate ?? next.linearShareOfLatest ?? 0
            if rate <= 0 {
                criteria.append(VerdictCriterion(id: "next_target_rate_achievable", met: true, message: ProgressText.alreadyBelowTarget(year: next.year, l)))
            } else {
                let met = rate <= max(settings.achievableRateCap, achieved?.annualRate ?? 0)
                criteria.append(VerdictCriterion(id: "next_target_rate_achievable", met: met, message: ProgressText.rateAchievable(needed: rate, year: next.year, achieved: achieved?.annualRate, cap: settings.achievableRateCap, met: met, l)))
            }
        } else {
            criteria.append(VerdictCriterion(id: "next_target_rate_achievable", met: nil, message: ProgressText.noNextTarget(after: latest.year, l)))
        }
        if let a = index(assessmentYear) {
            let lost = round1(adjusted[a] - scoped.plannedTco2e[a])
            criteria.append(VerdictCriterion(id: "actions_keep_pathway", met: failing == nil, message: ProgressText.actionsKeepPathway(year: assessmentYear, lost: lost, adjusted: adjusted[a], planned: scoped.plannedTco2e[a], met: failing == nil, l)))
        }
        finish(criteria.allSatisfy { $0.met != false } ? .onTrack : .offTrack, criteria, year: latest.year, age: age, l)
    }

    private mutating func finish(_ status: ProgressStatus, _ criteria: [VerdictCriterion], year: Int?, age: Int?, _ l: Language) {
        self.status = status
        verdict.year = year
        verdict.ageYears = age
        verdict.criteria = criteria
        verdict.message = ProgressText.verdict(status, year: year, l)
    }

    /// Least squares through the points, extended to `projectionYear` (Klimatkollen draws the same
    /// linear trend of the reported years forward).
    static func trend(_ points: [(year: Int, tco2e: Double)], projectionYear: Int) -> ProgressTrend? {
        let n = Double(points.count)
        let mx = points.reduce(0.0) { $0 + Double($1.year) } / n
        let my = points.reduce(0.0) { $0 + $1.tco2e } / n
        var sxx = 0.0, sxy = 0.0
        for p in points {
            sxx += (Double(p.year) - mx) * (Double(p.year) - mx)
            sxy += (Double(p.year) - mx) * (p.tco2e - my)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        let projected = max(0, my + slope * (Double(projectionYear) - mx))
        var zeroYear: Int?
        if slope < 0 {
            let x = mx - my / slope
            if x.isFinite, x < 10_000 { zeroYear = Int(x.rounded(.up)) }
        }
        return ProgressTrend(fromYear: points.first!.year, toYear: points.last!.year, slopeTco2ePerYear: round1(slope), projectionYear: projectionYear, projectedTco2e: round1(projected), zeroYear: zeroYear)
    }

    /// The latest report of each sector against that sector's own planned and target lines.
    private mutating func sectorReports(job: Job, pathway: Pathway, ruleset: Ruleset, emissions: [ReportedEmissions]) {
        for sector in GPCSector.allCases {
            guard let latest = emissions.filter({ $0.sector == sector }).max(by: { $0.year < $1.year }) else { continue }
            let reported = round1(latest.tco2e)
            var entry = SectorProgress(sector: sector, year: latest.year, reportedTco2e: reported, baselineTco2e: pathway.baselineBySector[sector], plannedTco2e: nil, targetTco2e: nil, deviationTco2e: nil, deviationPercent: nil)
            let restricted = ScopedPlan.restrict(job, to: [sector], baselineTco2e: pathway.baselineTco2e)
            if let p = PathwayCalculator.compute(job: restricted, ruleset: ruleset) {
                let i = latest.year - p.baseYear
                if i >= 0, i < p.years.count {
                    entry.plannedTco2e = p.plannedTco2e[i]
                    entry.targetTco2e = p.targetTco2e[i]
                    entry.deviationTco2e = round1(reported - p.plannedTco2e[i])
                    entry.deviationPercent = p.plannedTco2e[i] > 0 ? round1(100 * (reported - p.plannedTco2e[i]) / p.plannedTco2e[i]) : nil
                }
            }
            sectors.append(entry)
        }
    }
}
