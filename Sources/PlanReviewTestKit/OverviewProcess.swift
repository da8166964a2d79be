import Foundation

/// A `planreview-overview` process started by a test (the built executable next to the test bundle),
/// on a test prefix, with a SQLite store of its own and any free HTTP port.
package struct OverviewProcess: TestProcess {
    package let process: Process
    package let logFile: URL

    /// `arguments` add to `--prefix`, `--database-path`, `--config`, `--port 0`.
    package static func launch(prefix: String, databasePath: String, id: String, arguments: [String] = []) throws -> OverviewProcess {
        let process = Process()
        process.executableURL = BrokerHarness.binDirectory.appendingPathComponent("planreview-overview")
        process.arguments = [
            "--prefix", prefix, "--database-path", databasePath, "--config", BrokerHarness.configDirectory,
            "--host", "127.0.0.1", "--port", "0", "--log-level", "info",
        ] + arguments
        var environment = ProcessInfo.processInfo.environment.filter { $0.key == "PATH" || $0.key == "HOME" }
        environment["AMQP_URL"] = BrokerHarness.url
        process.environment = environment
        let log = WorkerProcesses.logDirectory(prefix: prefix).appendingPathComponent("\(id).log")
        try Self.start(process, logFile: log)
        return OverviewProcess(process: process, logFile: log)
    }
}
