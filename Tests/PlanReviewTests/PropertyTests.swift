import Foundation
@testable import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewReports
import PlanReviewResources
import Testing


/// Properties over random valid plans from the seeded `SampleGenerator`.
@Suite struct PropertyTests {
    /// 196 jobs: two for each municipality, from fixed seeds.
    static let jobs: [(Job, [UInt8])] = {
        var out: [(Job, [UInt8])] = []
        for seed: UInt64 in [1, 2] {
            var generator = SampleGenerator(seed: seed)
            for m in Fixtures.configuration.municipalities.all {
                let job = generator.job(for: m, actions: seed == 1 ? 30 : 5)
                out.append((job, SampleGenerator.jsonBytes(job)))
            }
        }
        return out
    }()

    @Test func generatorIsDeterministic() {
        var a = SampleGenerator(seed: 42)
        var b = SampleGenerator(seed: 42)
        let m = Fixtures.municipality(751)
        #expect(SampleGenerator.jsonBytes(a.job(for: m)) == SampleGenerator.jsonBytes(b.job(for: m)))
        var c = SampleGenerator(seed: 43)
        #expect(a.job(for: m) != c.job(for: m))
    }

    @Test func generatedPlansAreValidAndTheSeriesAddUp() throws {
        for (job, bytes) in Self.jobs {
            let result = Fixtures.reviewer.review(body: bytes)
            #expect(result.status != .rejected, "\(job.municipality.code): \(result.errors ?? [])")
            let p = try #require(result.pathway)
            #expect(p.years.count == p.plannedTco2e.count && p.years.count == p.targetTco2e.count && p.years.count == p.gapTco2e.count && p.years.count == p.businessAsUsualTco2e.count)
            for i in p.years.indices {
                // gap = planned − target in every year (to rounding of the printed decimals).
                #expect(abs(p.gapTco2e[i] - (p.plannedTco2e[i] - p.targetTco2e[i])) < 1e-6)
                // All reductions ≥ 0, so planned ≤ BAU.
                #expect(p.plannedTco2e[i] <= p.businessAsUsualTco2e[i])
            }
            #expect(abs(p.cumulativePlannedTco2e - p.plannedTco2e.reduce(0, +)) < 1e-3)
            #expect(p.years.first == job.plan.inventory?.baseYear)
            #expect(p.years.last == 2050)
        }
    }

    @Test func reviewIsDeterministic() {
        for (_, bytes) in Self.jobs.prefix(40) {
            #expect(Fixtures.reviewer.review(body: bytes).jsonBytes() == Fixtures.reviewer.review(body: bytes).jsonBytes())
        }
    }

    @Test func jobsRoundTripThroughJSON() {
        for (job, bytes) in Self.jobs {
            // The hand-written mapper reads what JSONEncoder wrote as the Codable model does.
            let (doc, issues) = JSONParser.parse(bytes, limits: ValidationLimits())
            #expect(issues.isEmpty)
            var mapper = JobMapper(doc: doc!, configuration: Fixtures.configuration)
            #expect(mapper.mapJob() == job)
            #expect(mapper.issues.isEmpty)
            #expect((try? JSONDecoder().decode(Job.self, from: Data(bytes))) == job)
        }
    }

    @Test func resultsRoundTripThroughJSON() throws {
        for (_, bytes) in Self.jobs.prefix(60) {
            var result = Fixtures.reviewer.review(body: bytes)
            // `full` writes every field of the model (ResultDetailTests reads the other levels back).
            result.detail = .full
            result.worker = WorkerInfo(id: "w-1", version: "1.0.0")
            result.timings = ReviewTimings(reviewMicroseconds: 12.5)
            let decoded = try JSONDecoder().decode(ReviewResult.self, from: Data(result.jsonBytes()))
            #expect(decoded == result)
        }
        let rejected = Fixtures.review(#"{"schema":"x","jobId":"j","municipality":{"code":999},"plan":{}}"#)
        #expect(try JSONDecoder().decode(ReviewResult.self, from: Data(rejected.jsonBytes())) == rejected)
    }

    @Test func resultKeysAreSorted() throws {
        let bytes = Fixtures.reviewer.review(body: Self.jobs[0].1).jsonBytes()
        let (doc, issues) = JSONParser.parse(bytes, limits: ValidationLimits())
        #expect(issues.isEmpty)
        let d = try #require(doc)
        for i in 0..<d.nodeCount where d.kind(i) == .object {
            var keys: [[UInt8]] = []
            d.forEachMember(i) { k, _ in keys.append(Array(d.keyBytes(k))) }
            #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) }, "object at \(d.pointer(to: i))")
        }
        // The canonical form of a result is the result itself: sorted keys, no whitespace.
        #expect(CanonicalJSON.encode(d).bytes == bytes)
    }

    @Test func contentHashIgnoresWhitespaceAndKeyOrder() throws {
        for (_, bytes) in Self.jobs.prefix(20) {
            let object = try JSONSerialization.jsonObject(with: Data(bytes))
            let pretty = [UInt8](try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted]))
            let a = Fixtures.reviewer.review(body: bytes)
            let b = Fixtures.reviewer.review(body: pretty)
            #expect(a.contentHash == b.contentHash)
            #expect(a.jsonBytes() == b.jsonBytes())
        }
    }

    @Test func changingAFigureChangesTheHash() {
        let a = Fixtures.reviewExample { _ in }
        let b = Fixtures.reviewExample { $0.set(["plan", "actions", 0, "reductionTco2e"], 6501) }
        #expect(a.contentHash != b.contentHash)
    }

    @Test func reviewNeverTrapsOnMutatedBodies() {
        // Truncations and byte flips of a valid body: always a result, rejected or not.
        var rng = SplitMix64(seed: 7)
        let base = Fixtures.exampleJob
        for _ in 0..<400 {
            var bytes = base
            switch rng.next() % 3 {
            case 0: bytes = Array(bytes.prefix(Int(rng.next() % UInt64(bytes.count))))
            case 1:
                for _ in 0..<(1 + rng.next() % 4) { bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            default:
                let at = Int(rng.next() % UInt64(bytes.count))
                bytes.insert(contentsOf: Array("[{\"\\u".utf8).shuffled(using: &rng), at: at)
            }
            let result = Fixtures.reviewer.review(body: bytes)
            #expect(result.status == .rejected ? !(result.errors ?? []).isEmpty : result.errors == nil)
        }
    }
}

/// `Reviewer.review(job:)`: a job given as a value is reviewed like its JSON.
@Suite struct JobValueReviewTests {
    @Test func valueAndBodyGiveTheSameResult() {
        for (job, bytes) in PropertyTests.jobs.prefix(30) {
            let fromBody = Fixtures.reviewer.review(body: bytes)
            let fromValue = Fixtures.reviewer.review(job: job, contentHash: fromBody.contentHash)
            #expect(fromValue.jsonBytes() == fromBody.jsonBytes())
        }
    }

    @Test func valueChecksCatchWhatTheMapperWouldHave() {
        var job = PropertyTests.jobs[0].0
        job.plan.actions?[0].reductionTco2e = -1
        job.plan.targets?[0].year = 2300
        job.municipality.code = 411
        let result = Fixtures.reviewer.review(job: job)
        #expect(result.status == .rejected)
        let found = Set((result.errors ?? []).map { "\($0.pointer) \($0.code.rawValue)" })
        #expect(found.isSuperset(of: ["/plan/actions/0/reductionTco2e negative_value", "/plan/targets/0/year year_out_of_range", "/municipality/code unknown_kommunekode"]), "\(found)")
    }
}
