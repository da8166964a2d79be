import Foundation

/// How a test starts a `planreview-worker` process: the one launcher of the test kit, used by
/// `BrokerHarness.startWorker` (one process) and `WorkerProcesses` (a supervised group).
package struct WorkerLaunch {
    package var prefix: String
    package var id: String
    package var consumers: Int = 1
    package var prefetch: Int = 64
    /// 0: any free port (the worker logs the one it bound).
    package var metricsPort: Int = 0
    /// `--amqp-url` flags; none: the worker reads `AMQP_URL` (the test broker).
    package var brokerURLs: [String] = []
    package var logLevel = "notice"
    /// nil: the worker's default (JSON lines).
    package var logFormat: String?
    package var arguments: [String] = []
    package var environment: [String: String] = [:]
    /// Where the output goes; default `.run/test-logs/<prefix>/<id>.log`.
    package var logFile: URL?
    /// A job with this message id crashes the worker: the process is then `planreview-bench worker
    /// --trap-job-id ID` (the same worker assembly; planreview-worker has no such hook).
    package var trapJobId: String?
}

/// A worker process started by a test, with the file its output goes to.
package struct WorkerProcess: TestProcess {
    package let process: Process
    package let logFile: URL

    /// Starts the built `planreview-worker` (or, for a trap, `planreview-bench worker`; both next to the
    /// test bundle) on the launch's prefix, with the
    /// repository's Config; registers its pid in `PLANREVIEW_TEST_PID_FILE` so that Scripts/faults can
    /// end what a test left running (a test killed by its timeout).
    package static func launch(_ launch: WorkerLaunch) throws -> WorkerProcess {
        let process = Process()
        var arguments: [String] = []
        if let trap = launch.trapJobId {
            process.executableURL = BrokerHarness.binDirectory.appendingPathComponent("planreview-bench")
            arguments = ["worker", "--trap-job-id", trap]
        } else {
            process.executableURL = BrokerHarness.binDirectory.appendingPathComponent("planreview-worker")
        }
        arguments += [
            "--prefix", launch.prefix, "--consumers", "\(launch.consumers)", "--prefetch", "\(launch.prefetch)",
            "--worker-id", launch.id, "--config", BrokerHarness.configDirectory,
            "--metrics-host", "127.0.0.1", "--metrics-port", "\(launch.metricsPort)", "--log-level", launch.logLevel,
        ]
        if let format = launch.logFormat { arguments += ["--log-format", format] }
        for url in launch.brokerURLs { arguments += ["--amqp-url", url] }
        process.arguments = arguments + launch.arguments
        var environment = ProcessInfo.processInfo.environment.filter { $0.key == "PATH" || $0.key == "HOME" }
        environment["AMQP_URL"] = BrokerHarness.url
        process.environment = environment.merging(launch.environment) { $1 }
        let log = launch.logFile ?? WorkerProcesses.logDirectory(prefix: launch.prefix).appendingPathComponent("\(launch.id).log")
        try Self.start(process, logFile: log)
        return WorkerProcess(process: process, logFile: log)
    }
}
