import PlanReviewContract
import PlanReviewJSON

/// A job body after parsing: the JSON document, the content hash, and the problems found so far.
///
/// Splitting `parse` from `review` lets the worker and the benchmark time the two halves; most
/// callers use `Reviewer.review(body:envelope:)`.
public struct ParsedBody: Sendable {
    /// nil when the body is over the size cap or not JSON.
    public let document: JSONDocument?
    /// `sha256:` of the canonical JSON, of the raw bytes when the body is not JSON, nil when over
    /// the size cap.
    public let contentHash: String?
    /// Size, syntax, encoding and duplicate-key problems.
    public let issues: [ValidationIssue]
}
