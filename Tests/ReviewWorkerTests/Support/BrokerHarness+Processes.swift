import Foundation
import FoundationNetworking
import PlanReviewContract
import PlanReviewOps
import ReviewWorker
import Synchronization
import Testing

#if canImport(FoundationNetworking)
#endif

/// The built executables as a test runs them: worker processes on the harness's prefix, CLI commands,
/// and HTTP requests to a worker's metrics endpoint.
extension BrokerHarness {
    /// What a finished CLI run printed.
    struct CommandOutput {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
    static func freePort() throws -> Int {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(socketDescriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketDescriptor, $0, length) == 0 && getsockname(socketDescriptor, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts a `planreview-worker` process on this harness's prefix; its output goes to a file under the
    /// temporary directory (named in the returned process's `logFile`).
    func startWorker(
        id: String, consumers: Int = 1, prefetch: Int = 64, metricsPort: Int = 0, brokerURLs: [String]? = nil,
        arguments extra: [String] = [], environment extraEnvironment: [String: String] = [:]
    ) throws -> WorkerProcess {
        let process = Process()
        process.executableURL = Self.binDirectory.appendingPathComponent("planreview-worker")
        var arguments = [
            "--prefix", topology.prefix, "--consumers", "\(consumers)", "--prefetch", "\(prefetch)", "--worker-id", id,
            "--config-dir", Self.configDirectory, "--metrics-host", "127.0.0.1", "--metrics-port", "\(metricsPort)", "--log-level", "notice",
        ]
        for url in brokerURLs ?? [] { arguments += ["--amqp-url", url] }
        process.arguments = arguments + extra
        process.environment = ["AMQP_URL": Self.url, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"].merging(extraEnvironment) { $1 }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("\(topology.prefix)-\(id).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return WorkerProcess(process: process, logFile: log)
    }

    /// Runs the `planreview` CLI with `--prefix` of this harness (unless `prefixed` is false) and waits for it.
    func runCLI(_ arguments: [String], prefixed: Bool = true, environment extra: [String: String] = [:]) throws -> CommandOutput {
        try Self.run(Self.binDirectory.appendingPathComponent("planreview"), arguments + (prefixed ? ["--prefix", topology.prefix] : []), environment: extra)
    }

    /// Runs an executable to its end with stdin from /dev/null; returns its status and output.
    static func run(_ executable: URL, _ arguments: [String], environment extra: [String: String] = [:]) throws -> CommandOutput {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ["AMQP_URL": url, "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"].merging(extra) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read before waiting: a full pipe would block the child.
        let errorOutput = ReadResult()
        let reader = Thread {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            errorOutput.data.withLock { $0 = data }
        }
        reader.start()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errorOutput.data.withLock({ $0 == nil }) { Thread.sleep(forTimeInterval: 0.01) }
        let errorText = errorOutput.data.withLock { String(decoding: $0 ?? Data(), as: UTF8.self) }
        return CommandOutput(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self), stderr: errorText)
    }

    /// GET a URL on loopback; status and body, or nil when nothing answers.
    static func httpGet(_ url: String) async -> (status: Int, body: String)? {
        guard let address = URL(string: url) else { return nil }
        do {
            let (data, response) = try await URLSession.shared.data(for: URLRequest(url: address, timeoutInterval: 2))
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        } catch {
            return nil
        }
    }

    /// Polls `condition` every 100 ms until it holds or `seconds` pass; returns whether it held.
    static func eventually(seconds: Double = 30, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }
}

/// A worker process started by a test, with the file its output goes to.
struct WorkerProcess {
    let process: Process
    let logFile: URL

    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// SIGTERM, then waits up to `seconds` for the exit; returns the exit status, nil if it had to be killed.
    @discardableResult
    func stop(seconds: Double = 30) async -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(seconds)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        guard !process.isRunning else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return nil
        }
        return process.terminationStatus
    }
}

/// Output read to its end by another thread (the stderr reader of `run`).
private final class ReadResult: Sendable {
    let data = Mutex<Data?>(nil)
}
