import AMQP
import Configuration
import Foundation
import Logging
import PlanReview
import ReviewWorker
import Synchronization

/// Everything the worker process runs with: the core's `WorkerConfiguration` plus what only the
/// executable uses (metrics endpoint, logging, Config directory), and where each value came from.
///
/// Layers, lowest first (apple/swift-configuration providers): built-in defaults < the YAML file
/// (`--config`, `PLANREVIEW_CONFIG`, else `worker.yaml` in the Config directory when present) <
/// environment (`PLANREVIEW_<KEY>`, and `AMQP_URL`, `AMQP_PASSWORD_FILE`) < command-line flags.
/// docs/OPERATIONS.md has the table of every key.
struct WorkerSettings: Sendable {
    enum LogFormat: String, Sendable, CaseIterable {
        case json, text
    }

    var worker = WorkerConfiguration()
    var metricsHost = "0.0.0.0"
    /// 0 turns the HTTP endpoint (/metrics, /healthz, /readyz) off.
    var metricsPort = 9464
    var logLevel: Logger.Level = .info
    var logFormat: LogFormat = .json
    var configDirectory: String?
    var amqpPasswordFile: String?
    /// The YAML file that was read, if any.
    var configFile: String?
    /// Key -> where its value came from (`default`, `file`, `environment`, `flag`).
    var sources: [String: String] = [:]

    /// One key of the configuration: its name in the file (dotted), the environment and on the command line.
    struct Key: Sendable {
        var name: String
        var environment: String
        var flag: String?
        var meaning: String
    }

    /// Every key, in the order --print-config shows them (also the table in docs/OPERATIONS.md).
    static let keys: [Key] = [
        Key(name: "amqp.urls", environment: "AMQP_URL", flag: "--amqp-url", meaning: "Broker URLs, tried in turn (a cluster's nodes); comma-separated in the environment, repeat the flag."),
        Key(name: "amqp.passwordFile", environment: "AMQP_PASSWORD_FILE", flag: "--amqp-password-file", meaning: "File whose content replaces the password of every broker URL."),
        Key(name: "consumers", environment: "PLANREVIEW_CONSUMERS", flag: "--consumers", meaning: "Consumer threads, each with its own connection."),
        Key(name: "prefetch", environment: "PLANREVIEW_PREFETCH", flag: "--prefetch", meaning: "Unacked jobs per consumer (basic.qos) and pipelining window."),
        Key(name: "prefix", environment: "PLANREVIEW_PREFIX", flag: "--prefix", meaning: "Prefix of every exchange and queue name."),
        Key(name: "declare", environment: "PLANREVIEW_DECLARE", flag: "--declare/--no-declare", meaning: "Declare the topology at start."),
        Key(name: "retryDelays", environment: "PLANREVIEW_RETRY_DELAYS", flag: "--retry-delays", meaning: "Seconds each retry queue holds a job (one queue per attempt)."),
        Key(name: "deliveryLimit", environment: "PLANREVIEW_DELIVERY_LIMIT", flag: "--delivery-limit", meaning: "Redeliveries of a job before the jobs queue dead-letters it."),
        Key(name: "workerId", environment: "PLANREVIEW_WORKER_ID", flag: "--worker-id", meaning: "Worker id in results, logs and connection names."),
        Key(name: "shutdownDeadline", environment: "PLANREVIEW_SHUTDOWN_DEADLINE", flag: "--shutdown-deadline", meaning: "Seconds in-flight jobs get to finish on SIGTERM."),
        Key(name: "reviewDeadline", environment: "PLANREVIEW_REVIEW_DEADLINE", flag: nil, meaning: "Seconds one review may run before the watchdog ends the process."),
        Key(name: "reconnect.initialDelay", environment: "PLANREVIEW_RECONNECT_INITIAL_DELAY", flag: nil, meaning: "First reconnect delay in seconds (exponential backoff with full jitter)."),
        Key(name: "reconnect.maxDelay", environment: "PLANREVIEW_RECONNECT_MAX_DELAY", flag: nil, meaning: "Longest reconnect delay in seconds."),
        Key(name: "configDir", environment: "PLANREVIEW_CONFIG_DIR", flag: "--config-dir", meaning: "Directory with municipalities.json and rulesets/."),
        Key(name: "metrics.host", environment: "PLANREVIEW_METRICS_HOST", flag: "--metrics-host", meaning: "Address the HTTP endpoint binds (/metrics, /healthz, /readyz)."),
        Key(name: "metrics.port", environment: "PLANREVIEW_METRICS_PORT", flag: "--metrics-port", meaning: "Port of the HTTP endpoint; 0 turns it off."),
        Key(name: "log.level", environment: "PLANREVIEW_LOG_LEVEL", flag: "--log-level", meaning: "trace, debug, info, notice, warning, error, critical."),
        Key(name: "log.format", environment: "PLANREVIEW_LOG_FORMAT", flag: "--log-format", meaning: "json (one object per line) or text."),
    ]

    /// A value that cannot be used, with where it came from.
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads the layers. `flags` holds only the options given on the command line.
    static func load(
        flags: [AbsoluteConfigKey: ConfigValue],
        configFile explicitFile: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        locateConfigDirectory: () -> String? = { ReviewConfiguration.locateConfigDirectory() }
    ) async throws -> WorkerSettings {
        let flagProvider = InMemoryProvider(name: "flags", values: flags)
        let environmentProvider = EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific(["AMQP_URL"]))
            .mapKeys(Self.environmentKey)

        // The file's location comes from the upper layers only.
        let locating = ConfigReader(providers: [flagProvider, environmentProvider])
        var settings = WorkerSettings()
        let configDirectory = locating.string(forKey: "configDir") ?? locateConfigDirectory()
        var file = explicitFile ?? environment["PLANREVIEW_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        if file == nil, let configDirectory {
            let candidate = (configDirectory as NSString).appendingPathComponent("worker.yaml")
            if FileManager.default.fileExists(atPath: candidate) { file = candidate }
        }
        var providers: [any ConfigProvider] = [flagProvider, environmentProvider]
        if let file {
            guard FileManager.default.isReadableFile(atPath: file) else { throw Invalid(description: "cannot read the configuration file \(file)") }
            do {
                // The path goes in through a reader, the provider's documented alternative to a FilePath.
                let location = ConfigReader(provider: InMemoryProvider(values: ["filePath": .init(.string(file), isSecret: false)]))
                providers.append(try await FileProvider<YAMLSnapshot>(config: location))
            } catch {
                throw Invalid(description: "\(file): \(error)")
            }
            settings.configFile = file
        }

        let recorder = SourceRecorder()
        let reader = ConfigReader(providers: providers, accessReporter: recorder)
        settings.read(reader)
        settings.configDirectory = settings.configDirectory ?? configDirectory
        settings.sources = recorder.sources(file: settings.configFile)
        let problems = recorder.problems(keys: Self.keys) + settings.validationProblems()
        if !problems.isEmpty { throw Invalid(description: problems.joined(separator: "; ")) }

        var brokers = try BrokerAddresses.resolve(flags: settings.urls, environment: [:])
        if let passwordFile = settings.amqpPasswordFile, !passwordFile.isEmpty {
            guard let password = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                throw Invalid(description: "cannot read the AMQP password file \(passwordFile) (\(settings.sources["amqp.passwordFile"] ?? "default"))")
            }
            for index in brokers.indices { brokers[index].password = password.trimmingCharacters(in: .newlines) }
        }
        settings.worker.brokers = brokers
        settings.worker.testTrapJobId = environment["PLANREVIEW_TEST_TRAP_JOB_ID"]
        return settings
    }

    /// The broker URLs as given (before the password file), kept for validation and printing.
    private var urls: [String] = [BrokerAddresses.defaultURL]

    private mutating func read(_ reader: ConfigReader) {
        let defaults = WorkerConfiguration()
        urls = reader.stringArray(forKey: "amqp.urls", isSecret: true) ?? urls
        urls = urls.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
        if urls.isEmpty { urls = [BrokerAddresses.defaultURL] }  // AMQP_URL= (empty) means unset
        amqpPasswordFile = reader.string(forKey: "amqp.passwordFile")
        worker.consumers = reader.int(forKey: "consumers") ?? defaults.consumers
        worker.prefetch = reader.int(forKey: "prefetch") ?? defaults.prefetch
        worker.topology.prefix = reader.string(forKey: "prefix") ?? defaults.topology.prefix
        worker.declareTopology = reader.bool(forKey: "declare") ?? defaults.declareTopology
        if let delays = reader.doubleArray(forKey: "retryDelays") {
            worker.topology.retryDelaysMilliseconds = delays.map { Int(($0 * 1000).rounded()) }
        }
        worker.topology.deliveryLimit = reader.int(forKey: "deliveryLimit") ?? defaults.topology.deliveryLimit
        worker.workerId = reader.string(forKey: "workerId") ?? defaults.workerId
        worker.shutdownDeadlineSeconds = reader.double(forKey: "shutdownDeadline") ?? defaults.shutdownDeadlineSeconds
        worker.reviewDeadline = reader.double(forKey: "reviewDeadline").map { .seconds($0) } ?? defaults.reviewDeadline
        worker.reconnectInitialDelay = reader.double(forKey: "reconnect.initialDelay").map { .seconds($0) } ?? defaults.reconnectInitialDelay
        worker.reconnectMaxDelay = reader.double(forKey: "reconnect.maxDelay").map { .seconds($0) } ?? defaults.reconnectMaxDelay
        configDirectory = reader.string(forKey: "configDir")
        metricsHost = reader.string(forKey: "metrics.host") ?? metricsHost
        metricsPort = reader.int(forKey: "metrics.port") ?? metricsPort
        let level = reader.string(forKey: "log.level") ?? logLevel.rawValue
        logLevel = Logger.Level(rawValue: level) ?? .info
        invalidLogLevel = Logger.Level(rawValue: level) == nil ? level : nil
        let format = reader.string(forKey: "log.format") ?? logFormat.rawValue
        logFormat = LogFormat(rawValue: format) ?? .json
        invalidLogFormat = LogFormat(rawValue: format) == nil ? format : nil
    }

    private var invalidLogLevel: String?
    private var invalidLogFormat: String?

    private func validationProblems() -> [String] {
        var problems: [String] = []
        func check(_ condition: Bool, _ key: String, _ message: String) {
            if !condition { problems.append("\(key) \(message) (from \(sources[key] ?? "default"))") }
        }
        for url in urls where (try? AMQPConfiguration(url: url)) == nil {
            problems.append("amqp.urls: not an amqp:// or amqps:// URL: \((try? AMQPConfiguration(url: url))?.redactedURL ?? Self.redacted(url)) (from \(sources["amqp.urls"] ?? "default"))")
        }
        check(worker.consumers >= 1, "consumers", "must be at least 1, is \(worker.consumers)")
        check((1...65_535).contains(worker.prefetch), "prefetch", "must be 1...65535, is \(worker.prefetch)")
        check(!worker.topology.prefix.isEmpty, "prefix", "must not be empty")
        check(!worker.topology.retryDelaysMilliseconds.isEmpty && worker.topology.retryDelaysMilliseconds.allSatisfy { $0 > 0 }, "retryDelays", "must be one or more positive numbers of seconds")
        check(worker.topology.deliveryLimit >= 1, "deliveryLimit", "must be at least 1, is \(worker.topology.deliveryLimit)")
        check(!worker.workerId.isEmpty, "workerId", "must not be empty")
        check(worker.shutdownDeadlineSeconds > 0, "shutdownDeadline", "must be positive")
        check(worker.reviewDeadline > .zero, "reviewDeadline", "must be positive")
        check(worker.reconnectInitialDelay > .zero && worker.reconnectMaxDelay >= worker.reconnectInitialDelay, "reconnect.maxDelay", "must be at least reconnect.initialDelay, both positive")
        check((0...65_535).contains(metricsPort), "metrics.port", "must be 0...65535, is \(metricsPort)")
        check(invalidLogLevel == nil, "log.level", "must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), is \(invalidLogLevel ?? "")")
        check(invalidLogFormat == nil, "log.format", "must be json or text, is \(invalidLogFormat ?? "")")
        return problems
    }

    /// The environment variable of a key: `AMQP_URL` and `AMQP_PASSWORD_FILE` for the broker, else
    /// `PLANREVIEW_` + the key in upper snake case (`metrics.port` -> `PLANREVIEW_METRICS_PORT`).
    static func environmentKey(_ key: AbsoluteConfigKey) -> AbsoluteConfigKey {
        switch key.components {
        case ["amqp", "urls"]: AbsoluteConfigKey(["amqp", "url"])
        case ["amqp", "passwordFile"]: key
        default: key.prepending(["planreview"])
        }
    }

    static func redacted(_ url: String) -> String {
        url.replacingOccurrences(of: #"//([^:/@]*):[^@/]*@"#, with: "//$1:***@", options: .regularExpression)
    }

    // MARK: Printing

    /// The effective values as `key -> value` (JSON-compatible), secrets redacted.
    var effectiveValues: [(key: String, value: Any)] {
        [
            ("amqp.urls", worker.brokers.map(\.redactedURL)),
            ("amqp.passwordFile", amqpPasswordFile ?? NSNull()),
            ("consumers", worker.consumers),
            ("prefetch", worker.prefetch),
            ("prefix", worker.topology.prefix),
            ("declare", worker.declareTopology),
            ("retryDelays", worker.topology.retryDelaysMilliseconds.map { Double($0) / 1000 }),
            ("deliveryLimit", worker.topology.deliveryLimit),
            ("workerId", worker.workerId),
            ("shutdownDeadline", worker.shutdownDeadlineSeconds),
            ("reviewDeadline", worker.reviewDeadline.seconds),
            ("reconnect.initialDelay", worker.reconnectInitialDelay.seconds),
            ("reconnect.maxDelay", worker.reconnectMaxDelay.seconds),
            ("configDir", configDirectory ?? NSNull()),
            ("metrics.host", metricsHost),
            ("metrics.port", metricsPort),
            ("log.level", logLevel.rawValue),
            ("log.format", logFormat.rawValue),
        ]
    }

    /// `{"consumers": {"value": 2, "source": "flag"}, ...}`.
    func printableJSON() throws -> String {
        var object: [String: Any] = [:]
        for (key, value) in effectiveValues {
            object[key] = ["value": Self.jsonValue(value), "source": sources[key] ?? "default"]
        }
        object["_file"] = configFile ?? NSNull()
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// The effective values as a worker.yaml, each line with its source as a comment.
    func printableYAML() -> String {
        var lines = [
            "# planreview-worker: effective configuration (defaults < file < environment < flags); secrets redacted.",
            "# file: \(configFile ?? "none")",
        ]
        var section: String?
        for (key, value) in effectiveValues {
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            let indent: String
            let name: String
            if parts.count == 2 {
                if section != parts[0] {
                    lines.append("\(parts[0]):")
                    section = parts[0]
                }
                indent = "  "
                name = parts[1]
            } else {
                section = nil
                indent = ""
                name = key
            }
            if value is NSNull {
                lines.append("\(indent)# \(name):  (not set)")
            } else {
                lines.append("\(indent)\(name): \(Self.yamlValue(value))  # \(sources[key] ?? "default")")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func jsonValue(_ value: Any) -> Any {
        if let double = value as? Double { return double }
        return value
    }

    private static func yamlValue(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case let strings as [String]: return "[" + strings.map(yamlValue).joined(separator: ", ") + "]"
        case let doubles as [Double]: return "[" + doubles.map { yamlValue($0) }.joined(separator: ", ") + "]"
        case let double as Double: return double == double.rounded() && abs(double) < 1e15 ? String(Int(double)) : String(double)
        case let string as String:
            // Quote what YAML would read as another type or that has special characters.
            let plain = string.range(of: #"^[A-Za-z0-9_./-][A-Za-z0-9_./@:%-]*$"#, options: .regularExpression) != nil
                && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(string.lowercased()) && Double(string) == nil
            return plain ? string : "\"" + string.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        default: return "\(value)"
        }
    }
}

/// Records, per key, which provider gave its value and which value could not be read
/// (swift-configuration's `get` methods report such errors here instead of throwing).
final class SourceRecorder: AccessReporter {
    private let state = Mutex<(sources: [String: String], errors: [String: String])>(([:], [:]))

    func report(_ event: AccessEvent) {
        let key = event.metadata.key.components.joined(separator: ".")
        var source: String?
        var error: String?
        for result in event.providerResults {
            switch result.result {
            case .success(let lookup) where lookup.value != nil:
                source = Self.describe(provider: result.providerName, encodedKey: lookup.encodedKey)
            case .failure(let failure):
                error = "\(failure)"
            default:
                continue
            }
        }
        if let conversionError = event.conversionError { error = "\(conversionError)" }
        state.withLock { state in
            if let source { state.sources[key] = source }
            if let error { state.errors[key] = error }
        }
    }

    /// `flag`, `environment PLANREVIEW_PREFETCH`, `file`.
    private static func describe(provider: String, encodedKey: String) -> String {
        if provider == "InMemoryProvider[flags]" { return "flag" }
        if provider.contains("EnvironmentVariables") { return "environment \(encodedKey)" }
        return "file"
    }

    func sources(file: String?) -> [String: String] {
        state.withLock { $0.sources }.mapValues { $0 == "file" ? "file \(file ?? "")" : $0 }
    }

    func problems(keys: [WorkerSettings.Key]) -> [String] {
        state.withLock { $0.errors }.sorted { $0.key < $1.key }.map { key, error in
            let environment = keys.first { $0.name == key }?.environment
            return "\(key)\(environment.map { " (\($0))" } ?? ""): \(error)"
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
