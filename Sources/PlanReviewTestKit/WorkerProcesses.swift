import AMQP
import Foundation

/// `planreview-worker` processes for tests, supervised the way systemd or Kubernetes would: one that
/// dies is started again at once (when `supervise` is on). Logs go to one file per process start.
package final class WorkerProcesses {
    package struct Exit: CustomStringConvertible {
        package var slot: Int
        package var status: Int32
        package var signalled: Bool
        package var description: String { signalled ? "worker \(slot) killed by signal \(status)" : "worker \(slot) exited \(status)" }
    }

    package let prefix: String
    package let count: Int
    package let consumers: Int
    package let environment: [String: String]
    package let arguments: [String]
    /// Workers started with `--trap-job-id` (``WorkerLaunch/trapJobId``).
    package let trapJobId: String?
    package let logDirectory: URL
    package var supervise = true
    package private(set) var workers: [WorkerProcess] = []
    package private(set) var exits: [Exit] = []
    package private(set) var starts = 0
    /// Highest VmRSS seen by `sampleMemory()`, in KiB.
    package private(set) var peakResidentKiB = 0

    /// `.run/test-logs/<prefix>/` of the repository: where the test kit's worker logs go.
    package static func logDirectory(prefix: String) -> URL {
        BrokerHarness.repository.appendingPathComponent(".run/test-logs/\(prefix)")
    }

    package init(
        prefix: String, count: Int = 2, consumers: Int = 2, url: String = BrokerHarness.url, environment: [String: String] = [:], arguments: [String] = [],
        trapJobId: String? = nil
    ) throws {
        self.trapJobId = trapJobId
        self.prefix = prefix
        self.count = count
        self.consumers = consumers
        self.environment = ["AMQP_URL": url].merging(environment) { $1 }
        self.arguments = arguments
        logDirectory = Self.logDirectory(prefix: prefix)
        try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
        for slot in 0..<count { workers.append(try start(slot: slot)) }
    }

    deinit { killAll() }

    private func start(slot: Int) throws -> WorkerProcess {
        // The fault tests read the text lines ("... [ReviewWorker] connected"); the default is JSON.
        let worker = try WorkerProcess.launch(
            WorkerLaunch(
                prefix: prefix, id: "\(prefix)-w\(slot)", consumers: consumers, logLevel: "info", logFormat: "text",
                arguments: arguments, environment: environment,
                logFile: logDirectory.appendingPathComponent("worker-\(slot)-\(starts).log"), trapJobId: trapJobId
            )
        )
        starts += 1
        return worker
    }

    /// Restarts the workers that died (when supervising) and records how they ended. Call it often.
    package func check() throws {
        for (slot, worker) in workers.enumerated() where !worker.isRunning {
            guard supervise else { continue }
            exits.append(Exit(slot: slot, status: worker.process.terminationStatus, signalled: worker.process.terminationReason == .uncaughtSignal))
            workers[slot] = try start(slot: slot)
        }
    }

    /// kill -9 one worker; `check()` starts it again.
    package func kill9(slot: Int) {
        workers[slot].kill9()
    }

    /// Sends SIGTERM to every worker and waits up to `seconds` for them to exit; returns their statuses
    /// (nil for one still running: it is then killed).
    package func terminate(within seconds: Double) async -> [Int32?] {
        supervise = false
        for worker in workers where worker.isRunning { kill(worker.pid, SIGTERM) }
        let deadline = ContinuousClock.now + .seconds(seconds)
        while workers.contains(where: \.isRunning), ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        let statuses = workers.map { $0.isRunning ? nil : Optional($0.process.terminationStatus) }
        killAll()
        return statuses
    }

    package func killAll() {
        supervise = false
        for worker in workers { worker.kill9() }
    }

    package var pids: [Int32] { workers.map(\.pid) }

    /// Records the workers' resident memory (VmRSS from /proc) for `peakResidentKiB`; returns the current values.
    @discardableResult
    package func sampleMemory() -> [Int] {
        let values = workers.filter(\.isRunning).compactMap { Self.residentKiB(pid: $0.pid) }
        peakResidentKiB = max(peakResidentKiB, values.max() ?? 0)
        return values
    }

    package static func residentKiB(pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return nil }
        return Int(line.split(whereSeparator: { $0 == " " || $0 == "\t" })[1])
    }

    /// How many consumers logged `connected` at or after `since` (distinct log file and consumer
    /// index; the log's timestamps have whole seconds, so `since` is rounded down).
    package func consumersConnected(since: Date) -> Int {
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
    package func logLines() -> [Substring] {
        let files = (try? FileManager.default.contentsOfDirectory(at: logDirectory, includingPropertiesForKeys: nil)) ?? []
        return files.flatMap { ((try? String(contentsOf: $0, encoding: .utf8)) ?? "").split(separator: "\n") }
    }
}
