import Foundation
import Logging
import PlanReviewOverview
import PostgresNIO
import Testing

/// The stores the store tests run against: SQLite always, PostgreSQL when
/// `PLANREVIEW_TEST_POSTGRES_URL` is set (Scripts/test always sets it; a local run without it skips
/// that backend). Each PostgreSQL test gets a database of its own, dropped afterwards.
enum StoreBackend: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["PLANREVIEW_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The backends this run has.
    static var available: [StoreBackend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    func withStore(_ body: (any OverviewStore) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let store = try OverviewFixtures.sqliteStore()
            try await store.prepare()
            try await body(store)
        case .postgres:
            let url = try requireURL()
            let admin = PostgresClient(configuration: try PostgresOverviewStore.configuration(url: url), backgroundLogger: OverviewFixtures.logger)
            let database = "overview_test_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await admin.run() }
                defer { group.cancelAll() }
                try await admin.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(database)"))
                var configuration = try PostgresOverviewStore.configuration(url: url)
                configuration.database = database
                let store = PostgresOverviewStore(configuration: configuration, logger: OverviewFixtures.logger)
                let result: Result<Void, any Error> = await withThrowingTaskGroup(of: Void.self) { inner in
                    inner.addTask { try await store.run() }
                    defer { inner.cancelAll() }
                    do {
                        try await store.prepare()
                        return .success(try await body(store))
                    } catch {
                        return .failure(error)
                    }
                }
                _ = try? await admin.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(database) WITH (FORCE)"))
                try result.get()
            }
        }
    }

    private func requireURL() throws -> String {
        guard let url = Self.postgresURL else { throw OverviewError("PLANREVIEW_TEST_POSTGRES_URL is not set") }
        return url
    }
}
