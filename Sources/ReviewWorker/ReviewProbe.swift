import Foundation
import PlanReview
import PlanReviewContract

/// Reviews a job in a child process before the worker reviews it itself: for jobs the broker delivered
/// before (`redelivered`), which may be the job that crashed or hung a worker.
///
/// Why: a job that crashes the review takes the whole process down, and with it every job the process
/// held (its consumers' prefetch windows). RabbitMQ 3.10's quorum queues count a delivery for each of
/// them and return them together, ahead of the rest, so the poison job's neighbours crashed with it
/// again and again and were dead-lettered with it at `x-delivery-limit` (fault runs dead-lettered 0-9
/// innocent jobs of 1,000-2,000 that way). The review is deterministic, so a job that survives the probe survives the review
/// in the worker; one that does not is returned to the queue alone (`basic.nack requeue`), the queue
/// counts that delivery, and `x-delivery-limit` dead-letters it without taking other jobs along.
public struct ReviewProbe: Sendable {
    /// The worker executable, run with `arguments` (`--review-probe --config-dir DIR`).
    public var executablePath: String
    public var arguments: [String]
    /// A probe running longer than this is killed and counts as a hanging review.
    public var deadlineSeconds: Double

    public init(executablePath: String, arguments: [String], deadlineSeconds: Double) {
        self.executablePath = executablePath
        self.arguments = arguments
        self.deadlineSeconds = deadlineSeconds
    }

    public enum Outcome: Sendable, Equatable {
        case survived
        /// The review crashed (signal), failed (exit status) or overran the deadline in the child.
        case failed(reason: String)
        /// The probe could not run (no temporary file, no executable): review in the worker as before.
        case unavailable(reason: String)
    }

    /// Environment variables that carry the envelope to the probe process (the body is its stdin).
    public enum Environment {
        public static let messageId = "PLANREVIEW_PROBE_MESSAGE_ID"
        public static let correlationId = "PLANREVIEW_PROBE_CORRELATION_ID"
        public static let contentType = "PLANREVIEW_PROBE_CONTENT_TYPE"
        public static let contentEncoding = "PLANREVIEW_PROBE_CONTENT_ENCODING"
        public static let type = "PLANREVIEW_PROBE_TYPE"

        /// The envelope a probe process was started with.
        public static func envelope(from environment: [String: String] = ProcessInfo.processInfo.environment) -> JobEnvelope {
            JobEnvelope(
                messageId: environment[messageId], correlationId: environment[correlationId], contentType: environment[contentType],
                contentEncoding: environment[contentEncoding], type: environment[type])
        }
    }

    /// Runs the review of `body` in a child process and reports whether it came back.
    ///
    /// The body goes through a temporary file, not a pipe: a child that dies before reading it all would
    /// make a pipe write raise SIGPIPE in the worker.
    public func run(body: [UInt8], envelope: JobEnvelope) -> Outcome {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("planreview-probe-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: file.path, contents: Data(body), attributes: [.posixPermissions: 0o600]),
            let input = FileHandle(forReadingAtPath: file.path)
        else { return .unavailable(reason: "cannot write \(file.path)") }
        defer {
            try? input.close()
            try? FileManager.default.removeItem(at: file)
        }
        var environment = ProcessInfo.processInfo.environment
        environment[Environment.messageId] = envelope.messageId
        environment[Environment.correlationId] = envelope.correlationId
        environment[Environment.contentType] = envelope.contentType
        environment[Environment.contentEncoding] = envelope.contentEncoding
        environment[Environment.type] = envelope.type

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executablePath)
        process.arguments = arguments
        process.environment = environment
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return .unavailable(reason: "cannot start \(executablePath): \(error)") }

        let deadline = ContinuousClock.now + .seconds(deadlineSeconds)
        while process.isRunning, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.002) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return .failed(reason: "the review overran its deadline of \(deadlineSeconds) s")
        }
        switch (process.terminationReason, process.terminationStatus) {
        case (.exit, 0): return .survived
        case (.exit, let status): return .failed(reason: "the review exited with status \(status)")
        case (.uncaughtSignal, let signal): return .failed(reason: "the review crashed with signal \(signal)")
        @unknown default: return .failed(reason: "the review ended abnormally")
        }
    }
}
