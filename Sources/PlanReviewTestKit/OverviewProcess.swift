import Foundation

/// A `planreview-overview` process started by a test (the built executable next to the test bundle),
/// on a test prefix, with a SQLite store of its own and any free HTTP port.
package struct OverviewProcess {
    package let process: Process
    package let logFile: URL

    package var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }
    package var isRunning: Bool { process.isRunning }

    /// `arguments` add to `--prefix`, `--database-path`, `--config-dir`, `--port 0`.
    package static func launch(prefix: String, databasePath: String, id: String, arguments: [String] = []) throws -> OverviewProcess {
        let process = Process()
        process.executableURL = BrokerHarness.binDirectory.appendingPathComponent("planreview-overview")
        process.arguments = [
            "--prefix", prefix, "--database-path", databasePath, "--config-dir", BrokerHarness.configDirectory,
            "--host", "127.0.0.1", "--port", "0", "--log-level", "info",
        ] + arguments
        var environment = ProcessInfo.processInfo.environment.filter { $0.key == "PATH" || $0.key == "HOME" }
        environment["AMQP_URL"] = BrokerHarness.url
        process.environment = environment
        let log = WorkerProcesses.logDirectory(prefix: prefix).appendingPathComponent("\(id).log")
        try FileManager.default.createDirectory(at: log.deletingLastPathComponent(), withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        if let pidFile = ProcessInfo.processInfo.environment["PLANREVIEW_TEST_PID_FILE"], let pids = FileHandle(forWritingAtPath: pidFile) {
            pids.seekToEndOfFile()
            pids.write(Data("\(process.processIdentifier)\n".utf8))
            try? pids.close()
        }
        return OverviewProcess(process: process, logFile: log)
    }

    /// SIGTERM and the exit status (nil: still running after `seconds`, then killed).
    package func stop(seconds: Double = 20) async -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(seconds)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        guard !process.isRunning else {
            kill9()
            return nil
        }
        return process.terminationStatus
    }

    /// SIGKILL, and waits for the exit.
    package func kill9() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
