import AMQP
import Configuration
import Foundation
import Logging
import PlanReview
import PlanReviewContract

/// Everything the worker process runs with: the consumers' ``WorkerConfiguration`` plus what only the
/// process uses (metrics endpoint, logging, Config directory), and where each value came from.
///
/// Layers, lowest first (apple/swift-configuration providers): built-in defaults (the defaulted `var`s
/// here and in ``WorkerConfiguration``) < the YAML file (`--settings`, `PLANREVIEW_SETTINGS`, else
/// `worker.yaml` in the Config directory when present) < environment (`PLANREVIEW_<KEY>`, and
/// `AMQP_URL`, `AMQP_PASSWORD_FILE`) < command-line flags. Every key is spelled once, in
/// ``Key/all``; docs/OPERATIONS.md has their table.
public struct WorkerSettings: Sendable {
    public enum LogFormat: String, Sendable, CaseIterable {
        case json, text
    }

    public var worker = WorkerConfiguration()
    /// The broker URLs as given (before the password file), kept for validation and printing.
    public var brokerURLs: [String] = [BrokerAddresses.defaultURL]
    public var amqpPasswordFile: String?
    /// Loopback by default (a systemd host); a pod sets 0.0.0.0 so Prometheus and the kubelet reach it.
    public var metricsHost = "127.0.0.1"
    /// 0 turns the HTTP endpoint (/metrics, /healthz, /readyz) off.
    public var metricsPort = 9464
    public var logLevel: Logger.Level = .info
    public var logFormat: LogFormat = .json
    public var configDirectory: String?
    /// The YAML file that was read, if any.
    public var configFile: String?
    /// Deprecated spellings the settings came through, one line each (the executable prints them).
    public var warnings: [String] = []
    /// Key -> where its value came from (`file <path>`, `environment <NAME>`, `flag`); absent: default.
    public var sources: [String: String] = [:]

    public init() {}

    /// A value that cannot be used, with where it came from.
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads every key from `reader` over the defaults, checks the values and resolves the brokers
    /// (reading `amqp.passwordFile` when set).
    public init(reader: ConfigReader) throws(Invalid) {
        try self.init(reader: reader, sources: nil)
    }

    /// `sources`, when given, is asked after reading (an access reporter on `reader` fills it).
    init(reader: ConfigReader, sources: (() -> [String: String])?) throws(Invalid) {
        var problems: [(key: Key, message: String)] = []
        for key in Key.all {
            if let problem = key.read(reader, &self) { problems.append((key, problem)) }
        }
        self.sources = sources?() ?? [:]
        for key in Key.all {
            if let problem = key.check(self) { problems.append((key, problem)) }
        }
        if !problems.isEmpty {
            throw Invalid(description: problems.map { "\($0.key.name) (\($0.key.environment)) \($0.message) (from \(source(of: $0.key)))" }.joined(separator: "; "))
        }
        do {
            worker.brokers = try BrokerAddresses.resolve(flags: brokerURLs, environment: [:])
        } catch {
            throw Invalid(description: "amqp.urls: \(error)")
        }
        if let passwordFile = amqpPasswordFile, !passwordFile.isEmpty {
            guard let password = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                throw Invalid(description: "cannot read the AMQP password file \(passwordFile) (\(source(of: .amqpPasswordFile)))")
            }
            for index in worker.brokers.indices { worker.brokers[index].password = password.trimmingCharacters(in: .newlines) }
        }
    }

    /// The results stream's `x-max-length-bytes`, as an `Int` for the key table.
    var resultsMaxLengthBytes: Int {
        get { Int(worker.topology.resultsMaxLengthBytes) }
        set { worker.topology.resultsMaxLengthBytes = Int64(newValue) }
    }

    /// Where a key's value came from, as --print-config shows it; `default` when no layer had it.
    public func source(of key: Key) -> String {
        sources[key.name] ?? "default"
    }
}

extension WorkerConfiguration {
    /// The consumers' configuration from `reader` over the defaults (every key of ``WorkerSettings/Key/all``
    /// that belongs to the consumers; the others are read and dropped).
    public init(reader: ConfigReader) throws(WorkerSettings.Invalid) {
        self = try WorkerSettings(reader: reader).worker
    }
}
