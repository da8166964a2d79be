import Foundation
import PlanReviewContract
import PlanReviewJSON

/// Builds a plan's emissions pathway: baseline, target trajectory, BAU, planned trajectory, gap,
/// rates, sector contributions, benchmarks and carbon budget. Formulas: docs/DOMAIN.md.
///
/// Pure and deterministic: IEEE double arithmetic in a fixed order, figures rounded half away
/// from zero when the pathway is built, derived figures computed from the rounded ones.
public enum PathwayCalculator {
    /// The year the gap and the actions' share are singled out for (Klimaloven's 70 % year).
    public static let milestoneYear = 2030
    /// Budget exhaustion is searched up to this year.
    public static let budgetSearchEndYear = 2100

    /// nil when the plan has no inventory to start from.
    public static func compute(job: Job, ruleset: Ruleset) -> Pathway? {
        guard let inventory = job.plan.inventory else { return nil }
        let language = job.effectiveLanguage
        var notes: [PathwayNote] = []
        let baseYear = inventory.baseYear

        // Baseline
        var bySector = SectorValues()
        var byScope = ScopeValues()
        var baselineRaw = 0.0
        for entry in inventory.entries {
            guard let t = entry.tco2e else { continue }
            baselineRaw += t
            bySector[entry.sector] += t
            switch entry.scope {
            case 1: byScope.scope1 += t
            case 2: byScope.scope2 += t
            default: byScope.scope3 += t
            }
        }
        let baseline = round1(baselineRaw)
        for sector in GPCSector.allCases { bySector[sector] = round1(bySector[sector]) }
        byScope.scope1 = round1(byScope.scope1)
        byScope.scope2 = round1(byScope.scope2)
        byScope.scope3 = round1(byScope.scope3)
        if baseline == 0 { notes.append(PathwayText.zeroBaseline.note(language)) }

        // Reference totals: the base year from the inventory, other years from history.
        var referenceTotals = [ReferenceTotal(year: baseYear, tco2e: baseline, source: "inventory")]
        for point in inventory.history ?? [] where point.sector == nil {
            if point.year == baseYear {
                if round1(point.tco2e) != baseline { notes.append(PathwayText.historyOverriddenByInventory(year: baseYear).note(language)) }
                continue
            }
            guard !referenceTotals.contains(where: { $0.year == point.year }) else { continue }
            referenceTotals.append(ReferenceTotal(year: point.year, tco2e: round1(point.tco2e), source: "history"))
        }
        referenceTotals.sort { $0.year < $1.year }
        let referenceByYear = ReferenceLookup(referenceTotals)
        let residualThreshold = round1(baseline * ruleset.pathway.residualSharePercent / 100)

        // Targets as absolute figures, per sector group (v1.1 `sectors`; default all sectors).
        let allSectors = GPCSectorSet.all
        func reference(_ year: Int, _ sectors: GPCSectorSet) -> Double? {
            if year == baseYear { return sectors == allSectors ? baseline : round1(sectors.reduce(0) { $0 + bySector[$1] }) }
            if sectors == allSectors { return referenceByYear[year] }
            var sum = 0.0
            for s in sectors {
                guard let p = inventory.history?.first(where: { $0.year == year && $0.sector == s }) else { return nil }
                sum += p.tco2e
            }
            return round1(sum)
        }
        let targets = (job.plan.targets ?? []).filter { $0.kind != nil }.sorted { $0.year < $1.year }
        var resolved: [ResolvedTarget] = []
        var targetPoints: [(year: Int, value: Double)] = [(baseYear, baseline)]
        // A net-zero target for all sectors means 100 % from its year on (v1.1): later targets are implied.
        let firstNetZero = targets.first { $0.kind == .netZero && $0.sectors == nil && $0.year > baseYear }?.year
        var k = 0
        while k < targets.count {
            let year = targets[k].year
            var group: [Target] = []
            while k < targets.count, targets[k].year == year {
                group.append(targets[k])
                k += 1
            }
            var yearValue = 0.0
            var covered = GPCSectorSet()
            var complete = true
            for t in group {
                guard let kind = t.kind else { continue }
                let sectors = t.sectors.map(GPCSectorSet.init) ?? allSectors
                var absolute: Double?
                var referenceYear: Int?
                switch kind {
                case .absolute: absolute = t.tco2e.map(round1)
                case .netZero: absolute = sectors == allSectors ? residualThreshold : 0
                case .reduction:
                    let ref = t.baseYear ?? baseYear
                    referenceYear = ref
                    if let total = reference(ref, sectors), let pct = t.reductionPercent {
                        absolute = round1(total * (1 - pct / 100))
                    } else {
                        notes.append(PathwayText.targetWithoutReferenceTotal(year: t.year, referenceYear: ref).note(language))
                    }
                }
                let implied = firstNetZero.map { t.year > $0 } ?? false
                let applied = absolute != nil && t.year > baseYear && !implied
                resolved.append(ResolvedTarget(year: t.year, kind: kind, reductionPercent: t.reductionPercent, referenceYear: referenceYear, tco2e: absolute, applied: applied, sectors: t.sectors))
                if applied, let absolute {
                    yearValue += absolute
                    covered.formUnion(sectors)
                } else {
                    complete = false
                }
            }
            guard complete, !covered.isEmpty, targetPoints.last!.year < year else { continue }
            // Sectors without a target of their own in that year stay at their base-year level.
            for s in allSectors.subtracting(covered) { yearValue += bySector[s] }
            targetPoints.append((year, round1(yearValue)))
        }
        if targets.isEmpty { notes.append(PathwayText.noTargets.note(language)) }
        let netZeroTargetYear = firstNetZero

        // Years
        let endYear = max(ruleset.pathway.horizonYear, netZeroTargetYear ?? baseYear, baseYear)
        let years = Array(baseYear...endYear)
        let n = years.count

        // Business as usual
        var bauPoints: [(year: Int, value: Double)] = [(baseYear, baseline)]
        let bauSource: BAUSource
        if let given = job.plan.businessAsUsual, !given.isEmpty {
            bauSource = .given
            for p in given.sorted(by: { $0.year < $1.year }) where p.year > bauPoints.last!.year {
                bauPoints.append((p.year, p.tco2e))
            }
        } else {
            bauSource = .flatFromBaseline
            notes.append(PathwayText.bauFlatFromBaseline.note(language))
        }
        let targetRaw = interpolate(targetPoints, from: baseYear, count: n)
        let bauRaw = interpolate(bauPoints, from: baseYear, count: n)

        // Actions: linear ramp from 0 in startYear to full effect in fullEffectYear.
        var reduction = [Double](repeating: 0, count: n)
        // One array, a row of `n` years per sector (`sectorIndex`): an array of five rows shared one
        // row, copied at each sector's first action (an allocation each).
        var sectorReduction = [Double](repeating: 0, count: GPCSector.allCases.count * n)
        var sectorFull = SectorValues()
        var sectorCount = [Int](repeating: 0, count: GPCSector.allCases.count)
        var sector2030 = SectorValues()
        let milestoneIndex = milestoneYear - baseYear
        let hasMilestone = milestoneIndex >= 0 && milestoneIndex < n
        var unquantified = 0
        var compensationRaw = [Double](repeating: 0, count: n)
        var excluded: [ExcludedAction] = []
        let actions = job.plan.actions ?? []
        for a in actions.indices {
            // Field by field: copying a whole action would retain each of its strings.
            let sector = actions[a].sector
            // v1.1: cancelled and paused actions contribute nothing; compensation is reported
            // beside the territorial pathway and never lowers it (removals do: they are net).
            let status = actions[a].status.flatMap(ActionStatus.parse)
            let isCompensation = actions[a].kind.flatMap(ActionKind.parse) == .compensation
            if let status, !status.contributes {
                excluded.append(ExcludedAction(id: actions[a].id, reason: status.rawValue))
                continue
            }
            if isCompensation { excluded.append(ExcludedAction(id: actions[a].id, reason: ActionKind.compensation.rawValue)) }
            if !isCompensation { sectorCount[sectorIndex(sector)] += 1 }
            guard let r = actions[a].reductionTco2e, let start = actions[a].startYear else {
                if !isCompensation { unquantified += 1 }
                continue
            }
            let full = max(actions[a].fullEffectYear ?? start, start)
            if isCompensation {
                for i in 0..<n { compensationRaw[i] += r * rampShare(year: years[i], start: start, full: full) }
                continue
            }
            sectorFull[sector] += r
            // Through buffers: indexing the nested array checked both arrays' uniqueness per year.
            let rowStart = sectorIndex(sector) * n
            sectorReduction.withUnsafeMutableBufferPointer { rows in
                reduction.withUnsafeMutableBufferPointer { total in
                    for i in 0..<n {
                        let share = rampShare(year: years[i], start: start, full: full)
                        if share == 0 { continue }
                        total[i] += r * share
                        rows[rowStart + i] += r * share
                    }
                }
            }
            if hasMilestone { sector2030[sector] += r * rampShare(year: milestoneYear, start: start, full: full) }
        }
        if unquantified > 0 { notes.append(PathwayText.unquantifiedActions(count: unquantified).note(language)) }

        // Series, rounded; the gap from the rounded series so it adds up in the JSON.
        var target = [Double](repeating: 0, count: n)
        var bau = [Double](repeating: 0, count: n)
        var planned = [Double](repeating: 0, count: n)
        var gap = [Double](repeating: 0, count: n)
        var cumulative = 0.0
        var netZeroYearPlanned: Int?
        var firstBelowZero: Int?
        for i in 0..<n {
            target[i] = round1(targetRaw[i])
            bau[i] = round1(bauRaw[i])
            planned[i] = round1(bauRaw[i] - reduction[i])
            gap[i] = round1(planned[i] - target[i])
            cumulative += planned[i]
            if netZeroYearPlanned == nil, planned[i] <= residualThreshold { netZeroYearPlanned = years[i] }
            if firstBelowZero == nil, planned[i] < 0 { firstBelowZero = years[i] }
        }
        if let firstBelowZero { notes.append(PathwayText.plannedBelowZero(year: firstBelowZero).note(language)) }

        var gap2030: Double?
        var actionsShare: Double?
        if hasMilestone {
            gap2030 = gap[milestoneIndex]
            let needed = bau[milestoneIndex] - target[milestoneIndex]
            if needed > 0 { actionsShare = round4((bau[milestoneIndex] - planned[milestoneIndex]) / needed) }
        }
        let gapNetZero = netZeroTargetYear.map { gap[$0 - baseYear] }

        // Required constant annual reduction rate from the base year to each applied target.
        var rates: [RequiredReductionRate] = []
        for t in resolved where t.applied {
            guard let tco2e = t.tco2e else { continue }
            let span = Double(t.year - baseYear)
            var rate: Double?
            if baseline > 0, tco2e > 0 { rate = round4(1 - pow(tco2e / baseline, 1 / span)) }
            rates.append(RequiredReductionRate(targetYear: t.year, targetTco2e: tco2e, annualRate: rate, linearTco2ePerYear: round1((baseline - tco2e) / span)))
        }

        let contributions = GPCSector.allCases.map { sector in
            SectorContribution(
                sector: sector,
                baselineTco2e: bySector[sector],
                actionCount: sectorCount[sectorIndex(sector)],
                fullEffectReductionTco2e: round1(sectorFull[sector]),
                reduction2030Tco2e: hasMilestone ? round1(sector2030[sector]) : nil,
                shareOfSectorBaseline: bySector[sector] > 0 ? round4(sectorFull[sector] / bySector[sector]) : nil)
        }

        let series = Series(baseYear: baseYear, endYear: endYear, target: target, planned: planned, residualThreshold: residualThreshold)
        let benchmarks = BenchmarkEvaluator.evaluate(ruleset.benchmarks, series: series, references: referenceByYear, language: language)

        var budget: BudgetResult?
        if let definition = job.plan.carbonBudget {
            let scope = CarbonBudgetPathway.scope(of: definition)
            // The planned emissions of the budget's scope: the scope's share of BAU (BAU is a
            // total) minus the scope's actions.
            let scopeBaseline = round1(scope.sectors.reduce(0) { $0 + bySector[$1] })
            let scoped: [Double] = scope == .allGHG ? planned : (0..<n).map { i in
                let share = baseline != 0 ? bauRaw[i] / baseline : 1
                return round1(scopeBaseline * share - scope.sectors.reduce(0) { $0 + sectorReduction[sectorIndex($1) * n + i] })
            }
            var earlier: [(year: Int, tco2e: Double)] = []
            for p in inventory.history ?? [] where p.year < baseYear {
                if scope == .allGHG, p.sector == nil { earlier.append((p.year, p.tco2e)) }
            }
            if scope == .energyCO2 {
                for year in Set((inventory.history ?? []).map(\.year)) where year < baseYear {
                    let parts = (inventory.history ?? []).filter { $0.year == year && $0.sector.map(scope.sectors.contains) == true }
                    if parts.count == scope.sectors.count { earlier.append((year, parts.reduce(0) { $0 + $1.tco2e })) }
                }
            }
            if definition.fromYear < baseYear, !earlier.contains(where: { $0.year <= definition.fromYear }) {
                notes.append(PathwayText.budgetBeforeBaseYear(fromYear: definition.fromYear, baseYear: baseYear).note(language))
            }
            budget = CarbonBudgetPathway.evaluate(
                definition, scope: scope, scopeBaseline: scopeBaseline, planned: scoped, earlier: earlier.sorted { $0.year < $1.year },
                series: series)
        }

        var removals = 0.0
        for e in inventory.entries { if let t = e.tco2e, t < 0 { removals += t } }
        var mankoStated: StatedManko?
        if let m = job.plan.manko {
            let i = m.year - baseYear
            mankoStated = StatedManko(year: m.year, tco2e: round1(m.tco2e), handling: m.handling ?? [], computedGapTco2e: i >= 0 && i < n ? gap[i] : nil)
        }

        return Pathway(
            baseYear: baseYear,
            baselineTco2e: baseline,
            baselineBySector: bySector,
            baselineByScope: byScope,
            referenceTotals: referenceTotals,
            residualThresholdTco2e: residualThreshold,
            years: years,
            targetTco2e: target,
            businessAsUsualTco2e: bau,
            plannedTco2e: planned,
            gapTco2e: gap,
            bauSource: bauSource,
            targets: resolved,
            netZeroTargetYear: netZeroTargetYear,
            netZeroYearPlanned: netZeroYearPlanned,
            gap2030Tco2e: gap2030,
            gapNetZeroYearTco2e: gapNetZero,
            actionsShareOf2030Reduction: actionsShare,
            cumulativePlannedTco2e: round1(cumulative),
            requiredAnnualReductionRates: rates,
            sectorContributions: contributions,
            unquantifiedActions: unquantified,
            benchmarks: benchmarks,
            budget: budget,
            notes: notes,
            removalsTco2e: round1(removals),
            compensationTco2e: compensationRaw.map(round1),
            excludedActions: excluded,
            mankoStated: mankoStated)
    }

    /// Share of an action's full reduction in `year`: 0 up to `start`, linear to 1 at `full`,
    /// 1 after; a step to 1 at `start` when `full == start`.
    public static func rampShare(year: Int, start: Int, full: Int) -> Double {
        if year < start { return 0 }
        if year >= full { return 1 }
        return Double(year - start) / Double(full - start)
    }

    /// Piecewise-linear values for `count` consecutive years from `from`, flat after the last
    /// point. `points` are sorted by year with distinct years, the first at `from`.
    public static func interpolate(_ points: [(year: Int, value: Double)], from: Int, count: Int) -> [Double] {
        var out = [Double](repeating: points.last?.value ?? 0, count: count)
        guard var segment = points.indices.first else { return out }
        for i in 0..<count {
            let year = from + i
            while segment + 1 < points.count, points[segment + 1].year <= year { segment += 1 }
            if segment + 1 >= points.count {
                out[i] = points[segment].value
            } else {
                let (y0, v0) = points[segment]
                let (y1, v1) = points[segment + 1]
                out[i] = year <= y0 ? v0 : v0 + (v1 - v0) * Double(year - y0) / Double(y1 - y0)
            }
        }
        return out
    }

    private static func sectorIndex(_ sector: GPCSector) -> Int {
        switch sector {
        case .stationaryEnergy: 0
        case .transport: 1
        case .waste: 2
        case .ippu: 3
        case .afolu: 4
        }
    }
}
