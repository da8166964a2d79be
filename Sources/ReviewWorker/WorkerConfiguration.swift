import AMQP
import PlanReview
import PlanReviewContract

/// Everything a worker process needs, as values. Filled at the edge (planreview-worker: defaults <
/// Config/worker.yaml < environment < flags); the worker receives values, not readers.
public struct WorkerConfiguration: Sendable {
    /// Brokers to connect to, tried in turn (a cluster's nodes). At least one.
    public var brokers: [AMQPConfiguration] = [AMQPConfiguration()]
    /// Consumer threads in this process, each with its own connection.
    public var consumers: Int = max(1, System.coreCount)
    /// Unacknowledged jobs a consumer may hold (basic.qos prefetch); also its pipelining window.
    public var prefetch: Int = 64
    /// Exchange and queue names.
    public var topology: Topology = Topology()
    /// Declare the topology at start (turn off where an operator loads Deploy/rabbitmq/definitions.json
    /// and the worker user may not configure).
    public var declareTopology: Bool = true
    /// Identifies this process in results and logs.
    public var workerId: String = System.defaultWorkerId
    /// Graceful shutdown: in-flight jobs get this long to be answered and acked.
    public var shutdownDeadlineSeconds: Double = 10
    /// Reconnect backoff: first delay and cap (exponential with full jitter in between).
    public var reconnectInitialDelaySeconds: Double = 0.5
    public var reconnectMaxDelaySeconds: Double = 30
    /// How long one wait for broker events may block; keeps heartbeats and the stop flag serviced.
    public var pollIntervalMilliseconds: Int = 100

    /// A review running longer than this means the loop is stuck (a bug, or hostile input the limits
    /// missed): the watchdog ends the process so the job is redelivered elsewhere, and the quorum queue's
    /// delivery limit dead-letters it if it keeps doing that. Far above any real review (microseconds).
    public var reviewDeadlineSeconds: Double = 20
    /// Reviews redelivered jobs in a child process first (see ReviewProbe); nil reviews them in the
    /// worker like any other job. planreview-worker sets it to itself with `--review-probe`.
    public var reviewProbe: ReviewProbe?
    /// Test only: a job with this message id makes the review trap (a crashing job). Set through the
    /// environment variable PLANREVIEW_TEST_TRAP_JOB_ID by the fault tests; nil in production.
    public var testTrapJobId: String?

    /// What a consumer does with a job; `.review` in production.
    public var mode: Mode = .review
    /// Send each burst of results and acks in full TCP segments (AMQPConnection.coalescesWrites)
    /// instead of one push per message: less CPU on both sides (docs/BENCHMARKS.md).
    public var coalesceWrites: Bool = true

    public init() {}

    /// What a consumer does with a job.
    public enum Mode: Sendable {
        /// Decode, review, encode, publish the result: the worker.
        case review
        /// Benchmark only (`planreview load echo-worker`): answer every job with the same precomputed
        /// result, without decode, review or encode; consume, publish, confirms and acks are unchanged.
        /// This is the ceiling the worker can approach on a given broker (docs/BENCHMARKS.md).
        case echo(EchoReply)
    }

    /// The fixed answer of `.echo`: a typical job's result and its encoded bytes (a real result's size).
    public struct EchoReply: Sendable {
        /// Its `jobId` is empty, so each result's message id is the job's own.
        public var result: ReviewResult
        public var body: [UInt8]

        /// `result` with worker and timings filled in as a consumer fills them, so `body` has a real result's size.
        public init(result: ReviewResult, worker: WorkerInfo) {
            var result = result
            result.worker = worker
            result.timings = ReviewTimings(reviewMicroseconds: 42.5)
            self.body = result.jsonBytes()
            result.jobId = ""
            self.result = result
        }
    }
}
