import ArgumentParser
import Foundation
import Logging
import PlanReview
import PlanReviewContract
import PlanReviewOverview
import PlanReviewResources

/// `planreview overview`: the overview without a server.
struct OverviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overview",
        abstract: "The overview of all municipalities without a server.",
        subcommands: [OverviewBuildCommand.self]
    )
}

/// `planreview overview build --results FILE.jsonl --out DIR`.
struct OverviewBuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Write overview.json, overview.csv, a static index.html and a page per municipality from results.",
        discussion: """
            FILE.jsonl holds one result body per line, as `planreview results --json` prints them (plan reviews \
            and progress results; other lines are skipped and counted). The pages open from disk, no server needed.
            """
    )

    @Option(help: "JSON lines of results ('-' reads standard input).") var results: String
    @Option(help: "Directory to write (created when missing).") var out: String
    @Option(name: [.customLong("config"), .customLong("config-dir")], help: ArgumentHelp("Config directory with municipalities.json and rulesets.", valueName: "dir")) var configDir: String?

    func run() async throws {
        guard let configDirectory = configDir ?? ReviewConfiguration.locateConfigDirectory() else {
            throw ValidationError("no Config directory found; pass --config DIR or set PLANREVIEW_CONFIG_DIR")
        }
        let configuration = try ReviewConfiguration.load(configDirectory: configDirectory)
        let text: String
        if results == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: results) else { throw ValidationError("cannot read \(results)") }
            text = String(decoding: data, as: UTF8.self)
        }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("planreview-overview-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let store = try SQLiteOverviewStore(path: scratch.appendingPathComponent("overview.sqlite").path)
        var logger = Logger(label: "planreview overview build")
        logger.logLevel = .error
        let municipalities = configuration.municipalities.all
        let ingestor = Ingestor(store: store, knownCodes: Set(municipalities.map(\.code)), logger: logger)
        let outcomes = try await ingestor.ingest(lines: text)
        let reader = OverviewReader(store: store, municipalities: municipalities, rulesets: configuration.rulesets)
        let overview = try await reader.writeStaticSite(to: out)
        let counters = try await store.counters()
        print("\(outcomes.count) lines: \(counters.reviews) reviews, \(counters.progress) progress results, \(counters.duplicates) duplicates, \(counters.skipped) skipped")
        print("wrote \(out)/index.html, overview.json, overview.csv (\(overview.municipalities.count) municipalities)")
        print("Oversigt: \(overview.summaryLine)")
    }
}
