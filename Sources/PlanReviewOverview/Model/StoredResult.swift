/// A plan review as the store keeps it: identity, figures and the body as received.
public struct StoredReview: Sendable, Equatable {
    public var code: Int
    public var jobId: String
    public var contentHash: String
    public var figures: ReviewFigures
    /// The `planreview.result/v1` body as published (the municipality page renders its report).
    public var body: String

    public init(code: Int, jobId: String, contentHash: String, figures: ReviewFigures, body: String) {
        self.code = code
        self.jobId = jobId
        self.contentHash = contentHash
        self.figures = figures
        self.body = body
    }
}

/// A progress result as the store keeps it.
public struct StoredProgress: Sendable, Equatable {
    public var code: Int
    public var jobId: String
    public var contentHash: String
    public var figures: ProgressFigures
    public var body: String

    public init(code: Int, jobId: String, contentHash: String, figures: ProgressFigures, body: String) {
        self.code = code
        self.jobId = jobId
        self.contentHash = contentHash
        self.figures = figures
        self.body = body
    }
}
