import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewReports
import PlanReviewResources
import Testing

/// Progress jobs (CONTRACT.md, "Progress job"; docs/DOMAIN.md, "Progress"): the samples'
/// verdicts, their golden results (the same explicit switch as `GoldenTests`), validation, and
/// the formulas of "on track".
@Suite struct ProgressTests {
    static let reviewer = ProgressReviewer(configuration: Fixtures.configuration)
    static let directory = GoldenTests.directory.appendingPathComponent("progress")

    static func samplePath(_ name: String) -> String { "Config/samples/progress/\(name).json" }

    static let samples: [String] = {
        let dir = Fixtures.repoRoot.appendingPathComponent("Config/samples/progress").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".json") }.sorted().map { String($0.dropLast(5)) }
    }()

    static func object(_ name: String) -> [String: Any] {
        try! JSONSerialization.jsonObject(with: Data(Fixtures.read(samplePath(name)))) as! [String: Any]
    }

    static func review(_ object: [String: Any], envelope: JobEnvelope = JobEnvelope()) -> ProgressResult {
        reviewer.review(body: Fixtures.bytes(object), envelope: envelope)
    }

    /// The verdict table of Config/samples/README.md ("Progress samples").
    @Test(arguments: [
        ("progress-soenderborg", ProgressStatus.offTrack, ["latest_within_plan", "next_target_rate_achievable", "actions_keep_pathway"]),
        ("on-track-hvidovre", .onTrack, []),
        ("action-cancelled-vejle", .offTrack, ["actions_keep_pathway"]),
        ("insufficient-data-thisted", .insufficientData, ["data_recent"]),
    ])
    func sampleVerdicts(_ sample: String, _ status: ProgressStatus, _ unmet: [String]) throws {
        let result = Self.reviewer.review(body: Fixtures.read(Self.samplePath(sample)))
        #expect(result.status == status, "\(result.errors ?? [])")
        let verdict = try #require(result.verdict)
        #expect(verdict.criteria.filter { $0.met == false }.map(\.id) == unmet)
        #expect(result.routingKey == "progress.\(result.municipality!.code).\(status.rawValue)")
    }

    @Test func everySampleHasAVerdictRow() {
        #expect(Set(Self.samples) == ["progress-soenderborg", "on-track-hvidovre", "action-cancelled-vejle", "insufficient-data-thisted"])
    }

    @Test(arguments: samples)
    func sampleResultMatchesItsGoldenFile(_ sample: String) throws {
        let compact = Self.reviewer.review(body: Fixtures.read(Self.samplePath(sample))).jsonBytes()
        let produced = GoldenTests.indent(compact)
        let file = Self.directory.appendingPathComponent("\(sample).result.json")
        if GoldenTests.update {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try Data(produced).write(to: file)
            return
        }
        let golden = try #require(FileManager.default.contents(atPath: file.path), "no golden file: PLANREVIEW_UPDATE_GOLDEN=1 swift test --filter Golden")
        #expect([UInt8](golden) == produced, "\(sample) differs from \(file.lastPathComponent); if intended: PLANREVIEW_UPDATE_GOLDEN=1 swift test --filter Golden")
        #expect(GoldenTests.compact([UInt8](golden)) == compact)
        // The golden file reads back as the model (Codable, for tools and the report command).
        let decoded = try JSONDecoder().decode(ProgressResult.self, from: golden)
        #expect(decoded.jobId == ProgressTests.object(sample)["jobId"] as? String)
    }

    /// Sønderborg: the embedded plan is Config/samples/real-soenderborg.json, whose golden review's
    /// contentHash the job states, so the hash checks without a note; the pillar scores are that review's.
    @Test func soenderborgMeasuresAgainstItsReviewedPlan() throws {
        let result = Self.reviewer.review(body: Fixtures.read(Self.samplePath("progress-soenderborg")))
        let review = Fixtures.reviewer.review(body: Fixtures.read("Config/samples/real-soenderborg.json"))
        #expect(result.plan?.contentHash == review.contentHash)
        #expect(result.plan?.statedContentHash == review.contentHash)
        #expect(result.scores == review.scores)
        #expect(result.plan?.reviewStatus == review.status)
        #expect(!result.notes.contains { $0.code.hasPrefix("plan_content_hash") })
        #expect(result.scope?.sectors == [.stationaryEnergy, .transport])
        // The 2025 energy target: −75 % of the 2007 energy total (545,000 + 155,830 t).
        #expect(result.rates?.nextTarget?.year == 2025)
        #expect(result.rates?.nextTarget?.targetTco2e == 175_207.5)
        // Achieved 2018–2022: 1 − (301,357 / 432,412)^(1/4).
        #expect(result.rates?.achieved?.annualRate == 0.0863)
    }

    @Test func aStatedHashThatDiffersIsANoteNotAnError() {
        var job = Self.object("progress-soenderborg")
        job["planContentHash"] = "sha256:0000"
        let result = Self.review(job)
        #expect(result.status == .offTrack)
        #expect(result.notes.contains { $0.code == "plan_content_hash_mismatch" && $0.pointer == "/planContentHash" })
    }

    @Test func tooOldDataIsInsufficientAndSaysHowOld() throws {
        var job = Self.object("on-track-hvidovre")
        job["referenceDate"] = "2027-01-15"
        let result = Self.review(job)
        #expect(result.status == .insufficientData)
        #expect(result.verdict?.ageYears == 5)
        #expect(try #require(result.verdict?.criteria.first).message.contains("5 år"))
    }

    @Test func aReportAboveThePlanBeyondTheToleranceIsOffTrack() {
        var job = Self.object("on-track-hvidovre")
        job.set(["reported", "emissions", 3, "tco2e"], 164_801 * 1.06)
        let result = Self.review(job)
        #expect(result.status == .offTrack)
        #expect(result.verdict?.criteria.first { $0.id == "latest_within_plan" }?.met == false)
        #expect(result.reportedYears.last?.deviationPercent == 6)
    }

    @Test func aPlannedActionPastItsStartYearIsBehindAndItsRampMoves() throws {
        var job = Self.object("on-track-hvidovre")
        job.set(["reported", "actions", 4, "status"], "planned")  // B1: 4,000 t, 2023–2030
        let result = Self.review(job)
        let b1 = try #require(result.actions.first { $0.id == "B1" })
        #expect(b1.assessment == "behind_schedule")
        // Moved one year (2024–2031): in 2030 it gives 4,000 × 6/7 instead of 4,000.
        #expect(b1.lostTco2e == 571.4)
        #expect(result.trajectory?.lostTco2e.last == 0)
    }

    @Test func problemsAreRejectedWithPointersIntoTheProgressJob() throws {
        var job = Self.object("progress-soenderborg")
        job.set(["planJob", "plan", "actions", 0, "fullEffectYear"], 2010)
        job.set(["reported", "emissions", 0, "tco2e"], "many")
        job.set(["reported", "emissions", 7, "year"], 2024)
        let result = Self.review(job)
        #expect(result.status == .rejected)
        let pointers = Set((result.errors ?? []).map(\.pointer))
        #expect(pointers.isSuperset(of: ["/planJob/plan/actions/0/fullEffectYear", "/reported/emissions/0/tco2e", "/reported/emissions/7/year"]), "\(pointers)")
        #expect(result.errors?.allSatisfy { !$0.reason.isEmpty } == true)
        #expect(result.routingKey == "progress.540.rejected")
    }

    @Test func aPlanJobBodyIsNotAProgressJobAndViceVersa() {
        let plan = Fixtures.reviewer.parse(body: Fixtures.exampleJob)
        #expect(JobKind.of(plan) == .plan)
        let progress = Fixtures.reviewer.parse(body: Fixtures.read(Self.samplePath("on-track-hvidovre")))
        #expect(JobKind.of(progress) == .progress)
        #expect(JobKind.of(Fixtures.reviewer.parse(body: Array("nope".utf8)), envelope: JobEnvelope(type: ContractTypes.progress)) == .progress)
        let wrongType = Self.reviewer.review(body: Fixtures.read(Self.samplePath("on-track-hvidovre")), envelope: JobEnvelope(type: ContractTypes.job))
        #expect(wrongType.errors?.first?.code == .unsupportedMessageType)
    }

    @Test(arguments: [Language.da, .en])
    func reportsRenderInTheResultsLanguage(_ language: Language) {
        var job = Self.object("action-cancelled-vejle")
        job["language"] = language.rawValue
        let report = ProgressReport(result: Self.review(job))
        let html = report.html()
        #expect(html.contains("<svg") && html.contains("series-reported") && html.contains("series-adjusted"))
        #expect(report.markdown().contains(language == .da ? "Ikke på rette spor" : "Off track"))
        #expect(report.text(width: 100).contains(language == .da ? "opgivet" : "cancelled"))
    }

    /// Hvidovre's trend: least squares through 2019–2022, extended to the 2030 target year.
    @Test func trendIsTheLeastSquaresLine() throws {
        let trend = try #require(Self.reviewer.review(body: Fixtures.read(Self.samplePath("on-track-hvidovre"))).trend)
        // x̄ = 2020.5, ȳ = 175,750; Σ(x−x̄)(y−ȳ) = −36,800, Σ(x−x̄)² = 5 → slope −7,360 t/yr.
        #expect(trend.slopeTco2ePerYear == -7_360)
        #expect(trend.projectionYear == 2030)
        #expect(trend.projectedTco2e == 105_830)
        #expect(trend.zeroYear == 2045)
    }
}
