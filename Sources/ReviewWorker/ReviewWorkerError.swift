import PlanReviewContract

/// Why the worker service stopped with an error (swift-service-lifecycle's `ServiceGroupError` shape:
/// an opaque, extensible code and the context).
public struct ReviewWorkerError: Error, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum _Code: Hashable, Sendable {
            case reviewOverran
        }

        private let code: _Code
        private init(_ code: _Code) { self.code = code }

        /// A review ran past `reviewDeadline`: its consumer thread is stuck and cannot be interrupted.
        /// The process must end so that the job is redelivered (the delivery limit dead-letters a job
        /// that keeps doing this).
        public static let reviewOverran = Code(.reviewOverran)

        public var description: String {
            switch code {
            case .reviewOverran: "reviewOverran"
            }
        }
    }

    public var code: Code
    /// The consumer concerned.
    public var consumer: Int?
    public var detail: String

    public var description: String { "ReviewWorkerError.\(code): \(detail)" }

    static func reviewOverran(consumer: Int, running: Duration) -> ReviewWorkerError {
        ReviewWorkerError(code: .reviewOverran, consumer: consumer, detail: "the review of consumer \(consumer) has run for \(running)")
    }
}
