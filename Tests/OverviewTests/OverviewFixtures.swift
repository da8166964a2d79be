import Foundation
import Logging
import PlanReview
import PlanReviewContract
import PlanReviewOverview
import PlanReviewResources

/// What the overview tests share: the official list, the golden results as bodies, and stores.
enum OverviewFixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let configuration: ReviewConfiguration = {
        // A failure here is a broken checkout; every test needs the list.
        try! ReviewConfiguration.load(configDirectory: repoRoot.appendingPathComponent("Config").path)
    }()
    static var municipalities: [MunicipalityRef] { configuration.municipalities.all }
    static var knownCodes: Set<Int> { Set(municipalities.map(\.code)) }

    /// The golden results of Tests/PlanReviewTests/Golden, by file name without `.result.json`.
    static let goldenBodies: [String: [UInt8]] = {
        let dir = repoRoot.appendingPathComponent("Tests/PlanReviewTests/Golden")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        var bodies: [String: [UInt8]] = [:]
        for name in names where name.hasSuffix(".result.json") {
            bodies[String(name.dropLast(".result.json".count))] = Array(FileManager.default.contents(atPath: dir.appendingPathComponent(name).path) ?? Data())
        }
        return bodies
    }()

    static func golden(_ name: String) -> [UInt8] { goldenBodies[name]! }

    /// A golden progress result of Tests/PlanReviewTests/Golden/progress.
    static func goldenProgress(_ name: String) -> [UInt8] {
        Array(FileManager.default.contents(atPath: repoRoot.appendingPathComponent("Tests/PlanReviewTests/Golden/progress/\(name).result.json").path) ?? Data())
    }

    /// A golden body with other values for top-level fields (jobId, status, contentHash ...).
    static func body(_ name: String, replacing fields: [String: Any]) -> [UInt8] {
        var object = try! JSONSerialization.jsonObject(with: Data(golden(name))) as! [String: Any]
        for (key, value) in fields { object[key] = value }
        return Array(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    /// A progress result as the contract describes it (CONTRACT.md, "Progress job").
    static func progressBody(code: Int, name: String, jobId: String, status: String, points: [(Int, Double, Double)]) -> [UInt8] {
        let object: [String: Any] = [
            "schema": "planreview.progress-result/v1", "jobId": jobId, "status": status, "contentHash": "sha256:\(jobId)",
            "municipality": ["code": code, "name": name], "referenceDate": "2025-06-30",
            "reportedYears": points.map { ["year": $0.0, "reportedTco2e": $0.1, "plannedTco2e": $0.2] },
        ]
        return Array(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    static let logger: Logger = {
        var logger = Logger(label: "overview-tests")
        logger.logLevel = .critical
        return logger
    }()

    /// A golden body as one JSON line.
    static func line(_ name: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: try! JSONSerialization.jsonObject(with: Data(golden(name)))), as: UTF8.self)
    }

    static func temporaryDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("overview-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func sqliteStore() throws -> SQLiteOverviewStore {
        try SQLiteOverviewStore(path: temporaryDirectory().appendingPathComponent("overview.sqlite").path)
    }

    /// Every golden result ingested into a fresh SQLite store.
    static func storeWithGoldens() async throws -> SQLiteOverviewStore {
        let store = try sqliteStore()
        let ingestor = Ingestor(store: store, knownCodes: knownCodes, logger: logger)
        for name in goldenBodies.keys.sorted() { try await ingestor.ingest(body: golden(name)) }
        return store
    }
}
