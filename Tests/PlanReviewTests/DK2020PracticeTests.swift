import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewReports
import PlanReviewResources
import Testing

/// Issue 12, "Why": each finding on real DK2020 plans is a test here that failed on the code
/// before contract v1.1 and passes now.
@Suite struct DK2020PracticeTests {
    static func review(_ sample: String = ComplianceFixtures.base, _ edit: (inout [String: Any]) -> Void = { _ in }) -> ReviewResult {
        var job = ComplianceFixtures.sample(sample)
        edit(&job)
        return ComplianceFixtures.review(job)
    }

    static func rule(_ result: ReviewResult, _ id: String) -> RuleResult? { result.rules.first { $0.id == id } }

    // MARK: Net zero before 2030 (København 2025, Sønderborg 2029)

    @Test(arguments: [2025, 2029])
    func netZeroBefore2030MeetsThe2030Rule(_ year: Int) throws {
        let result = Self.review { $0.set(["plan", "targets"], [["year": year, "netZero": true]]) }
        #expect(result.status != .rejected)
        let rule = try #require(Self.rule(result, "target_2030"))
        #expect(rule.status == .pass, "\(rule.message)")
        #expect(rule.message.contains("100 %"))
    }

    @Test func a2030TargetAfterNetZeroIsNotContradictory() throws {
        let result = Self.review { $0.set(["plan", "targets"], [["year": 2025, "netZero": true], ["year": 2030, "reductionPercent": 70, "baseYear": 1990]]) }
        #expect(result.status != .rejected, "\(result.errors ?? [])")
        #expect(Self.rule(result, "target_2030")?.status == .pass)
        // Net zero means 100 % from its year on: the target line stays at zero.
        let p = try #require(result.pathway)
        #expect(p.targetTco2e[2030 - p.baseYear] == 0)
    }

    // MARK: Action status and kind

    @Test(arguments: ["cancelled", "opgivet", "aflyst", "paused", "sat i bero"])
    func anAbandonedActionContributesNothing(_ status: String) throws {
        let before = try #require(Self.review().pathway)
        let result = Self.review { $0.set(["plan", "actions", 6, "status"], status) }
        let p = try #require(result.pathway)
        #expect(p.excludedActions.map(\.id) == ["L1"])
        let i = 2035 - p.baseYear
        #expect(p.plannedTco2e[i] == before.plannedTco2e[i] + 32_000)
        #expect(p.sectorContributions.first { $0.sector == .afolu }?.fullEffectReductionTco2e == 31_000)
    }

    @Test(arguments: ["compensation", "kompensation"])
    func compensationIsReportedBesideThePathway(_ kind: String) throws {
        let before = try #require(Self.review().pathway)
        let result = Self.review { $0.set(["plan", "actions", 3, "kind"], kind) }
        let p = try #require(result.pathway)
        let i = 2030 - p.baseYear
        #expect(p.compensationTco2e[i] == 4_000)
        #expect(p.plannedTco2e[i] == before.plannedTco2e[i] + 4_000)
        #expect(p.excludedActions.map(\.reason) == ["compensation"])
    }

    @Test func anUnknownStatusWordIsNotedAndMakesTheGapRulesIncomplete() throws {
        let result = Self.review { $0.set(["plan", "actions", 0, "status"], "afventer") }
        #expect(result.notes.contains { $0.pointer == "/plan/actions/0/status" && $0.code == "unknown_word" })
        #expect(Self.rule(result, "manko_2030")?.status == .incomplete)
        #expect(result.status == .incomplete)
    }

    // MARK: Vocabularies

    @Test(arguments: [("husdyr", "organiske jorde"), ("V.1", "V.2"), ("fordøjelse", "lavbundsjorde")])
    func danishAfoluWordsAndGPCReferencesAreRead(_ livestock: String, _ land: String) throws {
        let result = Self.review { job in
            job.forEach(["plan", "inventory", "entries"]) { e in
                let isRef = livestock.hasPrefix("V.")
                if e["subsector"] as? String == "livestock" { if isRef { e["gpcRef"] = livestock } else { e["subsector"] = livestock } }
                if e["subsector"] as? String == "land" { if isRef { e["gpcRef"] = land } else { e["subsector"] = land } }
            }
        }
        #expect(Self.rule(result, "inventory_afolu")?.status == .pass)
    }

    @Test func aGPCReferenceInAnotherSectorIsAValidationError() {
        let result = Self.review { $0.set(["plan", "inventory", "entries", 0, "gpcRef"], "II.1.1") }
        #expect(result.status == .rejected)
        #expect(result.errors?.first?.pointer == "/plan/inventory/entries/0/gpcRef")
    }

    @Test(arguments: ["høj", "High", "meget høj", "very_high"])
    func danishLikelihoodWordsMakeAHazardSignificant(_ word: String) throws {
        // All hazards low except river flooding, rated with the word under test.
        let result = Self.review { job in
            job.forEach(["plan", "adaptation", "riskAssessment", "hazards"]) { $0["likelihood"] = "lav"; $0["consequence"] = "lav" }
            job.forEach(["plan", "adaptation", "riskAssessment", "hazards"]) { if $0["hazard"] as? String == "river_flooding" { $0["likelihood"] = word } }
            job.set(["plan", "adaptation", "goals"], [])
        }
        let rule = try #require(Self.rule(result, "adaptation_goals"))
        #expect(rule.status == .fail, "\(rule.message)")  // a significant hazard without a goal
        #expect(rule.message.contains("oversvømmelse fra vandløb"))
    }

    // MARK: Stricter than DK2020 (Tønder, Aarhus)

    @Test func sectorTargetsAsTønderHasThemAreAccepted() throws {
        let result = Fixtures.reviewer.review(body: Fixtures.read("Config/samples/real-toender.json"))
        #expect(result.status != .rejected)
        #expect(Self.rule(result, "target_2030")?.status == .pass)
        #expect(result.pathway?.targets.filter { $0.year == 2030 }.count == 2)
    }

    @Test func aStatedMankoAsAarhusHasItIsAWarningNotAFail() throws {
        let result = Fixtures.reviewer.review(body: Fixtures.read("Config/samples/real-aarhus.json"))
        #expect(result.status == .compliant)
        #expect(Self.rule(result, "manko_2030")?.status == .warn)
        #expect(result.pathway?.mankoStated?.computedGapTco2e == 400_000)
    }

    // MARK: Legitimate input is not rejected

    static let legitimate: [(String, @Sendable (inout [String: Any]) -> Void)] = [
        ("a forest sink (negative AFOLU)", { $0.set(["plan", "inventory", "entries", 13, "tco2e"], -12_000) }),
        ("a climate-positive target (110 %)", { $0.set(["plan", "targets", 3], ["year": 2050, "reductionPercent": 110, "baseYear": 1990]) }),
        ("two same-year sector targets", {
            $0.set(["plan", "targets", 1], ["year": 2030, "reductionPercent": 70, "baseYear": 1990, "sectors": ["stationary_energy", "transport", "waste", "ippu"]])
            var targets = $0["plan"].flatMap { ($0 as? [String: Any])?["targets"] as? [Any] } ?? []
            targets.insert(["year": 2030, "reductionPercent": 55, "baseYear": 1990, "sectors": ["afolu"]], at: 2)
            $0.set(["plan", "targets"], targets)
        }),
        ("a BAU series that includes the base year", {
            var bau = $0["plan"].flatMap { ($0 as? [String: Any])?["businessAsUsual"] as? [Any] } ?? []
            bau.insert(["year": 2022, "tco2e": 453_000], at: 0)
            $0.set(["plan", "businessAsUsual"], bau)
        }),
    ]

    @Test(arguments: legitimate.indices)
    func legitimateInputIsReviewed(_ i: Int) {
        let (name, edit) = Self.legitimate[i]
        let result = Self.review(ComplianceFixtures.base, edit)
        #expect(result.status != .rejected, "\(name): \(result.errors ?? [])")
    }

    @Test func aForestSinkIsReportedAsRemovals() throws {
        let result = Self.review { $0.set(["plan", "inventory", "entries", 13, "tco2e"], -12_000) }
        let p = try #require(result.pathway)
        #expect(p.removalsTco2e == -12_000)
        #expect(result.status != .rejected)
        let outside = Self.review { $0.set(["plan", "inventory", "entries", 0, "tco2e"], -12_000) }
        #expect(outside.errors?.first?.code == .negativeValue)
    }

    @Test func aBAUBaseYearPointThatDiffersFromTheInventoryNamesBoth() {
        let result = Self.review { job in
            var bau = job["plan"].flatMap { ($0 as? [String: Any])?["businessAsUsual"] as? [Any] } ?? []
            bau.insert(["year": 2022, "tco2e": 500_000], at: 0)
            job.set(["plan", "businessAsUsual"], bau)
        }
        #expect(result.status == .rejected)
        #expect(result.errors?.first?.reason.contains("500000") == true && result.errors?.first?.reason.contains("453000") == true)
    }

    // MARK: Plausibility

    @Test func actionsCuttingMoreThanTheirSectorAreNoted() {
        let result = Self.review { $0.set(["plan", "actions", 10, "reductionTco2e"], 13_000) }  // waste emits 12,500 t
        #expect(result.notes.contains { $0.code == "actions_exceed_sector" && $0.message.contains("affald") })
    }

    @Test func aLargeSectorBarelyCoveredByTonnesWarns() throws {
        let result = Self.review { job in
            job.filter(["plan", "actions"]) { $0["sector"] as! String != "afolu" || $0["id"] as! String == "L1" }
            job.forEach(["plan", "actions"]) { if $0["id"] as? String == "L1" { $0["reductionTco2e"] = 150 } }
        }
        #expect(Self.rule(result, "actions_sector_coverage")?.status == .warn)
    }

    // MARK: Carbon budget

    /// A plan whose BAU follows the discrete budget pathway E0·q^t exactly (q = 1 − E0/B), with
    /// net zero in 2050, uses no more than its budget.
    @Test func aPlanFollowingTheBudgetPathwayDoesNotOvershoot() throws {
        let e0 = 453_000.0
        let budget = 4_530_000.0
        let q = 1 - e0 / budget
        let result = Self.review { job in
            job.set(["plan", "actions"], [])
            job.set(["plan", "businessAsUsual"], (2023...2049).map { ["year": $0, "tco2e": (e0 * pow(q, Double($0 - 2022))).rounded()] } + [["year": 2050, "tco2e": 0]])
            job.set(["plan", "carbonBudget"], ["budgetTco2e": budget, "fromYear": 2022, "toYear": 2100])
        }
        let b = try #require(result.pathway?.budget)
        #expect(b.annualReductionRate == 0.1)
        #expect(b.overshootTco2e == 0, "\(b)")
        #expect(b.plannedCumulativeTco2e <= budget)
    }

    @Test func historyBeforeTheBaseYearGivesTheStartEmissions() throws {
        let result = Self.review { $0.set(["plan", "carbonBudget"], ["budgetTco2e": 5_000_000, "fromYear": 2019, "toYear": 2050]) }
        let b = try #require(result.pathway?.budget)
        #expect(b.startEmissionsSource == "history")
        #expect(b.startEmissionsTco2e == 480_000)
    }

    @Test func aTyndallBudgetIsComparedWithEnergyCO2Only() throws {
        let all = try #require(Self.review { $0.set(["plan", "carbonBudget"], ["budgetTco2e": 5_000_000, "fromYear": 2022, "toYear": 2050]) }.pathway?.budget)
        let tyndall = try #require(Self.review { $0.set(["plan", "carbonBudget"], ["budgetTco2e": 5_000_000, "fromYear": 2022, "toYear": 2050, "source": "Tyndall Centre (2022)"]) }.pathway?.budget)
        #expect(all.scope == "all_ghg" && tyndall.scope == "energy_co2")
        #expect(tyndall.plannedCumulativeTco2e < all.plannedCumulativeTco2e)
        #expect(tyndall.startEmissionsTco2e < all.startEmissionsTco2e)
    }

    // MARK: Benchmarks

    @Test func klimaloven2025IsABenchmark() throws {
        let p = try #require(Self.review().pathway)
        let k = try #require(p.benchmarks.first { $0.id == "klimaloven_2025" })
        #expect(k.year == 2025 && k.referenceYear == 1990 && k.reductionPercent == 50)
        #expect(k.source.contains("LBK nr 2580 af 13/12/2021"))
    }

    /// 69.96 % shows as 70 % and does not meet 70 %.
    @Test func comparisonsAreUnrounded() throws {
        let result = Self.review { $0.set(["plan", "targets", 1], ["year": 2030, "tco2e": 294_392]) }  // 1 − 294,392/980,000 = 69.96 %
        #expect(Self.rule(result, "target_2030")?.status == .fail)
        let k = try #require(result.pathway?.benchmarks.first { $0.id == "klimaloven" && $0.year == 2030 })
        #expect(k.planReductionPercent == 70 && k.met == false)
    }

    @Test func theCarbonLawSaysWhatItComputes() {
        let b = Fixtures.ruleset.benchmarks.first { $0.id == "carbon_law" }
        #expect(b?.title.da.contains("ikke Klimatkollens opgørelse") == true)
        #expect(b?.source.contains("11.72 %/yr from 2025") == true)
    }

    // MARK: CAPF numbering

    @Test(arguments: [
        (CAPFItem.visionAndCommitment, "Vision, forpligtelse og tilslutning"), (.coordination, "Koordinering"), (.goals, "Mål og målsætninger"),
        (.staffResources, "Personaleressourcer"), (.engagement, "Kommunikation"), (.context, "Kommunens kontekst"),
        (.powers, "Forvaltning og beføjelser"), (.inventory, "Opgørelse af drivhusgasemissioner"), (.pathways, "Udledningsstier"),
        (.riskAssessment, "Risikovurdering"), (.implementation, "Identifikation af barrierer"),
    ])
    func capfTitlesAreTheDanishCAPFs(_ item: CAPFItem, _ title: String) {
        #expect(item.title.da == title)
    }

    @Test func onlyBarriersImplementationMonitoringAndRevisionAreFiledUnder32() {
        let under32 = Set(Fixtures.ruleset.rules.filter { $0.capf == .implementation }.map(\.id))
        #expect(under32 == ["barriers", "short_term_actions", "monitoring", "plan_revision"])
        #expect(Fixtures.ruleset.rule("manko_2030")?.capf == .pathways)
    }

    // MARK: referenceDate

    @Test(arguments: [(Int64(0), "1970-01-01"), (1_735_689_600, "2025-01-01"), (1_709_164_800, "2024-02-29"), (4_102_444_799, "2099-12-31")])
    func unixTimesBecomeISODates(_ seconds: Int64, _ date: String) {
        #expect(Reviewer.isoDate(secondsSince1970: seconds) == date)
    }

    /// The review year decides "short term" and the base year's age: `referenceDate`, else the
    /// AMQP timestamp, else the adoption date.
    @Test func theReferenceDateDecidesTheReviewYear() throws {
        let adopted = try #require(Self.rule(Self.review(), "short_term_actions"))
        #expect(adopted.message.contains("senest 2029"))  // adopted 2024 + 5
        let dated = try #require(Self.rule(Self.review { $0["referenceDate"] = "2026-03-01" }, "short_term_actions"))
        #expect(dated.message.contains("senest 2031"))
        var job = ComplianceFixtures.sample(ComplianceFixtures.base)
        job["jobId"] = nil
        let stamped = Fixtures.reviewer.review(body: Fixtures.bytes(job), envelope: JobEnvelope(messageId: "m-1", timestamp: 1_767_225_600))  // 2026-01-01
        #expect(Self.rule(stamped, "short_term_actions")?.message.contains("senest 2031") == true)
    }

    // MARK: Headline honesty

    @Test func aPlanThatNeverReachesNetZeroIsNotCompliantWithoutAStatedManko() throws {
        // The base sample states its 2050 residual; without that statement it is not compliant.
        let plain = Self.review { $0.set(["plan", "manko"], nil) }
        #expect(plain.pathway?.netZeroYearPlanned == nil)
        #expect(plain.status == .incomplete)
        #expect(Self.rule(plain, "net_zero_pathway")?.status == .incomplete)
        #expect(Self.rule(plain, "net_zero_pathway")?.message.contains("jobbet oplyser ingen manko") == true)
        // The strict reading fails it (`unstated: fail`).
        let strict = Self.review { $0.set(["plan", "manko"], nil); $0.set(["ruleset"], "dk2020-strict") }
        #expect(Self.rule(strict, "net_zero_pathway")?.status == .fail)
        #expect(strict.status == .nonCompliant)
        let stated = Self.review { $0.set(["plan", "manko"], ["year": 2050, "tco2e": 203_000, "handling": ["national_measures"], "text": "Restudledning fra landbruget"]) }
        #expect(stated.status == .compliant)
        #expect(stated.pathway?.mankoStated?.computedGapTco2e == 203_000)
    }

    @Test func københavnWithItsCarbonCaptureCancelledIsNotCompliant() throws {
        let result = Fixtures.reviewer.review(body: Fixtures.read("Config/samples/real-koebenhavn.json"))
        #expect(result.status == .nonCompliant)
        #expect(result.pathway?.excludedActions.contains { $0.id == "ARC-CCS" && $0.reason == "cancelled" } == true)
        // The stated 390,000 t leaves out the wind compensation the city counts.
        #expect(Self.rule(result, "manko_2030")?.message.contains("kompensation") == true)
        #expect(result.inventory?.source?.name.contains("CO2-regnskab") == true)
    }
}
