import AMQP
import Configuration
import Foundation
import Logging
import PlanReviewContract

extension WorkerSettings {
    /// One key of the worker's configuration, spelled once: its name in the file (dotted; the
    /// environment variable derives from it), its flag, its meaning, and where its value goes. Its
    /// default is the defaulted `var` it binds (``defaultValue``).
    public struct Key: Sendable, CustomStringConvertible {
        public let name: String
        /// The command-line flag, nil for keys only the file and the environment set.
        public let flag: String?
        public let meaning: String
        /// Reads the key into the settings; returns why its value could not be used.
        let read: @Sendable (ConfigReader, inout WorkerSettings) -> String?
        /// The effective value, JSON-compatible (NSNull when unset), secrets redacted.
        let value: @Sendable (WorkerSettings) -> Any
        /// Why the effective value is out of range, if it is.
        let check: @Sendable (WorkerSettings) -> String?

        public var description: String { name }

        /// The environment variable: `AMQP_URL` and `AMQP_PASSWORD_FILE` for the broker, else `PLANREVIEW_`
        /// + the key in upper snake case (`metrics.port` -> `PLANREVIEW_METRICS_PORT`), as
        /// `EnvironmentVariablesProvider` encodes ``WorkerSettings/environmentKey(_:)``.
        public var environment: String {
            let components = WorkerSettings.environmentKey(AbsoluteConfigKey(ConfigKey(name))).components
            return components.map { component in
                component.reduce(into: "") { snake, character in
                    if character.isUppercase, !snake.isEmpty { snake += "_" }
                    snake += character.uppercased()
                }
            }.joined(separator: "_")
        }

        /// The built-in default, as --print-config and the docs show it.
        public var defaultValue: Any { value(WorkerSettings()) }
    }

    /// The environment's name for a key (before the provider's upper snake case).
    static func environmentKey(_ key: AbsoluteConfigKey) -> AbsoluteConfigKey {
        switch key.components {
        case ["amqp", "urls"]: AbsoluteConfigKey(["amqp", "url"])
        case ["amqp", "passwordFile"]: key
        default: key.prepending(["planreview"])
        }
    }
}

extension WorkerSettings.Key {
    /// Every key, in the order --print-config shows them (also the table in docs/OPERATIONS.md).
    public static let all: [Self] = [
        .amqpURLs, .amqpPasswordFile, .consumers, .prefetch, .prefix, .declare, .retryDelays, .deliveryLimit, .workerId,
        .replyToPattern, .shutdownDeadline, .reviewDeadline, .confirmTimeout, .reconnectInitialDelay, .reconnectMaxDelay, .resultsMaxAge,
        .resultsMaxLengthBytes, .configDir, .metricsHost, .metricsPort, .logLevel, .logFormat,
    ]

    public static let amqpURLs = Self(
        "amqp.urls", flag: "--amqp-url", "Broker URLs, tried in turn (a cluster's nodes); comma-separated in the environment, repeat the flag.",
        read: { reader, key, settings in
            guard let urls = reader.stringArray(forKey: key, isSecret: true) else { return nil }
            let split = urls.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
            settings.brokerURLs = split.isEmpty ? [BrokerAddresses.defaultURL] : split  // AMQP_URL= (empty) means unset
            return nil
        },
        value: { settings in
            settings.brokerURLs.map { url in AMQPConfiguration.redacting(url) }
        },
        check: { settings in
            let invalid = settings.brokerURLs.filter { (try? AMQPConfiguration(url: $0)) == nil }
            return invalid.isEmpty ? nil : "not an amqp:// or amqps:// URL: \(invalid.map(AMQPConfiguration.redacting).joined(separator: ", "))"
        })
    public static let amqpPasswordFile = optionalString(
        "amqp.passwordFile", flag: "--amqp-password-file", "File whose content replaces the password of every broker URL.", \.amqpPasswordFile)
    public static let consumers = int("consumers", flag: "--consumers", "Consumer threads, each with its own connection.", \.worker.consumers, in: 1...Int.max)
    public static let prefetch = int(
        "prefetch", flag: "--prefetch", "Unacked jobs per consumer (basic.qos) and pipelining window.", \.worker.prefetch, in: 1...65_535)
    public static let prefix = string("prefix", flag: "--prefix", "Prefix of every exchange and queue name.", \.worker.topology.prefix)
    public static let declare = Self(
        "declare", flag: "--declare/--no-declare", "Declare the topology at start.",
        read: { reader, key, settings in
            if let value = reader.bool(forKey: key) { settings.worker.declareTopology = value } else if let raw = reader.string(forKey: key) { return "is not true or false: \(raw)" }
            return nil
        },
        value: { $0.worker.declareTopology })
    public static let retryDelays = Self(
        "retryDelays", flag: "--retry-delays", "Seconds each retry queue holds a job (one queue per attempt).",
        read: { reader, key, settings in
            if let delays = reader.doubleArray(forKey: key) {
                settings.worker.topology.retryDelaysMilliseconds = delays.map { Int(($0 * 1000).rounded()) }
            } else if let raw = reader.string(forKey: key) {
                return "is not a list of seconds: \(raw)"
            }
            return nil
        },
        value: { $0.worker.topology.retryDelaysMilliseconds.map { Double($0) / 1000 } },
        check: { settings in
            let delays = settings.worker.topology.retryDelaysMilliseconds
            return !delays.isEmpty && delays.allSatisfy { $0 > 0 } ? nil : "must be one or more positive numbers of seconds"
        })
    public static let deliveryLimit = int(
        "deliveryLimit", flag: "--delivery-limit", "Redeliveries of a job before the jobs queue dead-letters it.", \.worker.topology.deliveryLimit, in: 1...Int.max)
    public static let replyToPattern = Self(
        "replyTo.pattern", flag: nil,
        "Regular expression a job's reply_to queue must match to get a copy of the result (Direct Reply-to and amq.gen-* always do).",
        read: { reader, key, settings in
            if let value = reader.string(forKey: key) { settings.worker.replyPolicy.pattern = value }
            return nil
        },
        value: { $0.worker.replyPolicy.pattern },
        check: { settings in ReplyToPolicy.problem(with: settings.worker.replyPolicy.pattern) })
    public static let workerId = string("workerId", flag: "--worker-id", "Worker id in results, logs and connection names.", \.worker.workerId)
    public static let shutdownDeadline = seconds(
        "shutdownDeadline", flag: "--shutdown-deadline", "Seconds in-flight jobs get to finish on SIGTERM.", \.worker.shutdownDeadline)
    public static let reviewDeadline = seconds(
        "reviewDeadline", flag: nil, "Seconds one review may run before the watchdog ends the process.", \.worker.reviewDeadline)
    public static let confirmTimeout = seconds(
        "readiness.confirmTimeout", flag: nil, "Seconds without a publisher confirm, with publishes outstanding, before /readyz turns 503.",
        \.worker.confirmTimeout)
    public static let resultsMaxAge = Self(
        "results.maxAge", flag: nil, "How long the results stream keeps a result (x-max-age: a number and Y, M, D, h, m or s).",
        read: { reader, key, settings in
            if let value = reader.string(forKey: key) { settings.worker.topology.resultsMaxAge = value }
            return nil
        },
        value: { $0.worker.topology.resultsMaxAge },
        check: { settings in
            Topology.isValidMaxAge(settings.worker.topology.resultsMaxAge)
                ? nil : "must be a positive number and one of Y, M, D, h, m, s (e.g. 7D), is \(settings.worker.topology.resultsMaxAge)"
        })
    public static let resultsMaxLengthBytes = int(
        "results.maxLengthBytes", flag: nil, "Bytes the results stream keeps at most (x-max-length-bytes); older segments are dropped.",
        \.resultsMaxLengthBytes, in: 1...Int.max)
    public static let reconnectInitialDelay = seconds(
        "reconnect.initialDelay", flag: nil, "First reconnect delay in seconds (exponential backoff with full jitter).", \.worker.reconnectInitialDelay)
    public static let reconnectMaxDelay = seconds(
        "reconnect.maxDelay", flag: nil, "Longest reconnect delay in seconds.", \.worker.reconnectMaxDelay,
        check: { settings in
            settings.worker.reconnectMaxDelay >= settings.worker.reconnectInitialDelay ? nil : "must be at least reconnect.initialDelay"
        })
    public static let configDir = optionalString(
        "configDir", flag: "--config", "The Config directory: municipalities.json, rulesets/ and worker.yaml (--config-dir is the older spelling).",
        \.configDirectory)
    public static let metricsHost = string(
        "metrics.host", flag: "--metrics-host", "Address the HTTP endpoint binds (/metrics, /healthz, /readyz).", \.metricsHost)
    public static let metricsPort = int("metrics.port", flag: "--metrics-port", "Port of the HTTP endpoint; 0 turns it off.", \.metricsPort, in: 0...65_535)
    public static let logLevel = choice("log.level", flag: "--log-level", "trace, debug, info, notice, warning, error, critical.", \.logLevel)
    public static let logFormat = choice("log.format", flag: "--log-format", "json (one object per line) or text.", \.logFormat)

    // MARK: Kinds of keys

    private init(
        _ name: String, flag: String?, _ meaning: String,
        read: @escaping @Sendable (ConfigReader, ConfigKey, inout WorkerSettings) -> String?,
        value: @escaping @Sendable (WorkerSettings) -> Any,
        check: @escaping @Sendable (WorkerSettings) -> String? = { _ in nil }
    ) {
        let key = ConfigKey(name)
        self.init(name: name, flag: flag, meaning: meaning, read: { reader, settings in read(reader, key, &settings) }, value: value, check: check)
    }

    /// A value that is there but not of the key's type ("many" for an integer).
    private static func unreadable(_ reader: ConfigReader, _ key: ConfigKey, _ kind: String) -> String? {
        reader.string(forKey: key).map { "is not \(kind): \($0)" }
    }

    private static func int(
        _ name: String, flag: String?, _ meaning: String, _ path: WritableKeyPath<WorkerSettings, Int>, in range: ClosedRange<Int>
    ) -> Self {
        let keyPath = Bound(path)
        return Self(
            name, flag: flag, meaning,
            read: { reader, key, settings in
                if let value = reader.int(forKey: key) { settings[keyPath: keyPath.path] = value } else { return unreadable(reader, key, "an integer") }
                return nil
            },
            value: { $0[keyPath: keyPath.path] },
            check: { settings in range.contains(settings[keyPath: keyPath.path])
                    ? nil : "must be \(range.upperBound == .max ? "at least \(range.lowerBound)" : "\(range)"), is \(settings[keyPath: keyPath.path])" })
    }

    private static func string(_ name: String, flag: String?, _ meaning: String, _ path: WritableKeyPath<WorkerSettings, String>) -> Self {
        let keyPath = Bound(path)
        return Self(
            name, flag: flag, meaning,
            read: { reader, key, settings in
                if let value = reader.string(forKey: key) { settings[keyPath: keyPath.path] = value }
                return nil
            },
            value: { $0[keyPath: keyPath.path] },
            check: { settings in settings[keyPath: keyPath.path].isEmpty ? "must not be empty" : nil })
    }

    private static func optionalString(_ name: String, flag: String?, _ meaning: String, _ path: WritableKeyPath<WorkerSettings, String?>) -> Self {
        let keyPath = Bound(path)
        return Self(
            name, flag: flag, meaning,
            read: { reader, key, settings in
                if let value = reader.string(forKey: key) { settings[keyPath: keyPath.path] = value }
                return nil
            },
            value: { settings -> Any in settings[keyPath: keyPath.path].map { $0 as Any } ?? NSNull() })
    }

    /// A `Duration` given in (fractional) seconds.
    private static func seconds(
        _ name: String, flag: String?, _ meaning: String, _ path: WritableKeyPath<WorkerSettings, Duration>,
        check: @escaping @Sendable (WorkerSettings) -> String? = { _ in nil }
    ) -> Self {
        let keyPath = Bound(path)
        return Self(
            name, flag: flag, meaning,
            read: { reader, key, settings in
                // A whole number of seconds may come as an integer (JSON, in-memory providers).
                if let value = reader.double(forKey: key) ?? reader.int(forKey: key).map(Double.init) {
                    settings[keyPath: keyPath.path] = .seconds(value)
                } else {
                    return unreadable(reader, key, "a number of seconds")
                }
                return nil
            },
            value: { $0[keyPath: keyPath.path].inSeconds },
            check: { settings in settings[keyPath: keyPath.path] > .zero ? check(settings) : "must be positive" })
    }

    private static func choice<Value: RawRepresentable & CaseIterable & Sendable>(
        _ name: String, flag: String?, _ meaning: String, _ path: WritableKeyPath<WorkerSettings, Value>
    ) -> Self where Value.RawValue == String {
        let keyPath = Bound(path)
        return Self(
            name, flag: flag, meaning,
            read: { reader, key, settings in
                guard let raw = reader.string(forKey: key) else { return nil }
                guard let value = Value(rawValue: raw) else {
                    return "must be one of \(Value.allCases.map(\.rawValue).joined(separator: ", ")), is \(raw)"
                }
                settings[keyPath: keyPath.path] = value
                return nil
            },
            value: { $0[keyPath: keyPath.path].rawValue })
    }

    /// A key path of the settings that closures of a `Sendable` key capture: the literal key paths
    /// above capture nothing, so sharing them is safe.
    private struct Bound<Value>: @unchecked Sendable {
        let path: WritableKeyPath<WorkerSettings, Value>
        init(_ path: WritableKeyPath<WorkerSettings, Value>) { self.path = path }
    }
}
