import PlanReviewContract
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One scrape of a worker's `/metrics`, reduced to what `planreview stats` and `monitor` show.
public struct WorkerMetricsSample: Sendable {
    public var url: String
    /// When it was taken (monotonic), for rates between two samples.
    public var takenAt: ContinuousClock.Instant
    public var version: String?
    public var received: Double
    public var completed: Double
    public var rejected: Double
    public var retried: Double
    public var deadLettered: Double
    public var inFlight: Double
    public var consumers: Double
    public var connectionsUp: Double
    public var reconnects: Double
    public var latency: PrometheusExposition.Histogram?
    public var review: PrometheusExposition.Histogram?

    public init(url: String, exposition page: PrometheusExposition, takenAt: ContinuousClock.Instant = .now) {
        self.url = url
        self.takenAt = takenAt
        version = page.samples("planreview_build_info").first?.labels["version"]
        received = page.sum("planreview_jobs_received_total") ?? 0
        completed = page.sum("planreview_jobs_completed_total") ?? 0
        rejected = page.sum("planreview_jobs_rejected_total") ?? 0
        retried = page.sum("planreview_jobs_retried_total") ?? 0
        deadLettered = page.sum("planreview_jobs_dead_lettered_total") ?? 0
        inFlight = page.sum("planreview_jobs_in_flight") ?? 0
        consumers = page.sum("planreview_consumers") ?? 0
        connectionsUp = page.sum("planreview_connection_up") ?? 0
        reconnects = page.sum("planreview_reconnects_total") ?? 0
        latency = page.histogram("planreview_job_latency_seconds")
        review = page.histogram("planreview_review_duration_seconds")
    }

    /// Scrapes `url` (a worker's `http://host:port/metrics`; `host:port` alone is accepted).
    public static func scrape(_ url: String, timeoutSeconds: Double = 2) async throws -> WorkerMetricsSample {
        let normalized = normalize(url)
        guard let address = URL(string: normalized) else { throw PrometheusExposition.ParseError(line: 0, text: "bad URL \(url)") }
        let data: Data, response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: URLRequest(url: address, timeoutInterval: timeoutSeconds))
        } catch {
            // Foundation's URL errors print their whole user info; the description is what matters.
            throw ScrapeError(description: (error as NSError).userInfo[NSLocalizedDescriptionKey] as? String ?? "\(error)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else { throw ScrapeError(description: "\(normalized) answered HTTP \(status)") }
        return WorkerMetricsSample(url: normalized, exposition: try PrometheusExposition(parsing: String(decoding: data, as: UTF8.self)))
    }

    public struct ScrapeError: Error, CustomStringConvertible {
        public var description: String
    }

    /// `127.0.0.1:9464` -> `http://127.0.0.1:9464/metrics`; full URLs stay as they are.
    public static func normalize(_ url: String) -> String {
        var text = url
        if !text.contains("://") { text = "http://" + text }
        if let components = URLComponents(string: text), components.path.isEmpty || components.path == "/" {
            text = text.hasSuffix("/") ? text + "metrics" : text + "/metrics"
        }
        return text
    }
}

/// A worker as `planreview stats --json` reports it.
public struct WorkerStatistics: Sendable, Codable, Equatable {
    public var url: String
    public var up: Bool
    public var error: String?
    public var version: String?
    public var consumers: Int?
    public var connectionsUp: Int?
    public var inFlight: Int?
    public var received: Int?
    public var completed: Int?
    public var rejected: Int?
    public var retried: Int?
    public var deadLettered: Int?
    public var reconnects: Int?
    /// Completed jobs per second between the two samples; nil with one sample.
    public var jobsPerSecond: Double?
    /// Job latency (submission to confirmed result) and review duration quantiles, in seconds.
    public var latencyP50Seconds: Double?
    public var latencyP99Seconds: Double?
    public var reviewP50Seconds: Double?
    public var reviewP99Seconds: Double?
    /// `window` when the quantiles cover only the jobs completed between the two samples, `lifetime`
    /// when they cover everything since the worker started (no job completed in between).
    public var quantileScope: String?

    public init(url: String, error: String) {
        self.url = url
        self.up = false
        self.error = error
    }

    /// From the latest sample and, for rates and windowed quantiles, an earlier one of the same worker.
    public init(latest: WorkerMetricsSample, earlier: WorkerMetricsSample?) {
        url = latest.url
        up = true
        version = latest.version
        consumers = Int(latest.consumers)
        connectionsUp = Int(latest.connectionsUp)
        inFlight = Int(latest.inFlight)
        received = Int(latest.received)
        completed = Int(latest.completed)
        rejected = Int(latest.rejected)
        retried = Int(latest.retried)
        deadLettered = Int(latest.deadLettered)
        reconnects = Int(latest.reconnects)
        var latency = latest.latency, review = latest.review
        quantileScope = "lifetime"
        if let earlier {
            let seconds = Self.seconds(earlier.takenAt.duration(to: latest.takenAt))
            if seconds > 0, latest.completed >= earlier.completed { jobsPerSecond = (latest.completed - earlier.completed) / seconds }
            if let windowed = latest.latency.flatMap({ now in earlier.latency.map { now.since($0) } }), windowed.count > 0 {
                latency = windowed
                review = latest.review.flatMap { now in earlier.review.map { now.since($0) } } ?? review
                quantileScope = "window"
            }
        }
        latencyP50Seconds = latency?.quantile(0.5)
        latencyP99Seconds = latency?.quantile(0.99)
        reviewP50Seconds = review?.quantile(0.5)
        reviewP99Seconds = review?.quantile(0.99)
    }

    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
