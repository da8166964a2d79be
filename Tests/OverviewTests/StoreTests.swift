import Foundation
import PlanReviewOverview
import Testing

/// The store contract, against real SQLite and (when configured) a real PostgreSQL.
@Suite struct StoreTests {
    static let holbaek = OverviewFixtures.golden("example-holbaek")

    static func review(_ body: [UInt8]) -> ResultMessage { ResultMessage.read(body: body, knownCodes: OverviewFixtures.knownCodes) }

    @Test(arguments: StoreBackend.available)
    func theSameResultTwiceCountsOnce(_ backend: StoreBackend) async throws {
        try await backend.withStore { (store: any OverviewStore) async throws in
            #expect(try await store.record(Self.review(Self.holbaek), at: nil) == .stored)
            #expect(try await store.record(Self.review(Self.holbaek), at: nil) == .duplicate)
            // Same job id, other content (a revised plan): a new result.
            let revised = OverviewFixtures.body("example-holbaek", replacing: ["contentHash": "sha256:revised"])
            #expect(try await store.record(Self.review(revised), at: nil) == .stored)
            #expect(try await store.counters() == IngestCounters(reviews: 2, progress: 0, duplicates: 1, skipped: 0))
            #expect(try await store.latestReviews()[316]?.contentHash == "sha256:revised")
        }
    }

    @Test(arguments: StoreBackend.available)
    func theOffsetMovesWithEachMessageAndGuardsAgainstReplay(_ backend: StoreBackend) async throws {
        try await backend.withStore { (store: any OverviewStore) async throws in
            #expect(try await store.storedOffset(stream: "s") == nil)
            let a = StreamPosition(stream: "s", offset: 0), b = StreamPosition(stream: "s", offset: 1)
            #expect(try await store.record(Self.review(Self.holbaek), at: a) == .stored)
            #expect(try await store.record(.skipped(.notJSON), at: b) == .skipped(.notJSON))
            #expect(try await store.storedOffset(stream: "s") == 1)
            // A replay from an earlier offset (a broker that starts at the chunk) changes nothing.
            #expect(try await store.record(Self.review(Self.holbaek), at: a) == .alreadyConsumed)
            #expect(try await store.counters() == IngestCounters(reviews: 1, progress: 0, duplicates: 0, skipped: 1))
            #expect(try await store.storedOffset(stream: "other") == nil)
        }
    }

    @Test(arguments: StoreBackend.available)
    func aRejectionDoesNotHideTheLastReadablePlan(_ backend: StoreBackend) async throws {
        try await backend.withStore { (store: any OverviewStore) async throws in
            _ = try await store.record(Self.review(Self.holbaek), at: nil)
            let rejected = OverviewFixtures.body("example-holbaek", replacing: ["jobId": "bad-1", "status": "rejected", "contentHash": "sha256:bad", "pathway": NSNull(), "scores": NSNull()])
            #expect(try await store.record(Self.review(rejected), at: nil) == .stored)
            #expect(try await store.latestReviews()[316]?.jobId != "bad-1")
            // A municipality whose only result is a rejection shows it.
            let rejectedOnly = OverviewFixtures.body("example-holbaek", replacing: ["jobId": "bad-2", "status": "rejected", "contentHash": "sha256:bad2", "municipality": ["code": 101, "name": "København"]])
            _ = try await store.record(Self.review(rejectedOnly), at: nil)
            #expect(try await store.latestReviews()[101]?.figures.status == "rejected")
        }
    }

    @Test(arguments: StoreBackend.available)
    func progressResultsKeepTheirHistory(_ backend: StoreBackend) async throws {
        try await backend.withStore { (store: any OverviewStore) async throws in
            for (i, status) in ["off_track", "on_track"].enumerated() {
                let body = OverviewFixtures.progressBody(code: 316, name: "Holbæk", jobId: "p-\(i)", status: status, points: [(2022 + i, 390_000, 380_000)])
                #expect(try await store.record(Self.review(body), at: nil) == .stored)
            }
            #expect(try await store.progressHistory(code: 316).map(\.jobId) == ["p-0", "p-1"])
            #expect(try await store.latestProgress()[316]?.figures.onTrack == true)
            #expect(try await store.counters().progress == 2)
            try await store.ping()
        }
    }

    @Test func aReopenedSQLiteStoreKeepsItsOffset() async throws {
        let path = OverviewFixtures.temporaryDirectory().appendingPathComponent("o.sqlite").path
        do {
            let store = try SQLiteOverviewStore(path: path)
            _ = try await store.record(Self.review(Self.holbaek), at: StreamPosition(stream: "s", offset: 41))
        }
        let reopened = try SQLiteOverviewStore(path: path)
        #expect(try await reopened.storedOffset(stream: "s") == 41)
        #expect(try await reopened.latestReviews().count == 1)
    }
}
