import AMQP
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PlanReview
import PlanReviewContract
import PlanReviewOps
import PlanReviewOverview
import PlanReviewResources
import ReviewWorker
import ServiceLifecycle
import UnixSignals

/// `planreview-overview`: consumes the results stream into a store and serves the overview of all
/// 98 municipalities (docs/OVERVIEW.md).
@main
struct OverviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "planreview-overview",
        abstract: "Consume the results stream into a store and serve the overview of all municipalities.",
        discussion: """
            Broker: --amqp-url, else AMQP_URL, else amqp://guest:guest@127.0.0.1:5672/%2F (AMQP_PASSWORD_FILE \
            replaces the password). Results: the stream <prefix>.results when the topology declares it a stream, \
            else a queue of the overview's own, <prefix>.overview, bound to <prefix>.results with result.# and \
            progress.# (--stream NAME or --queue NAME choose). Store: --database-url, else \
            PLANREVIEW_OVERVIEW_DATABASE_URL (postgres://user:password@host:port/db), else SQLite at \
            --database-path (default .run/overview.sqlite). SIGTERM/SIGINT: stop consuming, finish the result in \
            hand, stop serving, exit 0.
            """,
        version: PlanReviewVersion.current
    )

    @Option(name: .customLong("amqp-url"), help: "Broker URL (default: $AMQP_URL).") var amqpURL: String?
    @Option(help: "Prefix of every exchange and queue name (default: $PLANREVIEW_PREFIX, else planreview).") var prefix: String?
    @Option(help: "Consume this RabbitMQ stream from the stored offset.") var stream: String?
    @Option(help: "Consume this queue of the overview's own (declared and bound to the results exchange).") var queue: String?
    @Option(help: "HTTP address (default: $PLANREVIEW_OVERVIEW_HOST, else 127.0.0.1; 0.0.0.0 in a pod).") var host: String?
    @Option(help: "HTTP port (default: $PLANREVIEW_OVERVIEW_PORT, else 8080; 0 picks a free one).") var port: Int?
    @Option(help: "PostgreSQL URL (default: $PLANREVIEW_OVERVIEW_DATABASE_URL); without it SQLite is used.") var databaseURL: String?
    @Option(help: "SQLite file (default: $PLANREVIEW_OVERVIEW_DATABASE_PATH, else .run/overview.sqlite).") var databasePath: String?
    @Option(name: [.customLong("config"), .customLong("config-dir")], help: ArgumentHelp("Config directory with municipalities.json and rulesets (default: located like the worker's).", valueName: "dir")) var configDir: String?
    @Option(help: "Write the bound HTTP port to this file once listening (for scripts using --port 0).") var portFile: String?
    @Option(help: "Log level.") var logLevel: String = "info"
    @Flag(help: "Logs as text instead of JSON lines.") var textLogs = false

    /// ArgumentParser's `main`, with the environment checked once the arguments parse (so --help and
    /// --version still answer): an unknown `PLANREVIEW_*` name is an error naming the nearest known one.
    static func main() async { await main(checkingEnvironment: EnvironmentName.unknownNamesProblem(in:)) }

    func validate() throws {
        if stream != nil && queue != nil { throw ValidationError("--stream and --queue exclude each other") }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level: one of trace, debug, info, notice, warning, error, critical") }
    }

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        let level = Logger.Level(rawValue: logLevel) ?? .info
        let textLogs = textLogs
        LoggingSystem.bootstrap { label in
            if textLogs {
                var handler = StreamLogHandler.standardOutput(label: label)
                handler.logLevel = level
                return handler
            }
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "planreview-overview")

        guard let configDirectory = configDir ?? ReviewConfiguration.locateConfigDirectory() else {
            throw ValidationError("no Config directory found; pass --config DIR or set PLANREVIEW_CONFIG_DIR")
        }
        let configuration = try ReviewConfiguration.load(configDirectory: configDirectory)
        let topology = Topology(prefix: prefix ?? env["PLANREVIEW_PREFIX"] ?? "planreview")
        var source = ResultsSource.fromTopology(topology)
        if let stream { source = ResultsSource(kind: .stream, queue: stream, exchange: topology.resultsExchange) }
        if let queue { source = ResultsSource(kind: .queue, queue: queue, exchange: topology.resultsExchange) }
        guard let broker = try BrokerAddresses.resolve(flags: amqpURL.map { [$0] } ?? []).first else { throw ValidationError("no broker URL") }

        var services: [any Service] = []
        let store: any OverviewStore
        if let url = databaseURL ?? env["PLANREVIEW_OVERVIEW_DATABASE_URL"], !url.isEmpty {
            let postgres = PostgresOverviewStore(configuration: try PostgresOverviewStore.configuration(url: url), logger: logger)
            services.append(postgres)
            store = postgres
            logger.info("store: PostgreSQL")
        } else {
            let path = databasePath ?? env["PLANREVIEW_OVERVIEW_DATABASE_PATH"] ?? ".run/overview.sqlite"
            store = try SQLiteOverviewStore(path: path)
            logger.info("store: SQLite", metadata: ["path": "\(path)"])
        }
        let state = ConsumerState()
        let reader = OverviewReader(store: store, municipalities: configuration.municipalities.all, rulesets: configuration.rulesets)
        let portFile = portFile
        let http = OverviewHTTPService(
            host: host ?? env["PLANREVIEW_OVERVIEW_HOST"] ?? "127.0.0.1",
            port: port ?? env["PLANREVIEW_OVERVIEW_PORT"].flatMap(Int.init) ?? 8080,
            reader: reader, consumerState: state, logger: logger,
            onListening: { bound in
                if let portFile { try? "\(bound)\n".write(toFile: portFile, atomically: true, encoding: .utf8) }
            })
        let ingestor = Ingestor(store: store, knownCodes: Set(configuration.municipalities.all.map(\.code)), logger: logger)
        let consumer = ResultsConsumer(amqp: broker, source: source, ingestor: ingestor, state: state, logger: logger)
        logger.info("results source", metadata: ["kind": "\(source.kind.rawValue)", "amqp_queue": "\(source.queue)", "amqp_exchange": "\(source.exchange)"])
        // Reverse order on shutdown: the consumer stops first, then the pages, then the database client.
        services.append(http)
        services.append(consumer)
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
