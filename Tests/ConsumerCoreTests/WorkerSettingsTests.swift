import AMQP
import Configuration
import Foundation
import Logging
import PlanReviewContract
@testable import ReviewWorker
import Testing


/// The worker's layered configuration without the binary: in-memory providers stand in for the file,
/// the environment and the flags.
@Suite struct WorkerSettingsTests {
    static func provider(_ name: String, _ values: [String: ConfigContent]) -> InMemoryProvider {
        InMemoryProvider(name: name, values: Dictionary(uniqueKeysWithValues: values.map { (AbsoluteConfigKey(ConfigKey($0.key)), ConfigValue($0.value, isSecret: false)) }))
    }

    static func temporaryFile(_ content: String, suffix: String = ".yaml") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("worker-\(UUID().uuidString)\(suffix)").path
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Which layers set `prefetch` (flag 30, environment 20, file 10) -> the value that wins.
    @Test(arguments: [
        ([String](), 64),
        (["file"], 10),
        (["environment", "file"], 20),
        (["flags", "environment", "file"], 30),
        (["flags", "file"], 30),
        (["flags"], 30),
    ])
    func flagsBeatTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefaults(_ layers: [String], _ expected: Int) throws {
        let values = ["flags": 30, "environment": 20, "file": 10]
        let providers: [any ConfigProvider] = ["flags", "environment", "file"].map { layer in
            Self.provider(layer, layers.contains(layer) ? ["prefetch": .int(values[layer]!)] : [:])
        }
        let settings = try WorkerSettings(reader: ConfigReader(providers: providers))
        #expect(settings.worker.prefetch == expected)
    }

    @Test func timeoutsAreDurations() throws {
        let reader = ConfigReader(
            provider: Self.provider(
                "file",
                ["shutdownDeadline": .double(2.5), "reviewDeadline": .int(7), "reconnect.initialDelay": .double(0.25), "reconnect.maxDelay": .int(3)]))
        let configuration = try WorkerConfiguration(reader: reader)
        #expect(configuration.shutdownDeadline == .milliseconds(2_500))
        #expect(configuration.reviewDeadline == .seconds(7))
        #expect(configuration.reconnectInitialDelay == .milliseconds(250))
        #expect(configuration.reconnectMaxDelay == .seconds(3))
    }

    @Test func theDefaultsAreTheConfigurationsOwn() throws {
        let settings = try WorkerSettings(reader: ConfigReader(provider: Self.provider("empty", [:])))
        let defaults = WorkerConfiguration()
        #expect(settings.worker.prefetch == defaults.prefetch)
        #expect(settings.worker.shutdownDeadline == .seconds(10))
        #expect(settings.worker.topology == defaults.topology)
        #expect(settings.worker.brokers.map(\.redactedURL) == [defaults.brokers[0].redactedURL])
        #expect(settings.metricsPort == 9464)
        #expect(WorkerSettings.Key.deliveryLimit.defaultValue as? Int == 5)
    }

    /// The environment variable of each key, as docs/OPERATIONS.md lists it.
    @Test(arguments: [
        ("amqp.urls", "AMQP_URL"), ("amqp.passwordFile", "AMQP_PASSWORD_FILE"), ("consumers", "PLANREVIEW_CONSUMERS"),
        ("retryDelays", "PLANREVIEW_RETRY_DELAYS"), ("shutdownDeadline", "PLANREVIEW_SHUTDOWN_DEADLINE"),
        ("reconnect.initialDelay", "PLANREVIEW_RECONNECT_INITIAL_DELAY"), ("metrics.port", "PLANREVIEW_METRICS_PORT"),
        ("configDir", "PLANREVIEW_CONFIG_DIR"), ("log.format", "PLANREVIEW_LOG_FORMAT"),
    ])
    func theEnvironmentNamesFollowTheKeys(_ name: String, _ environment: String) throws {
        let key = try #require(WorkerSettings.Key.all.first { $0.name == name })
        #expect(key.environment == environment)
    }

    /// Every key read through the environment provider under its documented name.
    @Test func everyKeyIsReadFromItsEnvironmentVariable() throws {
        let environment = [
            "PLANREVIEW_CONSUMERS": "4", "PLANREVIEW_SHUTDOWN_DEADLINE": "2.5", "PLANREVIEW_RETRY_DELAYS": "1,2,3,4",
            "PLANREVIEW_DELIVERY_LIMIT": "9", "PLANREVIEW_LOG_LEVEL": "debug", "PLANREVIEW_DECLARE": "false",
            "PLANREVIEW_RECONNECT_MAX_DELAY": "12", "PLANREVIEW_METRICS_HOST": "127.0.0.1",
            "AMQP_URL": "amqp://guest:guest@127.0.0.1:6672/%2F,amqp://guest:guest@127.0.0.1:6772/%2F",
        ]
        let settings = try WorkerSettings(reader: ConfigReader(provider: WorkerSettings.environmentProvider(environment)))
        #expect(settings.worker.consumers == 4)
        #expect(settings.worker.shutdownDeadline == .milliseconds(2_500))
        #expect(settings.worker.topology.retryDelaysMilliseconds == [1_000, 2_000, 3_000, 4_000])
        #expect(settings.worker.topology.deliveryLimit == 9)
        #expect(settings.logLevel == .debug)
        #expect(settings.worker.declareTopology == false)
        #expect(settings.worker.reconnectMaxDelay == .seconds(12))
        #expect(settings.metricsHost == "127.0.0.1")
        #expect(settings.worker.brokers.map(\.port) == [6672, 6772], "a comma-separated AMQP_URL is a cluster")
    }

    @Test(arguments: [
        (["PLANREVIEW_PREFETCH": "0"], "PLANREVIEW_PREFETCH"),
        (["PLANREVIEW_CONSUMERS": "many"], "PLANREVIEW_CONSUMERS"),
        (["PLANREVIEW_LOG_FORMAT": "xml"], "log.format"),
        (["PLANREVIEW_METRICS_PORT": "70000"], "metrics.port"),
        (["PLANREVIEW_RETRY_DELAYS": "1,-5"], "retryDelays"),
        (["PLANREVIEW_SHUTDOWN_DEADLINE": "0"], "shutdownDeadline"),
        (["PLANREVIEW_RECONNECT_INITIAL_DELAY": "5", "PLANREVIEW_RECONNECT_MAX_DELAY": "1"], "reconnect.maxDelay"),
        (["AMQP_URL": "http://example"], "amqp.urls"),
    ])
    func invalidValuesAreRefusedNamingTheirKey(_ environment: [String: String], _ named: String) {
        #expect {
            try WorkerSettings(reader: ConfigReader(provider: WorkerSettings.environmentProvider(environment)))
        } throws: { error in
            "\(error)".contains(named)
        }
    }

    @Test func loadingNamesTheSourceOfEachValue() async throws {
        let file = try Self.temporaryFile(
            """
            consumers: 3
            prefetch: 10
            retryDelays: [2, 4.5]
            metrics:
              port: 1111
            log:
              format: text
            """)
        let settings = try await WorkerSettings.load(
            flags: WorkerSettings.flagValues([(.metricsPort, .int(3333)), (.prefix, nil)]), configFile: file,
            environment: ["PLANREVIEW_PREFETCH": "20", "PLANREVIEW_METRICS_PORT": "2222", "PLANREVIEW_WORKER_ID": "from-env"],
            locateConfigDirectory: { nil })
        #expect(settings.worker.consumers == 3)
        #expect(settings.sources["consumers"] == "file \(file)")
        #expect(settings.worker.prefetch == 20)
        #expect(settings.sources["prefetch"] == "environment PLANREVIEW_PREFETCH")
        #expect(settings.metricsPort == 3333)
        #expect(settings.sources["metrics.port"] == "flag")
        #expect(settings.worker.workerId == "from-env")
        #expect(settings.worker.topology.retryDelaysMilliseconds == [2_000, 4_500])
        #expect(settings.logFormat == .text)
        #expect(settings.sources["deliveryLimit"] == nil)
        #expect(settings.configFile == file)
    }

    /// A misspelt key in worker.yaml is an error naming it and the nearest valid key, not a silent default.
    @Test(arguments: [
        ("prefech: 10\n", "prefech", "prefetch"),
        ("readiness:\n  confirmTimeot: 5\n", "readiness.confirmTimeot", "readiness.confirmTimeout"),
        ("amqp:\n  url: [\"amqp://x\"]\n", "amqp.url", "amqp.urls"),
    ])
    func anUnknownKeyInTheFileIsAnError(_ yaml: String, _ unknown: String, _ nearest: String) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("worker-\(UUID().uuidString).yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        await #expect {
            try await WorkerSettings.load(flags: [:], configFile: file.path, environment: [:], locateConfigDirectory: { nil })
        } throws: { error in
            "\(error)".contains("unknown key '\(unknown)'") && "\(error)".contains("did you mean '\(nearest)'")
        }
    }

    @Test func theRepositorysWorkerYAMLHasOnlyKnownKeys() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Config/worker.yaml")
        #expect(WorkerSettings.unknownKeyProblem(inYAML: try String(contentsOf: file, encoding: .utf8)) == nil)
    }

    @Test func aMissingExplicitFileIsAnError() async {
        await #expect {
            try await WorkerSettings.load(flags: [:], configFile: "/nonexistent/worker.yaml", environment: [:], locateConfigDirectory: { nil })
        } throws: { error in
            "\(error)".contains("/nonexistent/worker.yaml")
        }
    }

    @Test func printedYAMLReadsBackAsTheSameConfiguration() async throws {
        let flags = WorkerSettings.flagValues([(.consumers, .int(3)), (.prefix, .string("round-trip")), (.workerId, .string("w"))])
        let direct = try await WorkerSettings.load(flags: flags, configFile: nil, environment: ["PLANREVIEW_RETRY_DELAYS": "0.5,5"], locateConfigDirectory: { nil })
        let file = try Self.temporaryFile(direct.printableYAML())
        let readBack = try await WorkerSettings.load(flags: [:], configFile: file, environment: [:], locateConfigDirectory: { nil })
        for ((key, value), (_, readValue)) in zip(direct.effectiveValues, readBack.effectiveValues) {
            #expect("\(readValue)" == "\(value)", "\(key)")
        }
        #expect(readBack.sources["consumers"] == "file \(file)")
    }

    @Test func secretsAreRedactedInThePrintedConfiguration() async throws {
        let passwordFile = try Self.temporaryFile("file-secret-42\n", suffix: ".txt")
        let settings = try await WorkerSettings.load(
            flags: [:], configFile: nil,
            environment: ["AMQP_URL": "amqp://planreview-worker:url-secret-17@127.0.0.1:5672/planreview", "AMQP_PASSWORD_FILE": passwordFile],
            locateConfigDirectory: { nil })
        #expect(settings.worker.brokers.first?.password == "file-secret-42")
        for printed in [settings.printableYAML(), try settings.printableJSON()] {
            #expect(!printed.contains("url-secret-17"))
            #expect(!printed.contains("file-secret-42"))
            #expect(printed.contains("planreview-worker:***@127.0.0.1:5672"))
            #expect(printed.contains(passwordFile), "the password file's path is shown, not its content")
        }
    }

    /// docs/OPERATIONS.md's table has a row per key with its environment variable and flag.
    @Test func theOperationsTableListsEveryKey() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let operations = try String(contentsOf: repository.appendingPathComponent("docs/OPERATIONS.md"), encoding: .utf8)
        let rows = operations.split(separator: "\n").filter { $0.hasPrefix("| `") }
        for key in WorkerSettings.Key.all {
            // The first column of the keys table; other tables (tuning) name some keys too.
            let row = rows.first { $0.hasPrefix("| `\(key.name)` |") && $0.contains("`\(key.environment)`") }
            #expect(row != nil, "\(key.name) has a row with \(key.environment)")
            guard let row else { continue }
            if let flag = key.flag {
                for part in flag.split(separator: "/") { #expect(row.contains("`\(part)`"), "\(key.name): \(part)") }
            }
        }
    }
}
