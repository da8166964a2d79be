import Foundation

/// One `PLANREVIEW_*` environment variable that planreview knows: who reads it and what it means. The
/// table ``all`` is the one list of them: a name the table lacks stops every executable at start with a
/// message naming it and the nearest known one, so `PLANREVIEW_PREFECTH=10` never runs with the default
/// prefetch (as an unknown worker.yaml key never does, ``WorkerSettings/unknownKeyProblem(inYAML:)``).
///
/// Every program accepts every name of the table, also those it does not read: one environment (a
/// shell, a systemd environment file, a CI job) is commonly shared by the worker, the CLI and the
/// scripts. docs/OPERATIONS.md ("Environment variables") shows the table; a test keeps it equal, and
/// another scans Sources, Scripts, Tests, Deploy and .ci for names the table lacks.
public struct EnvironmentName: Sendable, Hashable, CustomStringConvertible {
    /// Who reads a name.
    public enum Reader: String, Sendable, Hashable, CaseIterable {
        case worker = "planreview-worker"
        case cli = "planreview"
        case overview = "planreview-overview"
        case bench = "planreview-bench"
        /// Read by systemd (the unit in Deploy/systemd), not by a program of ours.
        case systemd = "the systemd unit"
        /// Read by Scripts/ and the tests only; the programs accept and ignore it.
        case scripts = "Scripts/, tests"
    }

    public let name: String
    public let readers: [Reader]
    public let meaning: String

    public var description: String { name }

    /// The prefix every name of the table has and every checked name is recognised by.
    public static let prefix = "PLANREVIEW_"
}

extension EnvironmentName {
    /// Every name, in the order docs/OPERATIONS.md lists them: the worker's keys first (derived from
    /// ``WorkerSettings/Key/all``, so a new key is a new name), then the other programs', then the
    /// scripts' and tests'.
    public static let all: [EnvironmentName] = workerKeys + others

    /// The worker keys' variables (`metrics.port` -> `PLANREVIEW_METRICS_PORT`); `AMQP_URL` and
    /// `AMQP_PASSWORD_FILE` are not `PLANREVIEW_*` names and not checked.
    static var workerKeys: [EnvironmentName] {
        WorkerSettings.Key.all.filter { $0.environment.hasPrefix(prefix) }.map { key in
            EnvironmentName(name: key.environment, readers: alsoReadBy[key.name, default: [.worker, .bench]], meaning: key.meaning)
        }
    }

    /// Worker keys that other programs read too.
    private static let alsoReadBy: [String: [Reader]] = [
        WorkerSettings.Key.configDir.name: [.worker, .cli, .overview, .bench],
        WorkerSettings.Key.prefix.name: [.worker, .cli, .overview, .bench],
    ]

    private static let others: [EnvironmentName] = [
        .init(name: "PLANREVIEW_SETTINGS", readers: [.worker, .bench], meaning: "The worker's YAML settings file (default: worker.yaml in the Config directory)."),
        .init(
            name: "PLANREVIEW_CONFIG", readers: [.worker, .bench],
            meaning: "Deprecated: the settings file, as PLANREVIEW_SETTINGS (accepted with a warning); --config now takes the Config directory."),
        .init(name: "PLANREVIEW_MANAGEMENT_URL", readers: [.cli], meaning: "RabbitMQ management API for stats and monitor (default: derived from the broker URL)."),
        .init(name: "PLANREVIEW_WORKER_METRICS", readers: [.cli], meaning: "Worker /metrics URLs for stats and monitor, comma-separated."),
        .init(name: "PLANREVIEW_OVERVIEW_HOST", readers: [.overview], meaning: "Address the overview's HTTP server binds (default 127.0.0.1)."),
        .init(name: "PLANREVIEW_OVERVIEW_PORT", readers: [.overview], meaning: "Port of the overview's HTTP server (default 8080)."),
        .init(name: "PLANREVIEW_OVERVIEW_DATABASE_URL", readers: [.overview], meaning: "PostgreSQL URL of the overview's store (default: SQLite)."),
        .init(name: "PLANREVIEW_OVERVIEW_DATABASE_PATH", readers: [.overview], meaning: "SQLite file of the overview's store (default .run/overview.sqlite)."),
        .init(name: "PLANREVIEW_WORKER_ARGS", readers: [.systemd], meaning: "Flags the systemd unit passes to planreview-worker (worker-<instance>.env)."),
        .init(name: "PLANREVIEW_RUN_DIR", readers: [.scripts], meaning: "Where the scripts keep brokers, builds and logs (default .run/)."),
        .init(name: "PLANREVIEW_DEBIAN_MIRROR", readers: [.scripts], meaning: "Debian mirror for the debootstrap'd folders (default: the host's apt mirror)."),
        .init(name: "PLANREVIEW_PACKAGE_BIN", readers: [.scripts], meaning: "Scripts/package: take the binaries from this directory instead of building."),
        .init(name: "PLANREVIEW_RABBITMQ", readers: [.scripts], meaning: "Scripts/broker and Scripts/test: RabbitMQ 3 (3.10, the host's) or 4 (4.0, Debian trixie's)."),
        .init(name: "PLANREVIEW_RABBITMQ4_PORT", readers: [.scripts], meaning: "Scripts/test: the port of the RabbitMQ 4.0 pass's node."),
        .init(name: "PLANREVIEW_TEST_RABBITMQ4", readers: [.scripts], meaning: "Scripts/test: 0 skips the second pass on RabbitMQ 4.0."),
        .init(name: "PLANREVIEW_SKIP_PURE", readers: [.scripts], meaning: "Scripts/test: 1 skips the pure test targets."),
        .init(name: "PLANREVIEW_SKIP_FAULTS", readers: [.scripts], meaning: "Scripts/test: 1 skips Scripts/faults --quick."),
        .init(name: "PLANREVIEW_FAULTS", readers: [.scripts], meaning: "Scripts/faults: quick or full; the fault tests run only when it is set."),
        .init(name: "PLANREVIEW_FAULTS_BROKER_PORT", readers: [.scripts], meaning: "Scripts/faults: the port of the broker node the fault tests may restart."),
        .init(name: "PLANREVIEW_TEST_PID_FILE", readers: [.scripts], meaning: "Tests: file where launched processes register their pids (Scripts/faults ends them)."),
        .init(name: "PLANREVIEW_TEST_POSTGRES_URL", readers: [.scripts], meaning: "Tests: PostgreSQL for the overview's store tests (Scripts/test starts one)."),
        .init(name: "PLANREVIEW_TEST_REQUIRE_CHROMIUM", readers: [.scripts], meaning: "Tests: 1 fails the browser tests when headless Chromium is missing."),
        .init(name: "PLANREVIEW_HOSTILE_ROUNDS", readers: [.scripts], meaning: "Tests: rounds of the hostile input test (default 4)."),
        .init(name: "PLANREVIEW_UPDATE_GOLDEN", readers: [.scripts], meaning: "Tests: 1 rewrites the golden files instead of comparing."),
    ]

    /// The table's names.
    public static var names: Set<String> { Set(all.map(\.name)) }

    /// The `PLANREVIEW_*` names of `environment` that the table lacks, each with the nearest known one;
    /// nil when there are none. The deprecated names are known (the worker warns about them itself).
    public static func unknownNamesProblem(in environment: [String: String]) -> String? {
        let known = names
        let unknown = environment.keys.filter { $0.hasPrefix(prefix) && !known.contains($0) }.sorted()
        guard !unknown.isEmpty else { return nil }
        let described = unknown.map { name in
            let nearest = all.map(\.name).min { WorkerSettings.editDistance(name, $0) < WorkerSettings.editDistance(name, $1) }
            return "unknown environment variable \(name)" + (nearest.map { "; did you mean \($0)?" } ?? "")
        }
        return described.joined(separator: "; ") + " (docs/OPERATIONS.md, \"Environment variables\", lists every name)"
    }
}
