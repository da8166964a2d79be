import Foundation

/// A process a test started (a worker, the overview): its output goes to a log file, it is registered
/// in `PLANREVIEW_TEST_PID_FILE` so that Scripts/faults can end what a test left running (a test
/// killed by its timeout), and it stops with SIGTERM, else SIGKILL.
package protocol TestProcess {
    var process: Process { get }
    var logFile: URL { get }
}

extension TestProcess {
    package var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }
    package var isRunning: Bool { process.isRunning }
    package var pid: Int32 { process.processIdentifier }

    /// Runs `process` with its output in `logFile` (created, with its directory) and registers its pid.
    static func start(_ process: Process, logFile: URL) throws {
        try FileManager.default.createDirectory(at: logFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        if let pidFile = ProcessInfo.processInfo.environment["PLANREVIEW_TEST_PID_FILE"], let pids = FileHandle(forWritingAtPath: pidFile) {
            pids.seekToEndOfFile()
            pids.write(Data("\(process.processIdentifier)\n".utf8))
            try? pids.close()
        }
    }

    /// SIGTERM, then waits up to `seconds` for the exit; returns the exit status, nil if it had to be killed.
    @discardableResult
    package func stop(seconds: Double = 30) async -> Int32? {
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
