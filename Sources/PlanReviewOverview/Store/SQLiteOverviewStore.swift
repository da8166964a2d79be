import Foundation
import GRDB

/// The embedded store: one SQLite file (WAL mode, so readers see committed results while the
/// consumer writes), by default `.run/overview.sqlite`.
public final class SQLiteOverviewStore: OverviewStore {
    let pool: DatabasePool
    public let path: String

    /// Opens (creating when missing) the database at `path` and its tables.
    public init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        pool = try DatabasePool(path: path, configuration: configuration)
        try pool.write { db in
            for statement in StoreSchema.statements(.sqlite) { try db.execute(sql: statement) }
        }
    }

    /// The tables are created when the store opens.
    public func prepare() async throws {}

    public func record(_ message: ResultMessage, at position: StreamPosition?) async throws -> IngestOutcome {
        try await pool.write { db in try Self.record(message, at: position, in: db) }
    }

    static func record(_ message: ResultMessage, at position: StreamPosition?, in db: Database) throws -> IngestOutcome {
        if let position, let stored = try Int64.fetchOne(db, sql: "SELECT stream_offset FROM consumed_offset WHERE stream = ?", arguments: [position.stream]), stored >= position.offset {
            return .alreadyConsumed
        }
        let outcome: IngestOutcome
        switch message {
        case .review(let r):
            outcome = try insert(table: "review_result", latest: "latest_review", code: r.code, jobId: r.jobId, contentHash: r.contentHash, status: r.figures.status, figures: try StoreSchema.encode(r.figures), body: r.body, position: position, db: db, usesLatestRule: true)
        case .progress(let p):
            outcome = try insert(table: "progress_result", latest: "latest_progress", code: p.code, jobId: p.jobId, contentHash: p.contentHash, status: p.figures.status, figures: try StoreSchema.encode(p.figures), body: p.body, position: position, db: db, usesLatestRule: false)
        case .skipped(let reason):
            outcome = .skipped(reason)
        }
        if let name = StoreSchema.counterName(outcome, message: message) {
            try db.execute(sql: "INSERT INTO ingest_counter (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = ingest_counter.value + 1", arguments: [name])
        }
        if let position {
            try db.execute(sql: "INSERT INTO consumed_offset (stream, stream_offset) VALUES (?, ?) ON CONFLICT (stream) DO UPDATE SET stream_offset = excluded.stream_offset", arguments: [position.stream, position.offset])
        }
        return outcome
    }

    static func insert(table: String, latest: String, code: Int, jobId: String, contentHash: String, status: String, figures: String, body: String, position: StreamPosition?, db: Database, usesLatestRule: Bool) throws -> IngestOutcome {
        try db.execute(
            sql: "INSERT INTO \(table) (job_id, content_hash, code, status, figures, body, stream, stream_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (job_id, content_hash) DO NOTHING",
            arguments: [jobId, contentHash, code, status, figures, body, position?.stream, position?.offset])
        guard db.changesCount > 0 else { return .duplicate }
        let seq = db.lastInsertedRowID
        let current = try String.fetchOne(db, sql: "SELECT status FROM \(latest) WHERE code = ?", arguments: [code])
        if !usesLatestRule || LatestRule.replaces(newStatus: status, currentStatus: current) {
            try db.execute(sql: "INSERT INTO \(latest) (code, seq, status) VALUES (?, ?, ?) ON CONFLICT (code) DO UPDATE SET seq = excluded.seq, status = excluded.status", arguments: [code, seq, status])
        }
        return .stored
    }

    public func storedOffset(stream: String) async throws -> Int64? {
        try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT stream_offset FROM consumed_offset WHERE stream = ?", arguments: [stream]) }
    }

    public func latestReviews() async throws -> [Int: StoredReview] {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT r.code, r.job_id, r.content_hash, r.figures, r.body FROM latest_review l JOIN review_result r ON r.seq = l.seq")
            var reviews: [Int: StoredReview] = [:]
            for row in rows {
                let code: Int = row["code"]
                reviews[code] = StoredReview(code: code, jobId: row["job_id"], contentHash: row["content_hash"], figures: try StoreSchema.decode(ReviewFigures.self, row["figures"]), body: row["body"])
            }
            return reviews
        }
    }

    public func latestProgress() async throws -> [Int: StoredProgress] {
        try await pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT r.code, r.job_id, r.content_hash, r.figures, r.body FROM latest_progress l JOIN progress_result r ON r.seq = l.seq")
            var result: [Int: StoredProgress] = [:]
            for row in rows {
                let p = try Self.progress(row)
                result[p.code] = p
            }
            return result
        }
    }

    public func progressHistory(code: Int) async throws -> [StoredProgress] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT code, job_id, content_hash, figures, body FROM progress_result WHERE code = ? ORDER BY seq", arguments: [code]).map(Self.progress)
        }
    }

    static func progress(_ row: Row) throws -> StoredProgress {
        StoredProgress(code: row["code"], jobId: row["job_id"], contentHash: row["content_hash"], figures: try StoreSchema.decode(ProgressFigures.self, row["figures"]), body: row["body"])
    }

    public func counters() async throws -> IngestCounters {
        try await pool.read { db in
            StoreSchema.counters(try Row.fetchAll(db, sql: "SELECT name, value FROM ingest_counter").map { ($0["name"], $0["value"]) })
        }
    }

    public func ping() async throws {
        _ = try await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }
}
