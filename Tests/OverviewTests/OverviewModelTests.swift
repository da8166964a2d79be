import Foundation
import PlanReviewContract
import PlanReview
import PlanReviewOverview
import Testing

@Suite struct OverviewModelTests {
    @Test func everyMunicipalityHasARowWithOrWithoutAResult() async throws {
        let store = try await OverviewFixtures.storeWithGoldens()
        let reader = OverviewReader(store: store, municipalities: OverviewFixtures.municipalities, rulesets: OverviewFixtures.configuration.rulesets)
        let overview = try await reader.overview()
        #expect(overview.municipalities.count == 98)
        let withResult = overview.municipalities.filter(\.hasResult)
        #expect(withResult.count == Set(OverviewFixtures.goldenBodies.values.compactMap { body -> Int? in
            if case .review(let r) = ResultMessage.read(body: body, knownCodes: OverviewFixtures.knownCodes) { return r.code }
            return nil
        }).count)
        let empty = try #require(overview.municipalities.first { !$0.hasResult })
        #expect(empty.status == nil && empty.scoreOverall == nil && empty.onTrack == nil)
        #expect(overview.national.municipalitiesWithResult == withResult.count)
    }

    /// The national total by hand: Σ planned 2030 against Σ reference (1990 where given, else the base year).
    @Test func theNationalTotalAddsThePlannedPathways() throws {
        func review(_ code: Int, planned: Double, baseline: Double, reference1990: Double?) -> StoredReview {
            var f = ReviewFigures(status: "non_compliant")
            f.planned2030Tco2e = planned
            f.target2030Tco2e = planned - 10
            f.baselineTco2e = baseline
            f.reference1990Tco2e = reference1990
            return StoredReview(code: code, jobId: "j\(code)", contentHash: "h", figures: f, body: "{}")
        }
        let reviews = [review(101, planned: 300, baseline: 800, reference1990: 1000), review(147, planned: 100, baseline: 200, reference1990: nil)]
        let total = NationalTotal(municipalitiesTotal: 98, reviews: reviews)
        #expect(total.municipalitiesCounted == 2)
        #expect(total.municipalitiesWith1990 == 1)
        #expect(total.referenceTco2e == 1200)
        #expect(total.planned2030Tco2e == 400)
        #expect(total.plannedReduction2030Percent == 66.7)
        #expect(total.meetsKlimaloven == false)
        #expect(NationalTotal(municipalitiesTotal: 98, reviews: []).plannedReduction2030Percent == nil)
    }

    @Test func theSummaryLineSaysHowManyItCovers() async throws {
        let store = try await OverviewFixtures.storeWithGoldens()
        let overview = try await OverviewReader(store: store, municipalities: OverviewFixtures.municipalities, rulesets: [:]).overview()
        #expect(overview.summaryLine.hasPrefix("\(overview.national.municipalitiesWithResult) af 98 kommuner med resultat"))
        #expect(overview.summaryLine.contains("Klimaloven: 70 %"))
    }

    @Test func aProgressResultFillsOnTrack() async throws {
        let store = try await OverviewFixtures.storeWithGoldens()
        let ingestor = Ingestor(store: store, knownCodes: OverviewFixtures.knownCodes, logger: OverviewFixtures.logger)
        try await ingestor.ingest(body: OverviewFixtures.progressBody(code: 316, name: "Holbæk", jobId: "p-1", status: "on_track", points: [(2023, 380_000, 390_000)]))
        let overview = try await OverviewReader(store: store, municipalities: OverviewFixtures.municipalities, rulesets: [:]).overview()
        let holbaek = try #require(overview.municipalities.first { $0.code == 316 })
        #expect(holbaek.onTrack == true)
        #expect(overview.municipalities.first { $0.code == 101 && $0.progressStatus != nil } == nil)
    }
}
