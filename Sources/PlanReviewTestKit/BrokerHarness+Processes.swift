import Foundation
import FoundationNetworking
import PlanReviewContract
import PlanReviewOps
import ReviewWorker
import Synchronization

/// The built executables as a test runs them: worker processes on the harness's prefix, CLI commands,
/// and HTTP requests to a worker's metrics endpoint.
extension BrokerHarness {
    /// What a finished CLI run printed.
    package struct CommandOutput {
        package var status: Int32
        package var stdout: String
        package var stderr: String
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
    package static func freePort() throws -> Int {
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

    /// Starts a `planreview-worker` process on this harness's prefix; its output goes to a file under
    /// `.run/test-logs/<prefix>/` (named in the returned process's `logFile`).
    package func startWorker(
        id: String, consumers: Int = 1, prefetch: Int = 64, metricsPort: Int = 0, brokerURLs: [String]? = nil,
        arguments extra: [String] = [], environment extraEnvironment: [String: String] = [:]
    ) throws -> WorkerProcess {
        try WorkerProcess.launch(
            WorkerLaunch(
                prefix: topology.prefix, id: id, consumers: consumers, prefetch: prefetch, metricsPort: metricsPort,
                brokerURLs: brokerURLs ?? [], arguments: extra, environment: extraEnvironment
            )
        )
    }

    /// Runs the `planreview` CLI with `--prefix` of this harness (unless `prefixed` is false) and waits for it.
    package func runCLI(_ arguments: [String], prefixed: Bool = true, environment extra: [String: String] = [:]) throws -> CommandOutput {
        try Self.run(Self.binDirectory.appendingPathComponent("planreview"), arguments + (prefixed ? ["--prefix", topology.prefix] : []), environment: extra)
    }

    /// Runs an executable to its end with stdin from /dev/null; returns its status and output.
    package static func run(_ executable: URL, _ arguments: [String], environment extra: [String: String] = [:]) throws -> CommandOutput {
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
    package static func httpGet(_ url: String) async -> (status: Int, body: String)? {
        guard let address = URL(string: url) else { return nil }
        do {
            let (data, response) = try await URLSession.shared.data(for: URLRequest(url: address, timeoutInterval: 2))
            return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
        } catch {
            return nil
        }
    }

    /// Polls `condition` every 100 ms until it holds or `seconds` pass; returns whether it held.
    package static func eventually(seconds: Double = 30, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return try await condition()
    }
}

/// Output read to its end by another thread (the stderr reader of `run`).
private final class ReadResult: Sendable {
    package let data = Mutex<Data?>(nil)
}
