import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewReports
import PlanReviewResources
import Testing

/// The contract's example job (Config/samples/example-holbaek.json), figures checked by hand.
@Suite struct ExampleJobTests {
    let result = Fixtures.reviewer.review(body: Fixtures.exampleJob, envelope: JobEnvelope(messageId: "2f8d6c1e-5b7a-4c1e-9a0e-0c4b7d3e9a11", correlationId: "corr-1"))

    @Test func header() {
        #expect(result.status == .nonCompliant)  // transport scope 2 missing, 2030 manko open (ComplianceSamplesTests)
        #expect(result.jobId == "2f8d6c1e-5b7a-4c1e-9a0e-0c4b7d3e9a11")
        #expect(result.correlationId == "corr-1")
        #expect(result.municipality == MunicipalityRef(code: 316, name: "Holbæk"))
        #expect(result.ruleset == RulesetRef(id: "dk2020", version: Fixtures.ruleset.version))
        #expect(result.routingKey == "result.316.non_compliant")
        #expect(result.errors == nil)
        #expect((result.scores?.overall ?? 0) > 0)
        #expect(result.contentHash?.count == 71)
    }

    @Test func pathwayFigures() throws {
        let p = try #require(result.pathway)
        // 41,000 + 18,000 + 12,500 + 23,000 + 121,000 + 9,000 + 6,500 + 2,100 + 3,800 + 98,000 + 61,000
        #expect(p.baseYear == 2022 && p.baselineTco2e == 395_900)
        #expect(p.years.count == 29)
        let i2030 = 2030 - 2022
        // 70 % below 742,000 t (1990) = 222,600 t.
        #expect(p.targetTco2e[i2030] == 222_600)
        #expect(p.businessAsUsualTco2e[i2030] == 330_000)
        // T1 at full effect (6,500) + L1 halfway through 2025→2035 (14,000).
        #expect(p.plannedTco2e[i2030] == 330_000 - 6_500 - 14_000)
        #expect(p.gap2030Tco2e == 86_900)
        #expect(p.actionsShareOf2030Reduction == 0.1909)  // 20,500 / (330,000 − 222,600)
        #expect(p.netZeroTargetYear == 2050)
        #expect(p.netZeroYearPlanned == nil)
        #expect(p.gapNetZeroYearTco2e == 215_500)  // 250,000 − 34,500 − 0
        #expect(p.targets.map(\.tco2e) == [222_600, 74_200, 0])
        let budget = try #require(p.budget)
        #expect(budget.annualReductionRate == 0.1237)  // 395,900 / 3,200,000 (discrete: Σ E0·q^t = B)
        #expect(budget.year95PercentUsed == 2044.7)  // 2022 + ln 20 / −ln(1 − 0.12372)
        #expect(budget.yearExhaustedUnderPlan == 2030)  // 2022…2030 planned: 3,201,800 t > 3,200,000 t
        #expect(budget.overshootTco2e == budget.plannedCumulativeTco2e - 3_200_000)
        #expect(p.benchmarks.first { $0.id == "klimaloven" && $0.year == 2030 }?.met == true)
        #expect(p.benchmarks.filter { $0.id == "ipcc_ar6" }.allSatisfy { $0.status == .notApplicable })  // no 2019 in history
        #expect(p.benchmarks.first { $0.id == "carbon_law" && $0.year == 2030 }?.reductionPercent == 63.0)  // 1 − 0.883^8
    }

    @Test func englishTexts() {
        let en = Fixtures.reviewExample { $0["language"] = "en" }
        #expect(en.language == .en)
        #expect(en.pathway?.benchmarks.first?.title.hasPrefix("Danish Climate Act") == true)
        #expect(en.pathway?.benchmarks.first { $0.id == "ipcc_ar6" }?.reason == "No 2019 total in the inventory history.")
    }
}
