import Foundation
import Testing

/// The module graph of docs/ARCHITECTURE.md, checked on the sources: which module may import which,
/// that the domain does no I/O, and that no source file grows past what one reader holds in mind.
@Suite struct ArchitectureTests {
    static let sources = Fixtures.repoRoot.appendingPathComponent("Sources")

    /// Imports every module may use besides the platform's (Foundation, Glibc, Dispatch, ...).
    /// Executables and the test kit are the edges and may import any library.
    static let allowed: [String: Set<String>] = [
        "AMQP": ["CRabbitMQ"],
        "PlanReviewContract": [],
        "PlanReviewJSON": ["PlanReviewContract", "Crypto"],
        "PlanReview": ["PlanReviewContract", "PlanReviewJSON", "Yams"],
        "PlanReviewReports": ["PlanReview", "PlanReviewContract", "PlanReviewJSON"],
        "PlanReviewResources": ["PlanReview", "PlanReviewContract"],
        "ReviewWorker": [
            "AMQP", "PlanReview", "PlanReviewContract", "PlanReviewJSON", "Logging", "Metrics", "CoreMetrics",
            "ServiceLifecycle", "Configuration", "Yams",
        ],
        "PlanReviewOps": ["AMQP", "PlanReviewContract", "ArgumentParser"],
        "ReviewWorkerRuntime": [
            "ReviewWorker", "PlanReview", "PlanReviewContract", "PlanReviewResources", "ArgumentParser", "Logging", "Metrics", "CoreMetrics",
            "ServiceLifecycle", "UnixSignals", "Prometheus", "Hummingbird", "HummingbirdCore", "Configuration",
        ],
        "PlanReviewOverview": [
            "AMQP", "PlanReview", "PlanReviewContract", "PlanReviewReports", "GRDB", "PostgresNIO", "Hummingbird", "Logging",
            "Metrics", "ServiceLifecycle",
        ],
    ]
    static let platform: Set<String> = [
        "Foundation", "FoundationEssentials", "FoundationNetworking", "FoundationXML", "Glibc", "Musl", "Darwin",
        "Dispatch", "Synchronization",
    ]

    static func swiftFiles(in module: String) -> [URL] {
        let root = sources.appendingPathComponent(module)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.sorted { $0.path < $1.path }
    }

    static func imports(of file: URL) -> [String] {
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line -> String? in
            let words = line.split(separator: " ")
            guard let i = words.firstIndex(of: "import"), i + 1 < words.count, words[..<i].allSatisfy({ $0.hasPrefix("@") }) else { return nil }
            return String(words[i + 1])
        }
    }

    @Test(arguments: allowed.keys.sorted())
    func moduleImportsOnlyWhatTheGraphAllows(_ module: String) throws {
        let files = Self.swiftFiles(in: module)
        #expect(!files.isEmpty, "Sources/\(module) has no Swift files")
        let permitted = Self.allowed[module, default: []].union(Self.platform)
        for file in files {
            for name in Self.imports(of: file) where !permitted.contains(name) {
                Issue.record("\(module)/\(file.lastPathComponent) imports \(name), which the module graph does not allow")
            }
        }
    }

    /// PlanReview knows nothing of files, processes, the environment or the network (ARCHITECTURE.md):
    /// rulesets and reference data come in as values.
    @Test func theDomainDoesNoIO() throws {
        let forbidden = [
            "FileManager", "FileHandle", "ProcessInfo", "Process(", "contentsOfFile", "Data(contentsOf", "String(contentsOf", "URLSession",
            "getenv", "fopen", "Date()", "CommandLine",
        ]
        for module in ["PlanReview", "PlanReviewContract", "PlanReviewJSON", "PlanReviewReports"] {
            for file in Self.swiftFiles(in: module) {
                let text = try String(contentsOf: file, encoding: .utf8)
                for token in forbidden where text.contains(token) {
                    Issue.record("\(module)/\(file.lastPathComponent) uses \(token)")
                }
            }
        }
    }

    /// The service carries no test or benchmark hook (issue 11, from the re-cut): the echo and trap
    /// reviews live in the test kit, the worker process with them is `planreview-bench worker`.
    @Test func theServiceCarriesNoTestHooks() throws {
        for module in ["ReviewWorker", "ReviewWorkerRuntime", "planreview-worker"] {
            for file in Self.swiftFiles(in: module) {
                let text = try String(contentsOf: file, encoding: .utf8)
                for token in ["TrapReviewer", "EchoReviewer", "EchoReply", "PLANREVIEW_TEST_TRAP_JOB_ID", "testTrapJobId", "trapJobId"] where text.contains(token) {
                    Issue.record("\(module)/\(file.lastPathComponent) mentions \(token)")
                }
            }
        }
    }

    /// One main concern per file: no Sources file over 400 lines.
    @Test func noSourceFileIsOverFourHundredLines() throws {
        let modules = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path)
        for module in modules {
            for file in Self.swiftFiles(in: module) {
                let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).count
                #expect(lines <= 400, "\(module)/\(file.lastPathComponent) has \(lines) lines")
            }
        }
    }
}
