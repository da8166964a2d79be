import Configuration
import Foundation
import Yams
import PlanReview
import PlanReviewContract
import Synchronization

extension WorkerSettings {
    /// The provider name of the command-line layer (``load(flags:configFile:environment:locateConfigDirectory:)``).
    static let flagsProviderName = "flags"

    /// The flags given on the command line as the top layer's values: each key with its value, nil
    /// for a flag not given (which must not override the lower layers).
    public static func flagValues(_ flags: [(Key, ConfigContent?)]) -> [AbsoluteConfigKey: ConfigValue] {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (key, content) in flags {
            if let content { values[AbsoluteConfigKey(ConfigKey(key.name))] = ConfigValue(content, isSecret: key.name == Key.amqpURLs.name) }
        }
        return values
    }

    /// Reads the layers: `flags` (only the options given on the command line) < `environment` < the YAML
    /// file (`configFile`, else `PLANREVIEW_SETTINGS`, else `worker.yaml` in the Config directory) < defaults.
    ///
    /// - Throws: ``Invalid`` naming the key and its source for a value that cannot be used, an unknown
    ///   key of the file, and an unknown `PLANREVIEW_*` name of the environment (``EnvironmentName``).
    public static func load(
        flags: [AbsoluteConfigKey: ConfigValue],
        configFile explicitFile: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        locateConfigDirectory: () -> String?
    ) async throws(Invalid) -> WorkerSettings {
        // A misspelt variable would otherwise be ignored like a misspelt key (PLANREVIEW_PREFECTH=10 ran with 64).
        if let problem = EnvironmentName.unknownNamesProblem(in: environment) { throw Invalid(description: problem) }
        var warnings: [String] = []
        let flagProvider = InMemoryProvider(name: flagsProviderName, values: flags)
        let environmentProvider = Self.environmentProvider(environment)

        // The file's location comes from the upper layers only.
        let locating = ConfigReader(providers: [flagProvider, environmentProvider])
        let configDirectory = locating.string(forKey: ConfigKey(Key.configDir.name)) ?? locateConfigDirectory()
        var file = explicitFile ?? environment[settingsVariable].flatMap { $0.isEmpty ? nil : $0 }
        if file == nil, let deprecated = environment[deprecatedSettingsVariable], !deprecated.isEmpty {
            file = deprecated
            warnings.append("\(deprecatedSettingsVariable) is deprecated: name the settings file with \(settingsVariable) (the Config directory is PLANREVIEW_CONFIG_DIR)")
        }
        if file == nil, let configDirectory {
            let candidate = (configDirectory as NSString).appendingPathComponent("worker.yaml")
            if FileManager.default.fileExists(atPath: candidate) { file = candidate }
        }
        var providers: [any ConfigProvider] = [flagProvider, environmentProvider]
        if let file {
            guard FileManager.default.isReadableFile(atPath: file) else { throw Invalid(description: "cannot read the configuration file \(file)") }
            // A misspelt key would otherwise be ignored and its default used (`prefech: 10` ran with 64).
            if let text = try? String(contentsOfFile: file, encoding: .utf8), let problem = Self.unknownKeyProblem(inYAML: text) {
                throw Invalid(description: "\(file): \(problem)")
            }
            do {
                // The path goes in through a reader, the provider's documented alternative to a FilePath.
                let location = ConfigReader(provider: InMemoryProvider(values: ["filePath": .init(.string(file), isSecret: false)]))
                providers.append(try await FileProvider<YAMLSnapshot>(config: location))
            } catch {
                throw Invalid(description: "\(file): \(error)")
            }
        }

        let recorder = SourceRecorder(file: file)
        var settings = try WorkerSettings(reader: ConfigReader(providers: providers, accessReporter: recorder), sources: recorder.sources)
        if let failures = recorder.failures { throw Invalid(description: failures) }
        settings.configFile = file
        settings.warnings = warnings
        settings.configDirectory = settings.configDirectory ?? configDirectory
        return settings
    }

    /// The variable naming the settings file (the flag is `--settings`).
    static let settingsVariable = "PLANREVIEW_SETTINGS"
    /// Its name before --config meant the Config directory in every binary; still read, with a warning.
    static let deprecatedSettingsVariable = "PLANREVIEW_CONFIG"

    /// The environment layer: `PLANREVIEW_<KEY>`, `AMQP_URL` (a secret), `AMQP_PASSWORD_FILE`.
    public static func environmentProvider(_ environment: [String: String]) -> some ConfigProvider {
        EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific([Key.amqpURLs.environment]))
            .mapKeys(Self.environmentKey)
    }
}

/// Records, per key, which provider gave its value, and the providers that failed
/// (swift-configuration's `get` methods report those here instead of throwing).
final class SourceRecorder: AccessReporter {
    private let file: String?
    private let state = Mutex<(sources: [String: String], failures: [String: String])>(([:], [:]))

    init(file: String?) {
        self.file = file
    }

    func report(_ event: AccessEvent) {
        let key = event.metadata.key.components.joined(separator: ".")
        var source: String?
        var failure: String?
        for result in event.providerResults {
            switch result.result {
            case .success(let lookup) where lookup.value != nil:
                source = describe(provider: result.providerName, encodedKey: lookup.encodedKey)
            case .failure(let error):
                failure = "\(error)"
            default:
                continue
            }
        }
        state.withLock { state in
            if let source { state.sources[key] = source }
            if let failure { state.failures[key] = failure }
        }
    }

    /// `flag`, `environment PLANREVIEW_PREFETCH`, `file <path>`.
    private func describe(provider: String, encodedKey: String) -> String {
        if provider == "InMemoryProvider[\(WorkerSettings.flagsProviderName)]" { return "flag" }
        if provider.contains("EnvironmentVariables") { return "environment \(encodedKey)" }
        return "file \(file ?? "")"
    }

    func sources() -> [String: String] { state.withLock { $0.sources } }

    var failures: String? {
        let failures = state.withLock { $0.failures }
        return failures.isEmpty ? nil : failures.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
    }
}

extension WorkerSettings {
    /// The first key of a worker.yaml that is no key of ``Key/all``, with the nearest valid one; nil
    /// when every key is known (or the text is not YAML, which the file provider reports itself).
    public static func unknownKeyProblem(inYAML text: String) -> String? {
        guard let root = try? Yams.compose(yaml: text) else { return nil }
        var keys: [String] = []
        func walk(_ node: Node, _ path: String) {
            guard case .mapping(let mapping) = node else {
                if !path.isEmpty { keys.append(path) }
                return
            }
            for (key, value) in mapping {
                guard let name = key.string else { continue }
                walk(value, path.isEmpty ? name : path + "." + name)
            }
        }
        walk(root, "")
        let known = Key.all.map(\.name)
        guard let unknown = keys.first(where: { !known.contains($0) }) else { return nil }
        let nearest = known.min { editDistance(unknown, $0) < editDistance(unknown, $1) }
        return "unknown key '\(unknown)'" + (nearest.map { "; did you mean '\($0)'?" } ?? "") + " (docs/OPERATIONS.md lists every key)"
    }

    /// Levenshtein distance of two keys, for the suggestion.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1]
            for (j, cb) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
