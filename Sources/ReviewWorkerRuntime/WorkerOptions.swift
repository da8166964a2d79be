import ArgumentParser
import Foundation
import Configuration
import ReviewWorker

/// The worker's command-line flags, shared by `planreview-worker` and `planreview-bench worker` through
/// `@OptionGroup`: every key of ``WorkerSettings/Key/all`` that has a flag, plus --config and
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
    @Option(help: ArgumentHelp(Key.configDir.meaning))
    public var configDir: String?
    @Option(help: ArgumentHelp(Key.metricsHost.meaning))
    var metricsHost: String?
    @Option(help: ArgumentHelp(Key.metricsPort.meaning))
    var metricsPort: Int?
    @Option(help: ArgumentHelp(Key.logLevel.meaning))
    var logLevel: String?
    @Option(help: ArgumentHelp(Key.logFormat.meaning))
    var logFormat: String?
    @Option(name: .customLong("config"), help: "YAML file of settings (default: $PLANREVIEW_CONFIG, else worker.yaml in the Config directory).")
    var configFile: String?
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
            (.configDir, configDir.map(ConfigContent.string)),
            (.metricsHost, metricsHost.map(ConfigContent.string)),
            (.metricsPort, metricsPort.map(ConfigContent.int)),
            (.logLevel, logLevel.map(ConfigContent.string)),
            (.logFormat, logFormat.map(ConfigContent.string)),
        ])
    }

    public func validate() throws {
        if let retryDelays, retryDelays.split(separator: ",").contains(where: { Double($0.trimmingCharacters(in: .whitespaces)) == nil }) {
            throw ValidationError("--retry-delays takes seconds separated by commas, e.g. 1,10,60")
        }
        // Ranges are checked on the merged values (a file or the environment can be wrong too).
    }
}
