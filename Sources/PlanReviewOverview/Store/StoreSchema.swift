import Foundation

/// The tables both stores create: SQL that SQLite (≥ 3.24) and PostgreSQL read alike, but for the
/// key column (`INTEGER PRIMARY KEY AUTOINCREMENT` / `BIGSERIAL PRIMARY KEY`) and the timestamp type.
///
/// `review_result` and `progress_result` keep every result once (unique on jobId + contentHash);
/// `latest_review` / `latest_progress` point at each municipality's latest; `consumed_offset` is the
/// stream offset consumed up to; `ingest_counter` the totals. A progress result slots in beside a
/// review without a change to the review tables.
enum StoreSchema {
    enum Dialect { case sqlite, postgres }

    static func statements(_ dialect: Dialect) -> [String] {
        let key = dialect == .sqlite ? "seq INTEGER PRIMARY KEY AUTOINCREMENT" : "seq BIGSERIAL PRIMARY KEY"
        func results(_ table: String) -> String {
            """
            CREATE TABLE IF NOT EXISTS \(table) (
                \(key),
                job_id TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                code INTEGER NOT NULL,
                status TEXT NOT NULL,
                figures TEXT NOT NULL,
                body TEXT NOT NULL,
                stream TEXT,
                stream_offset BIGINT,
                UNIQUE (job_id, content_hash)
            )
            """
        }
        return [
            results("review_result"),
            "CREATE INDEX IF NOT EXISTS review_result_code ON review_result (code, seq)",
            "CREATE TABLE IF NOT EXISTS latest_review (code INTEGER PRIMARY KEY, seq BIGINT NOT NULL, status TEXT NOT NULL)",
            results("progress_result"),
            "CREATE INDEX IF NOT EXISTS progress_result_code ON progress_result (code, seq)",
            "CREATE TABLE IF NOT EXISTS latest_progress (code INTEGER PRIMARY KEY, seq BIGINT NOT NULL, status TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS consumed_offset (stream TEXT PRIMARY KEY, stream_offset BIGINT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS ingest_counter (name TEXT PRIMARY KEY, value BIGINT NOT NULL)",
        ]
    }

    /// The counter each outcome adds to.
    static func counterName(_ outcome: IngestOutcome, message: ResultMessage) -> String? {
        switch outcome {
        case .stored:
            if case .progress = message { return "progress" }
            return "reviews"
        case .duplicate: return "duplicates"
        case .skipped: return "skipped"
        case .alreadyConsumed: return nil
        }
    }

    static func counters(_ pairs: [(String, Int64)]) -> IngestCounters {
        var c = IngestCounters()
        for (name, value) in pairs {
            switch name {
            case "reviews": c.reviews = Int(value)
            case "progress": c.progress = Int(value)
            case "duplicates": c.duplicates = Int(value)
            case "skipped": c.skipped = Int(value)
            default: break
            }
        }
        return c
    }

    /// The figures column: JSON with ISO 8601 dates.
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = [.sortedKeys]
        return e
    }()
    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()

    static func encode<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T { try decoder.decode(type, from: Data(text.utf8)) }
}
