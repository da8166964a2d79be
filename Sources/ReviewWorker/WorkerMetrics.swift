import CoreMetrics
import Metrics

/// The worker's metrics through swift-metrics (a Prometheus backend is bootstrapped by the
/// executable). Handles are created once, not per job: creating a metric takes a lock in the factory.
/// Names follow Prometheus conventions: base units, `_total` for counters.
public struct WorkerMetrics: Sendable {
    let received = Counter(label: "planreview_jobs_received_total")
    let completed: [String: Counter]
    let rejected = Counter(label: "planreview_jobs_rejected_total", dimensions: [("reason", "invalid_job")])
    let retried = Counter(label: "planreview_jobs_retried_total")
    let deadLettered = Counter(label: "planreview_jobs_dead_lettered_total")
    let reviewDuration = Timer(label: "planreview_review_duration_seconds", preferredDisplayUnit: .seconds)
    let jobLatency = Timer(label: "planreview_job_latency_seconds", preferredDisplayUnit: .seconds)
    // Meters, not Gauges: every consumer thread adds and subtracts its own share.
    let inFlight = Meter(label: "planreview_jobs_in_flight")
    let consumers = Meter(label: "planreview_consumers")
    let connectionsUp = Meter(label: "planreview_connection_up")
    let reconnects = Counter(label: "planreview_reconnects_total")
    /// Redelivered jobs whose review crashed or hung in a probe process (ReviewProbe).
    let probeFailures = Counter(label: "planreview_review_probe_failures_total")

    public init() {
        var completed: [String: Counter] = [:]
        for status in ["compliant", "non_compliant", "incomplete", "rejected"] {
            completed[status] = Counter(label: "planreview_jobs_completed_total", dimensions: [("status", status)])
        }
        self.completed = completed
    }
}
