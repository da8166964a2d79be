import Foundation

/// Where the overview keeps what it consumed: every plan review and progress result (idempotent on
/// jobId + contentHash), the latest of each per municipality, counters, and the stream offset it has
/// consumed up to, all written in one transaction so a restart resumes without loss or double counting.
///
/// Two implementations: ``SQLiteOverviewStore`` (embedded, the default) and ``PostgresOverviewStore``.
public protocol OverviewStore: Sendable {
    /// Creates the tables when missing (idempotent).
    func prepare() async throws
    /// Records one message. `position` is the stream and offset it came from (nil from a queue or a
    /// file); the stored offset moves to it in the same transaction, also for a skipped message.
    func record(_ message: ResultMessage, at position: StreamPosition?) async throws -> IngestOutcome
    /// The offset stored for `stream`, nil when nothing was consumed from it.
    func storedOffset(stream: String) async throws -> Int64?
    func latestReviews() async throws -> [Int: StoredReview]
    func latestProgress() async throws -> [Int: StoredProgress]
    /// Progress results of one municipality, oldest first (for its chart).
    func progressHistory(code: Int) async throws -> [StoredProgress]
    func counters() async throws -> IngestCounters
    /// A cheap query: the store answers (for `/readyz`).
    func ping() async throws
}

/// A message's place in a RabbitMQ stream (`x-stream-offset` of the delivery).
public struct StreamPosition: Sendable, Equatable {
    public var stream: String
    public var offset: Int64

    public init(stream: String, offset: Int64) {
        self.stream = stream
        self.offset = offset
    }
}

/// What recording a message did.
public enum IngestOutcome: Sendable, Equatable {
    /// A new result, now the municipality's latest (or kept in history behind a better one).
    case stored
    /// jobId + contentHash seen before: nothing changed but the offset.
    case duplicate
    /// Not taken (see ``ResultMessage/SkipReason``); the offset still moves past it.
    case skipped(ResultMessage.SkipReason)
    /// At or before the stored offset: already consumed, nothing changed.
    case alreadyConsumed
}

/// Totals kept in the store itself, so they survive restarts (the kill -9 test reads them).
public struct IngestCounters: Sendable, Codable, Equatable {
    public var reviews: Int = 0
    public var progress: Int = 0
    public var duplicates: Int = 0
    public var skipped: Int = 0

    public init(reviews: Int = 0, progress: Int = 0, duplicates: Int = 0, skipped: Int = 0) {
        self.reviews = reviews
        self.progress = progress
        self.duplicates = duplicates
        self.skipped = skipped
    }
}

/// Which review becomes a municipality's latest: a newer one, unless it is a rejection and the one
/// shown is a real review (a malformed resubmission does not hide the last readable plan).
enum LatestRule {
    static func replaces(newStatus: String, currentStatus: String?) -> Bool {
        guard let currentStatus else { return true }
        return newStatus != "rejected" || currentStatus == "rejected"
    }
}
