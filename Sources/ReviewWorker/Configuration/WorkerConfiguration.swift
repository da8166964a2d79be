import AMQP
import PlanReview
import PlanReviewContract

/// Everything a worker process's consumers need, as values. Filled at the edge (planreview-worker:
/// defaults < Config/worker.yaml < environment < flags, through ``init(reader:)``); the consumers receive
/// values, not readers.
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
    /// Which `reply_to` queues get a copy of a result (``ReplyToPolicy``).
    public var replyPolicy = ReplyToPolicy()
    /// Identifies this process in results and logs.
    public var workerId: String = System.defaultWorkerId
    /// Graceful shutdown: in-flight jobs get this long to be answered and acked.
    public var shutdownDeadline: Duration = .seconds(10)
    /// Reconnect backoff: first delay and cap (exponential with full jitter in between).
    public var reconnectInitialDelay: Duration = .milliseconds(500)
    public var reconnectMaxDelay: Duration = .seconds(30)
    /// `/readyz` turns 503 when publishes are outstanding and no publisher confirm has arrived for this
    /// long (a broker that stopped confirming: an alarm, a stuck quorum leader).
    public var confirmTimeout: Duration = .seconds(15)
    /// How long one wait for broker events may block; keeps heartbeats and the stop flag serviced.
    public var pollInterval: Duration = .milliseconds(100)

    /// A review running longer than this means the loop is stuck (a bug, or hostile input the limits
    /// missed): the watchdog ends the worker service so the job is redelivered elsewhere, and the quorum
    /// queue's delivery limit dead-letters it if it keeps doing that. Far above any real review (microseconds).
    public var reviewDeadline: Duration = .seconds(20)
    /// Send each burst of results and acks in full TCP segments (AMQPConnection.coalescesWrites)
    /// instead of one push per message: less CPU on both sides (docs/BENCHMARKS.md).
    public var coalesceWrites: Bool = true

    public init() {}

    /// How long a consumer drains after the stop request: the shutdown deadline less a moment for
    /// cancel and close (a tenth of it, at most 1 s), so the process exits within `shutdownDeadline`
    /// (ReviewWorkerService stops waiting for a consumer at the deadline).
    public var drainDeadline: Duration {
        shutdownDeadline - min(.seconds(1), shutdownDeadline / 10)
    }

    /// `shutdownDeadline` in seconds, for callers not yet moved to `Duration` (the broker test harness).
    public var shutdownDeadlineSeconds: Double {
        get { shutdownDeadline.inSeconds }
        set { shutdownDeadline = .seconds(newValue) }
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
