/// Every name of the message contract (docs/CONTRACT.md) that code compares or writes, in one place:
/// the CLI, the worker, the tools and the tests take them from here. Never rename a value: systems
/// outside integrate against them.

/// The AMQP `type` property of each message kind.
public enum ContractTypes {
    public static let job = "planreview.job.v1"
    public static let result = "planreview.result.v1"
    /// A progress job (CONTRACT.md, "Progress job"): what a municipality reports against its plan.
    public static let progress = "planreview.progress.v1"
    /// The result of a progress job.
    public static let progressResult = "planreview.progress-result.v1"
}

/// The `schema` field of each message kind.
public enum ContractSchemas {
    public static let job = "planreview.job/v1"
    public static let result = "planreview.result/v1"
    public static let progress = "planreview.progress/v1"
    public static let progressResult = "planreview.progress-result/v1"
}

/// The JSON Schema files of Config/schemas/, by message kind.
public enum ContractSchemaFiles {
    public static let job = "job.v1.schema.json"
    public static let result = "result.v1.schema.json"
    public static let progress = "progress.v1.schema.json"
    public static let progressResult = "progress-result.v1.schema.json"
}

/// The first word of each result kind's routing key on `planreview.results`.
public enum ResultRoutingPrefix {
    public static let review = "result"
    public static let progress = "progress"
}

/// What a job gets when it leaves a field out.
public enum ContractDefaults {
    /// The ruleset of a job without `ruleset`.
    public static let rulesetId = "dk2020"
}

/// Headers a submitter may set on a job.
public enum JobHeaders {
    /// The submission time in ms since 1970 (RabbitMQ's message timestamp plugin and `planreview submit` set it).
    public static let timestampMilliseconds = "timestamp_in_ms"
}

/// Headers the worker sets on results.
public enum ResultHeaders {
    /// The result's `status`.
    public static let status = "x-planreview-status"
    /// The result's `contentHash`.
    public static let contentHash = "x-planreview-content-hash"
    /// The job's submission time (its `timestamp_in_ms` header, else its `timestamp`), ms since 1970.
    public static let jobTimestampMilliseconds = "x-planreview-job-timestamp-ms"
}

/// Headers the worker sets on jobs it moves to the quarantine queue.
public enum QuarantineHeaders {
    /// Why the job was quarantined, e.g. `redelivered (x-delivery-count 1)`.
    public static let reason = "x-planreview-quarantined"
}

/// Headers the worker sets on jobs it retries or dead-letters.
public enum RetryHeaders {
    /// How many times the job was sent to a retry queue.
    public static let attempts = "x-planreview-attempts"
    /// Why the job was dead-lettered.
    public static let error = "x-planreview-error"
}
