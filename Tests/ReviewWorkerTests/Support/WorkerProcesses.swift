import AMQP
import Foundation

/// `planreview-worker` processes for tests, supervised the way systemd or Kubernetes would: one that
/// dies is started again at once (when `supervise` is on). Logs go to one file per process start.
final class WorkerProcesses {
    struct Exit: CustomStringConvertible {
        var slot: Int
        var status: Int32
        var signalled: Bool
        var description: String { signalled ? "worker \(slot) killed by signal \(status)" : "worker \(slot) exited \(status)" }
    }

    let prefix: String
    let count: Int
    let consumers: Int
    let environment: [String: String]
    let arguments: [String]
    let logDirectory: URL
    var supervise = true
    private(set) var processes: [Process] = []
    private(set) var exits: [Exit] = []
    private(set) var starts = 0
    /// Highest VmRSS seen by `sampleMemory()`, in KiB.
    private(set) var peakResidentKiB = 0

    init(prefix: String, count: Int = 2, consumers: Int = 2, url: String = BrokerHarness.url, environment: [String: String] = [:], arguments: [String] = []) throws {
        self.prefix = prefix
        self.count = count
        self.consumers = consumers
        var base = ProcessInfo.processInfo.environment.filter { $0.key == "PATH" || $0.key == "HOME" }
        base["AMQP_URL"] = url
        self.environment = base.merging(environment) { $1 }
        self.arguments = arguments
        logDirectory = BrokerHarness.repository.appendingPathComponent(".run/test-logs/\(prefix)")
        try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
        for slot in 0..<count { processes.append(try start(slot: slot)) }
    }

    deinit { killAll() }

    private func start(slot: Int) throws -> Process {
        let process = Process()
        process.executableURL = BrokerHarness.binDirectory.appendingPathComponent("planreview-worker")
        process.arguments = [
            "--prefix", prefix, "--consumers", "\(consumers)", "--config-dir", BrokerHarness.configDirectory,
            "--worker-id", "\(prefix)-w\(slot)", "--log-level", "info",
            // The fault tests read the text lines ("... [ReviewWorker] connected"); the default is JSON.
            "--log-format", "text", "--metrics-port", "0",
        ] + arguments
        process.environment = environment
        let log = logDirectory.appendingPathComponent("worker-\(slot)-\(starts).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        starts += 1
        // Scripts/faults ends what a test left running (a test killed by its timeout) by these ids.
        if let pidFile = ProcessInfo.processInfo.environment["PLANREVIEW_TEST_PID_FILE"], let handle = FileHandle(forWritingAtPath: pidFile) {
            handle.seekToEndOfFile()
            handle.write(Data("\(process.processIdentifier)\n".utf8))
            try? handle.close()
        }
        return process
    }

    /// Restarts the workers that died (when supervising) and records how they ended. Call it often.
    func check() throws {
        for (slot, process) in processes.enumerated() where !process.isRunning {
            guard supervise else { continue }
            exits.append(Exit(slot: slot, status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal))
            processes[slot] = try start(slot: slot)
        }
    }

    /// kill -9 one worker; `check()` starts it again.
    func kill9(slot: Int) {
        kill(processes[slot].processIdentifier, SIGKILL)
        processes[slot].waitUntilExit()
    }

    /// Sends SIGTERM to every worker and waits up to `seconds` for them to exit; returns their statuses
    /// (nil for one still running: it is then killed).
    func terminate(within seconds: Double) async -> [Int32?] {
        supervise = false
        for process in processes where process.isRunning { kill(process.processIdentifier, SIGTERM) }
        let deadline = ContinuousClock.now + .seconds(seconds)
        while processes.contains(where: \.isRunning), ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        let statuses = processes.map { $0.isRunning ? nil : Optional($0.terminationStatus) }
        killAll()
        return statuses
    }

    func killAll() {
        supervise = false
        for process in processes where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    var pids: [Int32] { processes.map(\.processIdentifier) }

    /// Records the workers' resident memory (VmRSS from /proc) for `peakResidentKiB`; returns the current values.
    @discardableResult
    func sampleMemory() -> [Int] {
        let values = processes.filter(\.isRunning).compactMap { Self.residentKiB(pid: $0.processIdentifier) }
        peakResidentKiB = max(peakResidentKiB, values.max() ?? 0)
        return values
    }

    static func residentKiB(pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return nil }
        return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[1])
    }

    /// How many consumers logged `connected` at or after `since` (distinct log file and consumer
    /// index; the log's timestamps have whole seconds, so `since` is rounded down).
    func consumersConnected(since: Date) -> Int {
        // swift-log's StreamLogHandler writes 2026-11-29T03:44:52+0000 (no colon in the offset).
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ssZ"
        let threshold = since.timeIntervalSince1970.rounded(.down)
        let files = (try? FileManager.default.contentsOfDirectory(at: logDirectory, includingPropertiesForKeys: nil)) ?? []
        var connected: Set<String> = []
        for file in files {
            for line in ((try? String(contentsOf: file, encoding: .utf8)) ?? "").split(separator: "\n") where line.hasSuffix("] connected") {
                guard let stamp = line.split(separator: " ").first, let date = formatter.date(from: String(stamp)),
                    date.timeIntervalSince1970 >= threshold,
                    let consumer = line.split(separator: " ").first(where: { $0.hasPrefix("consumer=") })
                else { continue }
                connected.insert("\(file.lastPathComponent) \(consumer)")
            }
        }
        return connected.count
    }

    /// Every log line written by the workers so far.
    func logLines() -> [Substring] {
        let files = (try? FileManager.default.contentsOfDirectory(at: logDirectory, includingPropertiesForKeys: nil)) ?? []
        return files.flatMap { ((try? String(contentsOf: $0, encoding: .utf8)) ?? "").split(separator: "\n") }
    }
}
