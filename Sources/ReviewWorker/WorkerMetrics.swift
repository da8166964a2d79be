import CoreMetrics
import Metrics
import PlanReviewContract

/// The worker's metrics through swift-metrics (a Prometheus backend is bootstrapped by the
/// executable). Handles are created once, not per job: creating a metric takes a lock in the factory.
/// Names follow Prometheus conventions: base units (seconds), `_total` for counters, `_info` for a
/// constant 1 that carries labels (https://prometheus.io/docs/practices/naming/).
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
    /// Redelivered jobs moved from the jobs queue to the quarantine queue.
    let quarantined = Counter(label: "planreview_jobs_quarantined_total")

    /// Mandatory publishes the broker returned (basic.return), by what they were for.
    let returnedByRole: [String: Counter]
    /// Envelope values ignored (IncomingEnvelope), by note code.
    let envelopeNotesByCode: [String: Counter]
    /// Copies to reply_to not sent or not delivered, by reason.
    let replyCopiesSkippedByReason: [String: Counter]
    /// Results that could not be published as reviewed and were answered rejected instead.
    let outgoingRefused = Counter(label: "planreview_results_unpublishable_total")
    /// The broker closed a publishing channel because of one message (406); the channel was reopened.
    let publishChannelsReopened = Counter(label: "planreview_publish_channels_reopened_total")
    /// Jobs whose publish made the broker close the channel, settled alone (`outcome`).
    let settledAlone = Counter(label: "planreview_jobs_settled_alone_total")

    func returned(_ role: PublishRole?) -> Counter { returnedByRole[role?.rawValue ?? "unknown"]! }
    func envelopeNotes(_ code: IncomingEnvelope.Note.Code) -> Counter { envelopeNotesByCode[code.rawValue]! }
    func replyCopiesSkipped(_ reason: String) -> Counter { replyCopiesSkippedByReason[reason] ?? replyCopiesSkippedByReason["failed"]! }

    public init() {
        var returned: [String: Counter] = [:]
        for role in ["result", "reply_copy", "retry", "dead_letter", "quarantine", "unknown"] {
            returned[role] = Counter(label: "planreview_publishes_returned_total", dimensions: [("publish", role)])
        }
        returnedByRole = returned
        var notes: [String: Counter] = [:]
        for code in ["envelope_timestamp_implausible", "envelope_timestamp_header_unreadable", "envelope_attempts_out_of_range", "envelope_delivery_count_unreadable", "reply_to_refused"] {
            notes[code] = Counter(label: "planreview_envelope_values_ignored_total", dimensions: [("code", code)])
        }
        envelopeNotesByCode = notes
        var skipped: [String: Counter] = [:]
        for reason in ["not_a_reply_queue", "made_up_direct_reply_to", "direct_reply_to_not_rewritten", "returned", "failed"] {
            skipped[reason] = Counter(label: "planreview_reply_copies_skipped_total", dimensions: [("reason", reason)])
        }
        replyCopiesSkippedByReason = skipped
        var completed: [String: Counter] = [:]
        for status in ["compliant", "non_compliant", "incomplete", "rejected"] {
            completed[status] = Counter(label: "planreview_jobs_completed_total", dimensions: [("status", status)])
        }
        self.completed = completed
    }

    /// Sets `planreview_build_info{version="..."} 1`, so a dashboard can tell which version runs where.
    public static func recordBuildInfo(version: String = PlanReviewVersion.current) {
        Gauge(label: "planreview_build_info", dimensions: [("version", version)]).record(1)
    }

    /// Histogram bucket upper bounds in seconds, per timer. A review takes tens of microseconds
    /// (docs/BENCHMARKS.md) and is killed by the watchdog after 20 s; a job's latency runs from its
    /// `timestamp` (millisecond resolution) to its confirmed result and grows with the queue's backlog.
    public static let histogramBuckets: [String: [Duration]] = [
        "planreview_review_duration_seconds": [
            .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500),
            .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25),
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1), .seconds(10),
        ],
        "planreview_job_latency_seconds": [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5),
            .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        ],
    ]

    /// `# HELP` text of every metric the worker exports (also the table in docs/OPERATIONS.md).
    public static let help: [String: String] = [
        "planreview_jobs_received_total": "Jobs delivered to this worker (redeliveries included).",
        "planreview_publishes_returned_total": "Mandatory publishes the broker returned because no queue took them, by what they were for.",
        "planreview_envelope_values_ignored_total": "Job envelope values ignored as implausible or out of range, by note code.",
        "planreview_reply_copies_skipped_total": "Result copies to reply_to not sent (refused by the reply policy) or not delivered, by reason.",
        "planreview_results_unpublishable_total": "Results that AMQP could not carry as reviewed (e.g. a job id over 255 bytes), answered rejected instead.",
        "planreview_jobs_completed_total": "Jobs reviewed and their result published, by result status.",
        "planreview_jobs_rejected_total": "Jobs answered with a rejected result because they could not be read or validated, by reason.",
        "planreview_jobs_retried_total": "Jobs sent to a retry queue because the broker refused their result.",
        "planreview_jobs_dead_lettered_total": "Jobs sent to the dead-letter queue by this worker after their last retry.",
        "planreview_review_duration_seconds": "Time to decode, validate, review and encode one job.",
        "planreview_job_latency_seconds": "Time from a job's timestamp (submission) to its confirmed result.",
        "planreview_jobs_in_flight": "Jobs whose result is published but not yet confirmed and acked.",
        "planreview_consumers": "Consumer threads running in this worker.",
        "planreview_connection_up": "Consumer connections to the broker that are open (one per consumer when healthy).",
        "planreview_reconnects_total": "Broker connections lost or refused, each followed by a reconnect.",
        "planreview_build_info": "A constant 1 labelled with the worker's version.",
    ]
}
