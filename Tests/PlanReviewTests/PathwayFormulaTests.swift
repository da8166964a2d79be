import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewReports
import PlanReviewResources
import Testing

/// Formulas with hand-computed expectations (docs/DOMAIN.md gives the formulas).
@Suite struct PathwayFormulaTests {
    /// A small plan: base 2020, 1,000 t in one sector, no BAU, the given targets and actions.
    private func plan(targets: [Target] = [], actions: [MitigationAction] = [], budget: CarbonBudget? = nil, bau: [EmissionsPoint]? = nil, history: [EmissionsPoint]? = nil) -> Job {
        Job(
            jobId: "t", municipality: JobMunicipality(code: 101),
            plan: Plan(
                inventory: Inventory(baseYear: 2020, entries: [
                    InventoryEntry(sector: .transport, scope: 1, tco2e: 600),
                    InventoryEntry(sector: .stationaryEnergy, scope: 2, tco2e: 400),
                    InventoryEntry(sector: .waste, scope: 3, notation: .ne),
                ], history: history),
                targets: targets, businessAsUsual: bau, carbonBudget: budget, actions: actions))
    }

    private func pathway(_ job: Job, residualSharePercent: Double = 0) -> Pathway {
        var ruleset = Fixtures.ruleset
        ruleset.pathway.residualSharePercent = residualSharePercent
        return PathwayCalculator.compute(job: job, ruleset: ruleset)!
    }

    private func value(_ p: Pathway, _ series: KeyPath<Pathway, [Double]>, _ year: Int) -> Double {
        p[keyPath: series][year - p.baseYear]
    }

    // MARK: Carbon budget, discrete yearly sums on both sides (issue 12): Σ E0·q^t = E0/(1 − q) = B,
    // so rate = 1 − q = E0/B, k = −ln q, 95 % used at t0 + ln(20)/k

    @Test(arguments: [
        // (E0, B, fromYear, rate, year95): e.g. rate 0.1: k = −ln 0.9 = 0.10536; 2020 + 28.433 = 2048.4
        (100.0, 1_000.0, 2020, 0.1, 2048.4),
        (1_000.0, 5_000.0, 2025, 0.2, 2038.4),  // k = 0.22314; 2025 + 13.425
        (395_900.0, 3_200_000.0, 2022, 0.1237, 2044.7),  // rate 0.12372; k = 0.13207; 2022 + 22.683
        (50.0, 10_000.0, 2020, 0.005, 2617.6),  // k = 0.0050125; 2020 + 597.65
    ])
    func budgetRateAndYear95(e0: Double, budget: Double, from: Int, rate: Double, year95: Double) {
        // The old continuous k = E0/B compared with yearly sums made an exact follower overshoot.
        let p = pathway(plan(budget: CarbonBudget(budgetTco2e: budget, fromYear: from, toYear: 2100, startEmissionsTco2e: e0)))
        #expect(p.budget?.annualReductionRate == rate)
        #expect(p.budget?.year95PercentUsed == year95)
        #expect(p.budget?.startEmissionsSource == "given")
    }

    @Test func budgetWithoutStartEmissionsUsesTheInventoryAndFindsExhaustion() {
        // Flat 1,000 t a year from 2020: 10,500 t are exceeded in the 11th year (2030: 11,000).
        let p = pathway(plan(budget: CarbonBudget(budgetTco2e: 10_500, fromYear: 2020, toYear: 2040)))
        let b = p.budget!
        #expect(b.startEmissionsTco2e == 1_000)
        #expect(b.startEmissionsSource == "inventory")
        #expect(b.plannedCumulativeTco2e == 21_000)  // 2020...2040 = 21 years
        #expect(b.overshootTco2e == 10_500)
        #expect(b.yearExhaustedUnderPlan == 2030)
        let never = pathway(plan(budget: CarbonBudget(budgetTco2e: 1e9, fromYear: 2020, toYear: 2100))).budget!
        #expect(never.yearExhaustedUnderPlan == nil)
        #expect(never.overshootTco2e == 0)
        #expect(pathway(plan(budget: CarbonBudget(budgetTco2e: 10, fromYear: 2020, toYear: 2030, startEmissionsTco2e: 0))).budget?.year95PercentUsed == nil)
    }

    // MARK: Targets

    @Test func targetTrajectoryIsPiecewiseLinearThroughEveryTarget() {
        let p = pathway(plan(targets: [Target(year: 2030, tco2e: 500), Target(year: 2040, reductionPercent: 75), Target(year: 2050, netZero: true)]))
        #expect(value(p, \.targetTco2e, 2020) == 1_000)
        #expect(value(p, \.targetTco2e, 2025) == 750)  // halfway to 500
        #expect(value(p, \.targetTco2e, 2030) == 500)
        #expect(value(p, \.targetTco2e, 2035) == 375)  // halfway to 250 (75 % below 1,000)
        #expect(value(p, \.targetTco2e, 2045) == 125)
        #expect(value(p, \.targetTco2e, 2050) == 0)
        #expect(p.years.first == 2020 && p.years.last == 2050 && p.years.count == 31)
        #expect(p.netZeroTargetYear == 2050)
    }

    @Test func netZeroAfter2050ExtendsTheYearsAndUsesTheResidualShare() {
        let p = pathway(plan(targets: [Target(year: 2055, netZero: true)]), residualSharePercent: 10)
        #expect(p.years.last == 2055)
        #expect(p.residualThresholdTco2e == 100)
        #expect(value(p, \.targetTco2e, 2055) == 100)
        #expect(value(p, \.targetTco2e, 2040) == 485.7)  // 1,000 − 900 · 20/35 = 485.71
    }

    @Test func baseYearConversionThroughHistory() {
        // 70 % vs 1990 with 742,000 t in 1990 -> 222,600 t; 90 % -> 74,200 t (the example's targets).
        let job = plan(
            targets: [Target(year: 2030, reductionPercent: 70, baseYear: 1990), Target(year: 2040, reductionPercent: 90, baseYear: 1990)],
            history: [EmissionsPoint(year: 1990, tco2e: 742_000)])
        let p = pathway(job)
        #expect(p.targets.map(\.tco2e) == [222_600, 74_200])
        #expect(p.targets.allSatisfy { $0.applied })
        #expect(p.referenceTotals.map(\.year) == [1990, 2020])
        // Without the 1990 total the targets cannot be placed: left out, with a note.
        let without = pathway(plan(targets: [Target(year: 2030, reductionPercent: 70, baseYear: 1990)]))
        #expect(without.targets.first?.applied == false)
        #expect(without.notes.contains { $0.code == "target_without_reference_total" })
        #expect(value(without, \.targetTco2e, 2030) == 1_000)
    }

    @Test func requiredAnnualReductionRate() {
        // 1,000 -> 500 in 10 years: r = 1 − 0.5^(1/10) = 0.066967; linear 50 t a year.
        let p = pathway(plan(targets: [Target(year: 2030, reductionPercent: 50), Target(year: 2050, netZero: true)]))
        let first = p.requiredAnnualReductionRates.first
        #expect(first?.targetYear == 2030 && first?.targetTco2e == 500 && first?.annualRate == 0.067 && first?.linearTco2ePerYear == 50)
        // A target of zero: no constant rate reaches it.
        #expect(p.requiredAnnualReductionRates.last?.annualRate == nil)
        #expect(p.requiredAnnualReductionRates.last?.linearTco2ePerYear == 33.3)
    }

    // MARK: Actions and BAU

    @Test(arguments: [
        (2025, 0.0), (2026, 0.0), (2027, 0.5), (2028, 1.0), (2040, 1.0),
    ])
    func rampIsLinearFromStartToFullEffect(year: Int, share: Double) {
        #expect(PathwayCalculator.rampShare(year: year, start: 2026, full: 2028) == share)
    }

    @Test func rampWithFullEffectAtOnce() {
        #expect(PathwayCalculator.rampShare(year: 2025, start: 2026, full: 2026) == 0)
        #expect(PathwayCalculator.rampShare(year: 2026, start: 2026, full: 2026) == 1)
    }

    @Test func plannedIsBAUMinusRampedActions() {
        let p = pathway(plan(
            targets: [Target(year: 2030, tco2e: 600)],
            actions: [
                MitigationAction(id: "a", title: "A", sector: .transport, reductionTco2e: 100, startYear: 2022, fullEffectYear: 2026),
                MitigationAction(id: "b", title: "B", sector: .stationaryEnergy, reductionTco2e: 50, startYear: 2030),
                MitigationAction(id: "c", title: "C", sector: .waste),
            ],
            bau: [EmissionsPoint(year: 2030, tco2e: 900)]))
        #expect(p.bauSource == .given)
        #expect(value(p, \.businessAsUsualTco2e, 2025) == 950)  // halfway from 1,000 to 900
        #expect(value(p, \.plannedTco2e, 2024) == 960 - 50)  // BAU 960, action a at 2/4
        #expect(value(p, \.plannedTco2e, 2030) == 900 - 100 - 50)
        #expect(value(p, \.plannedTco2e, 2050) == 750)  // BAU flat after its last point
        #expect(p.gap2030Tco2e == 150)
        #expect(p.actionsShareOf2030Reduction == 0.5)  // 150 of the 300 needed from BAU
        #expect(p.unquantifiedActions == 1)
        let transport = p.sectorContributions.first { $0.sector == .transport }!
        #expect(transport.fullEffectReductionTco2e == 100 && transport.shareOfSectorBaseline == 0.1667 && transport.actionCount == 1)
        #expect(p.sectorContributions.first { $0.sector == .waste }?.actionCount == 1)
        #expect(p.baselineByScope.scope1 == 600 && p.baselineByScope.scope2 == 400 && p.baselineByScope.scope3 == 0)
    }

    @Test func bauIsFlatWithoutAProjectionAndSaysSo() {
        let p = pathway(plan())
        #expect(p.bauSource == .flatFromBaseline)
        #expect(p.businessAsUsualTco2e.allSatisfy { $0 == 1_000 })
        #expect(p.notes.map(\.code).contains("bau_flat_from_baseline"))
        #expect(p.notes.map(\.code).contains("no_targets"))
        #expect(p.netZeroYearPlanned == nil)
    }

    @Test func netZeroYearPlannedIsTheFirstYearAtTheThreshold() {
        let p = pathway(plan(actions: [MitigationAction(id: "a", title: "A", sector: .transport, reductionTco2e: 1_000, startYear: 2030, fullEffectYear: 2040)]))
        #expect(p.netZeroYearPlanned == 2040)
        #expect(value(p, \.plannedTco2e, 2035) == 500)
    }

    // MARK: Benchmarks

    @Test func benchmarksConvertReferenceYearsThroughHistory() {
        let job = plan(
            targets: [Target(year: 2030, reductionPercent: 70, baseYear: 1990), Target(year: 2050, netZero: true)],
            history: [EmissionsPoint(year: 1990, tco2e: 2_000), EmissionsPoint(year: 2019, tco2e: 1_100)])
        let p = pathway(job)
        let klimaloven2030 = p.benchmarks.first { $0.id == "klimaloven" && $0.year == 2030 }!
        #expect(klimaloven2030.reductionPercent == 70)
        #expect(klimaloven2030.planReductionPercent == 70)  // 600 t = 30 % of 2,000
        #expect(klimaloven2030.met == true)
        #expect(klimaloven2030.plannedReductionPercent == 50)  // flat 1,000 t
        #expect(klimaloven2030.metByPlanned == false)
        let ipcc2030 = p.benchmarks.first { $0.id == "ipcc_ar6" && $0.year == 2030 }!
        #expect(ipcc2030.referenceYear == 2019)
        #expect(ipcc2030.planReductionPercent == 45.5)  // 1 − 600/1,100
        #expect(ipcc2030.met == true)
        let ipcc2035 = p.benchmarks.first { $0.id == "ipcc_ar6" && $0.year == 2035 }!
        #expect(ipcc2035.planReductionPercent == 59.1)  // target 450 t: 1 − 450/1,100
        #expect(ipcc2035.met == false)
        let carbonLaw2030 = p.benchmarks.first { $0.id == "carbon_law" && $0.year == 2030 }!
        #expect(carbonLaw2030.referenceYear == 2020)
        #expect(carbonLaw2030.reductionPercent == 71.2)  // 1 − 0.883^10 = 0.71186
        #expect(carbonLaw2030.met == false)  // 40 % below the base year
        #expect(p.benchmarks.first { $0.id == "klimaloven" && $0.year == 2050 }?.met == true)
    }

    @Test func benchmarkWithoutHistoryIsNotApplicable() {
        let p = pathway(plan(targets: [Target(year: 2030, reductionPercent: 50)]))
        let ipcc = p.benchmarks.filter { $0.id == "ipcc_ar6" }
        #expect(ipcc.count == 3)
        #expect(ipcc.allSatisfy { $0.status == .notApplicable && $0.met == nil && $0.reason == "Ingen total for 2019 i opgørelsens historik." })
    }
}
