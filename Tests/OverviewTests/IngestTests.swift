import Foundation
import PlanReviewOverview
import Testing

@Suite struct IngestTests {
    @Test func readsTheFiguresOfAPlanReview() throws {
        guard case .review(let review) = ResultMessage.read(body: OverviewFixtures.golden("example-holbaek"), knownCodes: OverviewFixtures.knownCodes) else {
            Issue.record("not read as a review")
            return
        }
        #expect(review.code == 316)
        #expect(review.contentHash.hasPrefix("sha256:"))
        let f = review.figures
        #expect(f.status == "non_compliant" || f.status == "compliant" || f.status == "incomplete")
        // The figures are the golden result's own (read here independently of the ingest code).
        let golden = try #require(try JSONSerialization.jsonObject(with: Data(OverviewFixtures.golden("example-holbaek"))) as? [String: Any])
        let scores = try #require(golden["scores"] as? [String: Any])
        #expect(f.scoreOverall == scores["overall"] as? Double)
        #expect(f.scorePillar1 == (scores["pillars"] as? [String: Any])?["1"] as? Double)
        #expect(f.baselineTco2e == 395_900)
        #expect(f.afoluTco2e == 159_000)
        #expect(f.reference1990Tco2e == 742_000)
        #expect(f.gap2030Tco2e == 86_900)
        // planned − target = gap in 2030
        #expect(abs((f.planned2030Tco2e ?? 0) - (f.target2030Tco2e ?? 0) - 86_900) < 0.5)
        #expect(abs((f.afoluSharePercent ?? 0) - 100 * 159_000 / 395_900) < 1e-9)
        #expect(f.tco2ePerInhabitant == nil, "no population in the result: shown as —")
    }

    @Test func aPopulationInTheResultGivesTonnesPerInhabitant() throws {
        let body = OverviewFixtures.body("example-holbaek", replacing: ["municipality": ["code": 316, "name": "Holbæk", "population": 72_000]])
        guard case .review(let review) = ResultMessage.read(body: body, knownCodes: OverviewFixtures.knownCodes) else { Issue.record("not a review"); return }
        #expect(review.figures.population == 72_000)
        #expect(abs((review.figures.tco2ePerInhabitant ?? 0) - 395_900 / 72_000) < 1e-9)
    }

    @Test(arguments: [
        ("not json at all", ResultMessage.SkipReason.notJSON),
        ("[1,2,3]", .notJSON),
        ("{\"schema\":\"planreview.result/v9\",\"jobId\":\"a\",\"municipality\":{\"code\":101}}", .unknownSchema),
        ("{\"schema\":\"planreview.job/v1\",\"jobId\":\"a\"}", .unknownSchema),
        ("{\"schema\":\"planreview.result/v1\",\"municipality\":{\"code\":101}}", .noJobId),
        ("{\"schema\":\"planreview.result/v1\",\"jobId\":\"a\",\"status\":\"rejected\",\"municipality\":null}", .noMunicipality),
        ("{\"schema\":\"planreview.result/v1\",\"jobId\":\"a\",\"municipality\":{\"code\":411}}", .unknownMunicipality),
    ])
    func skipsWhatIsNotAResultOfAKnownMunicipality(body: String, reason: ResultMessage.SkipReason) {
        #expect(ResultMessage.read(body: Array(body.utf8), knownCodes: OverviewFixtures.knownCodes) == .skipped(reason))
    }

    @Test func readsAProgressResult() {
        let body = OverviewFixtures.progressBody(code: 316, name: "Holbæk", jobId: "p-1", status: "off_track", points: [(2023, 380_000, 360_000), (2022, 395_900, 395_900)])
        guard case .progress(let progress) = ResultMessage.read(body: body, knownCodes: OverviewFixtures.knownCodes) else { Issue.record("not progress"); return }
        #expect(progress.figures.onTrack == false)
        #expect(progress.figures.points.map(\.year) == [2022, 2023])
        #expect(progress.figures.points.last?.plannedTco2e == 360_000)
    }

    /// The real format: Sønderborg's golden progress result (energy sectors, 2018–2022; 2018 and
    /// 2019 are before the plan's base year, so they have no planned value).
    @Test func readsARealProgressResult() {
        guard case .progress(let progress) = ResultMessage.read(body: OverviewFixtures.goldenProgress("progress-soenderborg"), knownCodes: OverviewFixtures.knownCodes) else {
            Issue.record("not read as progress")
            return
        }
        #expect(progress.code == 540)
        #expect(progress.jobId == "progress-soenderborg-2023")
        #expect(progress.figures.onTrack == false)
        #expect(progress.figures.referenceDate == "2023-09-30")
        #expect(progress.figures.points.map(\.year) == [2018, 2019, 2020, 2022])
        #expect(progress.figures.points.first?.plannedTco2e == nil)
        #expect(progress.figures.points.last?.reportedTco2e == 301_357)
        #expect(progress.figures.points.last?.plannedTco2e == 283_627.5)
        #expect(progress.figures.points.last?.targetTco2e == 273_183)
    }

    @Test func badLinesAreCountedNotFatal() async throws {
        let store = try OverviewFixtures.sqliteStore()
        let ingestor = Ingestor(store: store, knownCodes: OverviewFixtures.knownCodes, logger: OverviewFixtures.logger)
        let text = OverviewFixtures.line("example-holbaek") + "\n{broken\n\n{\"schema\":\"x\"}\n"
        let outcomes = try await ingestor.ingest(lines: text)
        #expect(outcomes.count == 3)
        let counters = try await store.counters()
        #expect(counters == IngestCounters(reviews: 1, progress: 0, duplicates: 0, skipped: 2))
    }
}
