import ArgumentParser
import Foundation
import Configuration
import ReviewWorker

/// The worker's command-line flags, shared by `planreview-worker` and `planreview-bench worker` through
/// `@OptionGroup`: every key of ``WorkerSettings/Key/all`` that has a flag, plus --settings and
/// --print-config. Every option is optional: a flag given overrides the environment and the file, one
/// not given must not (swift-configuration, "Integrating with Swift Argument Parser").
public struct WorkerOptions: ParsableArguments {
    public typealias Key = WorkerSettings.Key

    @Option(name: .customLong("amqp-url"), help: ArgumentHelp(Key.amqpURLs.meaning))
    var amqpURLs: [String] = []
    @Option(name: .customLong("amqp-password-file"), help: ArgumentHelp(Key.amqpPasswordFile.meaning))
    var amqpPasswordFile: String?
    @Option(help: ArgumentHelp(Key.consumers.meaning))
    var consumers: Int?
    @Option(help: ArgumentHelp(Key.prefetch.meaning))
    var prefetch: Int?
    @Option(help: ArgumentHelp(Key.prefix.meaning))
    var prefix: String?
    @Flag(inversion: .prefixedNo, help: ArgumentHelp(Key.declare.meaning))
    var declare: Bool?
    @Option(help: ArgumentHelp(Key.retryDelays.meaning))
    var retryDelays: String?
    @Option(help: ArgumentHelp(Key.deliveryLimit.meaning))
    var deliveryLimit: Int?
    @Option(help: ArgumentHelp(Key.workerId.meaning))
    var workerId: String?
    @Option(help: ArgumentHelp(Key.shutdownDeadline.meaning))
    var shutdownDeadline: Double?
    /// The Config directory, as `planreview --config` takes it; `--config-dir` is the older spelling.
    /// A file here is today's settings file of an older unit or compose file (see ``settingsFile``).
    @Option(name: [.customLong("config"), .customLong("config-dir")], help: ArgumentHelp(Key.configDir.meaning, valueName: "dir"))
    public var config: String?
    @Option(help: ArgumentHelp(Key.metricsHost.meaning))
    var metricsHost: String?
    @Option(help: ArgumentHelp(Key.metricsPort.meaning))
    var metricsPort: Int?
    @Option(help: ArgumentHelp(Key.logLevel.meaning))
    var logLevel: String?
    @Option(help: ArgumentHelp(Key.logFormat.meaning))
    var logFormat: String?
    @Option(help: ArgumentHelp("YAML file of settings (default: $PLANREVIEW_SETTINGS, else worker.yaml in the Config directory).", valueName: "file"))
    var settings: String?
    @Flag(help: "Print the effective configuration as YAML, with the source of each value, and exit.")
    var printConfig = false
    @Flag(help: "Print the effective configuration as JSON and exit.")
    var printConfigJson = false

    public init() {}

    /// The flags that were given, as the top layer of the configuration.
    var flagValues: [AbsoluteConfigKey: ConfigValue] {
        WorkerSettings.flagValues([
            (.amqpURLs, amqpURLs.isEmpty ? nil : .stringArray(amqpURLs)),
            (.amqpPasswordFile, amqpPasswordFile.map(ConfigContent.string)),
            (.consumers, consumers.map(ConfigContent.int)),
            (.prefetch, prefetch.map(ConfigContent.int)),
            (.prefix, prefix.map(ConfigContent.string)),
            (.declare, declare.map(ConfigContent.bool)),
            (.retryDelays, retryDelays.map { .doubleArray($0.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }) }),
            (.deliveryLimit, deliveryLimit.map(ConfigContent.int)),
            (.workerId, workerId.map(ConfigContent.string)),
            (.shutdownDeadline, shutdownDeadline.map(ConfigContent.double)),
            (.configDir, (configNamesAFile ? nil : config).map(ConfigContent.string)),
            (.metricsHost, metricsHost.map(ConfigContent.string)),
            (.metricsPort, metricsPort.map(ConfigContent.int)),
            (.logLevel, logLevel.map(ConfigContent.string)),
            (.logFormat, logFormat.map(ConfigContent.string)),
        ])
    }

    /// The settings file: --settings, else a file given to --config (how the worker took its YAML file
    /// before --config meant the Config directory in every binary; kept working, with ``warnings``).
    var settingsFile: String? { settings ?? (configNamesAFile ? config : nil) }

    /// What the flags given are deprecated for, one line each, for standard error at start.
    var warnings: [String] {
        configNamesAFile
            ? ["--config \(config ?? "") names a file: --config takes the Config directory now; read as --settings \(config ?? "") (pass --settings FILE to silence this)"]
            : []
    }

    /// `--config` names an existing regular file (not a directory).
    private var configNamesAFile: Bool {
        guard let config else { return false }
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: config, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    public func validate() throws {
        if settings != nil, configNamesAFile {
            throw ValidationError("--config \(config ?? "") is a file and --settings is given too: --config takes the Config directory")
        }
        if let retryDelays, retryDelays.split(separator: ",").contains(where: { Double($0.trimmingCharacters(in: .whitespaces)) == nil }) {
            throw ValidationError("--retry-delays takes seconds separated by commas, e.g. 1,10,60")
        }
        // Ranges are checked on the merged values (a file or the environment can be wrong too).
    }
}
