import PlanReviewContract

/// Bounds that keep one review bounded in time and memory whatever arrives on the queue.
///
/// The defaults are far above any real plan (a large municipality's plan has a few hundred
/// actions and a few hundred KB of JSON) and keep a review at the limits in the tens of
/// milliseconds (docs/BENCHMARKS.md).
public struct ValidationLimits: Sendable, Equatable {
    /// Checked before parsing. 1 MiB.
    public var maxBodyBytes: Int = 1_048_576
    /// Nesting depth of arrays and objects; the parser never recurses, this bounds its stack.
    public var maxDepth: Int = 64
    /// Elements of any one array.
    public var maxArrayLength: Int = 10_000
    /// Members of any one object.
    public var maxObjectMembers: Int = 1_000
    /// JSON values in the whole body (bounds the parser's memory: 32 bytes a value).
    public var maxValues: Int = 250_000
    /// Bytes of any one string (raw, as written).
    public var maxStringBytes: Int = 16_384
    /// Elements of `plan.actions`.
    public var maxActions: Int = 10_000
    /// Issues reported before the rest are counted in one `too_many_issues` entry.
    public var maxIssues: Int = 200
    /// Bytes of an issue's JSON Pointer (escaped form). A longer pointer is cut at a character
    /// boundary, never inside a `~0`/`~1` escape, and ends with "…" (U+2026): the text before it is a
    /// prefix of the full pointer (docs/CONTRACT.md).
    public var maxPointerBytes: Int = 512
    /// Bytes of a value of the body echoed in a reason (a key, a jobId, a property), cut like a pointer.
    public var maxEchoBytes: Int = 80
    /// Bytes of an encoded result, the worker's `worker` and `timings` included
    /// (`Reviewer.resultHeadroomBytes` is kept free for them). A result that would be larger is
    /// replaced by a short `rejected` one with a `result_too_large` error. 1 MiB: results of real
    /// plans are 5–30 KB, and RabbitMQ refuses messages over `max_message_size` (128 MiB by default,
    /// 2 MiB in Deploy/rabbitmq).
    public var maxResultBytes: Int = 1_048_576

    public init() {}

    /// The largest annual tCO2e accepted anywhere in a plan: far above any municipality (global
    /// GHG emissions are about 5·10^10 t a year) and small enough that no sum in a pathway can
    /// overflow a Double's exact range.
    public static let maxAnnualTco2e = 1e12
    /// The largest carbon budget accepted, tCO2e.
    public static let maxBudgetTco2e = 1e14
    /// Hard caps on the configurable limits that bound the parser's stack and node indices.
    package static let depthCeiling = 512
    /// Bytes of an issue's reason; longer reasons are cut like pointers (they echo at most
    /// `maxEchoBytes` of the body, so this only catches a reason built without that bound).
    package static let maxReasonBytes = 512
}
