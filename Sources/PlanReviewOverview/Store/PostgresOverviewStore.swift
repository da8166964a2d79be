import Foundation
import Logging
import PostgresNIO
import ServiceLifecycle

/// The PostgreSQL store, for a deployment that keeps its data in a database server
/// (`PLANREVIEW_OVERVIEW_DATABASE_URL=postgres://user:password@host:5432/db`). Same tables and
/// transactions as ``SQLiteOverviewStore``.
///
/// - Important: its ``PostgresClient`` must be running: add the store to the ServiceGroup (it is a
///   `Service`) before the consumer, and call ``prepare()`` once it runs.
public final class PostgresOverviewStore: OverviewStore, Service {
    public let client: PostgresClient
    let logger: Logger

    public init(configuration: PostgresClient.Configuration, logger: Logger) {
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.logger = logger
    }

    /// Reads `postgres://user:password@host:port/database`. TLS is not negotiated (loopback or a
    /// private network; put a TLS proxy in front otherwise).
    public static func configuration(url: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
            let host = components.host, !host.isEmpty, let user = components.user
        else { throw OverviewError("not a postgres://user[:password]@host[:port]/database URL") }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        return PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: database.isEmpty ? nil : database, tls: .disable)
    }

    public func run() async throws { await client.run() }

    /// Creates the tables when missing.
    public func prepare() async throws {
        for statement in StoreSchema.statements(.postgres) {
            try await client.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
    }

    public func record(_ message: ResultMessage, at position: StreamPosition?) async throws -> IngestOutcome {
        let logger = self.logger
        return try await client.withTransaction(logger: logger) { conn in
            if let position {
                let rows = try await conn.query("SELECT stream_offset FROM consumed_offset WHERE stream = \(position.stream) FOR UPDATE", logger: logger)
                for try await stored in rows.decode(Int64.self) where stored >= position.offset { return IngestOutcome.alreadyConsumed }
            }
            let outcome: IngestOutcome
            switch message {
            case .review(let r):
                outcome = try await Self.insert(conn, logger, kind: .review, code: r.code, jobId: r.jobId, contentHash: r.contentHash, status: r.figures.status, figures: try StoreSchema.encode(r.figures), body: r.body, position: position)
            case .progress(let p):
                outcome = try await Self.insert(conn, logger, kind: .progress, code: p.code, jobId: p.jobId, contentHash: p.contentHash, status: p.figures.status, figures: try StoreSchema.encode(p.figures), body: p.body, position: position)
            case .skipped(let reason):
                outcome = .skipped(reason)
            }
            if let name = StoreSchema.counterName(outcome, message: message) {
                try await conn.query("INSERT INTO ingest_counter (name, value) VALUES (\(name), 1) ON CONFLICT (name) DO UPDATE SET value = ingest_counter.value + 1", logger: logger)
            }
            if let position {
                try await conn.query("INSERT INTO consumed_offset (stream, stream_offset) VALUES (\(position.stream), \(position.offset)) ON CONFLICT (stream) DO UPDATE SET stream_offset = excluded.stream_offset", logger: logger)
            }
            return outcome
        }
    }

    enum Kind { case review, progress }

    static func insert(_ conn: PostgresConnection, _ logger: Logger, kind: Kind, code: Int, jobId: String, contentHash: String, status: String, figures: String, body: String, position: StreamPosition?) async throws -> IngestOutcome {
        let stream = position?.stream
        let offset = position?.offset
        let rows: PostgresRowSequence
        switch kind {
        case .review:
            rows = try await conn.query("INSERT INTO review_result (job_id, content_hash, code, status, figures, body, stream, stream_offset) VALUES (\(jobId), \(contentHash), \(code), \(status), \(figures), \(body), \(stream), \(offset)) ON CONFLICT (job_id, content_hash) DO NOTHING RETURNING seq", logger: logger)
        case .progress:
            rows = try await conn.query("INSERT INTO progress_result (job_id, content_hash, code, status, figures, body, stream, stream_offset) VALUES (\(jobId), \(contentHash), \(code), \(status), \(figures), \(body), \(stream), \(offset)) ON CONFLICT (job_id, content_hash) DO NOTHING RETURNING seq", logger: logger)
        }
        var inserted: Int64?
        for try await seq in rows.decode(Int64.self) { inserted = seq }
        guard let seq = inserted else { return .duplicate }
        switch kind {
        case .review:
            var current: String?
            for try await s in try await conn.query("SELECT status FROM latest_review WHERE code = \(code)", logger: logger).decode(String.self) { current = s }
            if LatestRule.replaces(newStatus: status, currentStatus: current) {
                try await conn.query("INSERT INTO latest_review (code, seq, status) VALUES (\(code), \(seq), \(status)) ON CONFLICT (code) DO UPDATE SET seq = excluded.seq, status = excluded.status", logger: logger)
            }
        case .progress:
            try await conn.query("INSERT INTO latest_progress (code, seq, status) VALUES (\(code), \(seq), \(status)) ON CONFLICT (code) DO UPDATE SET seq = excluded.seq, status = excluded.status", logger: logger)
        }
        return .stored
    }

    public func storedOffset(stream: String) async throws -> Int64? {
        var offset: Int64?
        for try await value in try await client.query("SELECT stream_offset FROM consumed_offset WHERE stream = \(stream)", logger: logger).decode(Int64.self) { offset = value }
        return offset
    }

    public func latestReviews() async throws -> [Int: StoredReview] {
        var reviews: [Int: StoredReview] = [:]
        let rows = try await client.query("SELECT r.code, r.job_id, r.content_hash, r.figures, r.body FROM latest_review l JOIN review_result r ON r.seq = l.seq", logger: logger)
        for try await (code, jobId, hash, figures, body) in rows.decode((Int, String, String, String, String).self) {
            reviews[code] = StoredReview(code: code, jobId: jobId, contentHash: hash, figures: try StoreSchema.decode(ReviewFigures.self, figures), body: body)
        }
        return reviews
    }

    public func latestProgress() async throws -> [Int: StoredProgress] {
        var result: [Int: StoredProgress] = [:]
        let rows = try await client.query("SELECT r.code, r.job_id, r.content_hash, r.figures, r.body FROM latest_progress l JOIN progress_result r ON r.seq = l.seq", logger: logger)
        for try await (code, jobId, hash, figures, body) in rows.decode((Int, String, String, String, String).self) {
            result[code] = StoredProgress(code: code, jobId: jobId, contentHash: hash, figures: try StoreSchema.decode(ProgressFigures.self, figures), body: body)
        }
        return result
    }

    public func progressHistory(code: Int) async throws -> [StoredProgress] {
        var result: [StoredProgress] = []
        let rows = try await client.query("SELECT code, job_id, content_hash, figures, body FROM progress_result WHERE code = \(code) ORDER BY seq", logger: logger)
        for try await (code, jobId, hash, figures, body) in rows.decode((Int, String, String, String, String).self) {
            result.append(StoredProgress(code: code, jobId: jobId, contentHash: hash, figures: try StoreSchema.decode(ProgressFigures.self, figures), body: body))
        }
        return result
    }

    public func counters() async throws -> IngestCounters {
        var pairs: [(String, Int64)] = []
        for try await pair in try await client.query("SELECT name, value FROM ingest_counter", logger: logger).decode((String, Int64).self) { pairs.append(pair) }
        return StoreSchema.counters(pairs)
    }

    public func ping() async throws {
        try await client.query("SELECT 1", logger: logger)
    }
}
