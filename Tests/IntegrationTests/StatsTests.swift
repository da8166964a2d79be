import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
@testable import ReviewWorker
import Testing


/// The Prometheus text parser and histogram quantiles that `planreview stats` reads workers with.
@Suite struct PrometheusExpositionTests {
    static let page = """
        # HELP planreview_jobs_completed_total Jobs reviewed.
        # TYPE planreview_jobs_completed_total counter
        planreview_jobs_completed_total{status="compliant"} 7
        planreview_jobs_completed_total{status="rejected"} 3 1700000000000
        # TYPE odd gauge
        odd{path="C:\\\\dir",quote="say \\"hi\\"",nl="a\\nb",} 1.5e3
        # TYPE lat_seconds histogram
        lat_seconds_bucket{le="0.1"} 2
        lat_seconds_bucket{le="0.5"} 6
        lat_seconds_bucket{le="1.0"} 10
        lat_seconds_bucket{le="+Inf"} 10
        lat_seconds_sum 4.2
        lat_seconds_count 10
        nan_gauge NaN
        """

    @Test func parsesSamplesLabelsEscapesAndTypes() throws {
        let page = try PrometheusExposition(parsing: Self.page)
        #expect(page.types["planreview_jobs_completed_total"] == "counter")
        #expect(page.types["lat_seconds"] == "histogram")
        #expect(page.sum("planreview_jobs_completed_total") == 10)
        #expect(page.sum("planreview_jobs_completed_total", matching: ["status": "rejected"]) == 3)
        let odd = try #require(page.samples("odd").first)
        #expect(odd.value == 1500)
        #expect(odd.labels == ["path": "C:\\dir", "quote": "say \"hi\"", "nl": "a\nb"])
        #expect(page.samples("nan_gauge").first?.value.isNaN == true)
        let histogram = try #require(page.histogram("lat_seconds"))
        #expect(histogram.buckets.map(\.upperBound) == [0.1, 0.5, 1.0, .infinity])
        #expect(histogram.count == 10)
        #expect(histogram.sum == 4.2)
        #expect(page.histogram("missing") == nil)
    }

    @Test(arguments: ["no_value", "bad{le=\"1\" 2", "9starts_with_digit 1", "name{label=unquoted} 1", "name 1 2 3"])
    func rejectsWhatIsNotASample(_ line: String) {
        #expect(throws: PrometheusExposition.ParseError.self) { try PrometheusExposition(parsing: line) }
    }

    static let histogram = PrometheusExposition.Histogram(
        buckets: [.init(upperBound: 0.1, cumulativeCount: 2), .init(upperBound: 0.5, cumulativeCount: 6), .init(upperBound: 1, cumulativeCount: 10), .init(upperBound: .infinity, cumulativeCount: 10)],
        sum: 4.2, count: 10
    )

    /// Expected values by hand, as Prometheus' histogram_quantile interpolates: rank q·10, linear within the bucket.
    @Test(arguments: [
        (0.0, 0.0),  // rank 0 lies in the first bucket, which starts at 0
        (0.1, 0.05),  // rank 1 of 2 in [0, 0.1]
        (0.2, 0.1),  // rank 2: the top of the first bucket
        (0.5, 0.4),  // rank 5: 3 of the 4 in (0.1, 0.5] -> 0.1 + 0.4 * 3/4
        (0.99, 0.9875),  // rank 9.9: 3.9 of the 4 in (0.5, 1] -> 0.5 + 0.5 * 3.9/4
        (1.0, 1.0),
    ])
    func quantilesInterpolateWithinTheBucket(_ q: Double, _ expected: Double) throws {
        let value = try #require(Self.histogram.quantile(q))
        #expect(abs(value - expected) < 1e-9, "q=\(q): \(value)")
    }

    @Test func aRankInTheInfiniteBucketGivesTheHighestFiniteBound() throws {
        let overflowing = PrometheusExposition.Histogram(
            buckets: [.init(upperBound: 0.1, cumulativeCount: 1), .init(upperBound: 1, cumulativeCount: 2), .init(upperBound: .infinity, cumulativeCount: 10)],
            sum: 100, count: 10
        )
        #expect(overflowing.quantile(0.99) == 1)
        #expect(PrometheusExposition.Histogram(buckets: [.init(upperBound: .infinity, cumulativeCount: 0)], sum: 0, count: 0).quantile(0.5) == nil)
        #expect(Self.histogram.quantile(1.5) == nil)
    }

    @Test func windowsAndSumsOfHistograms() throws {
        let earlier = PrometheusExposition.Histogram(
            buckets: [.init(upperBound: 0.1, cumulativeCount: 2), .init(upperBound: 0.5, cumulativeCount: 2), .init(upperBound: 1, cumulativeCount: 2), .init(upperBound: .infinity, cumulativeCount: 2)],
            sum: 0.1, count: 2
        )
        let window = Self.histogram.since(earlier)
        #expect(window.count == 8)
        #expect(window.buckets.map(\.cumulativeCount) == [0, 4, 8, 8])
        // The window holds only the slower jobs: its median is higher than the lifetime's.
        #expect(try #require(window.quantile(0.5)) > (try #require(Self.histogram.quantile(0.5))))
        #expect(Self.histogram.adding(earlier).count == 12)
        // A restarted worker (counts went down) is not subtracted.
        #expect(earlier.since(Self.histogram) == earlier)
    }

    @Test(arguments: [("127.0.0.1:9464", "http://127.0.0.1:9464/metrics"), ("http://h:1/", "http://h:1/metrics"), ("http://h:1/custom", "http://h:1/custom")])
    func workerURLsAreCompleted(_ given: String, _ expected: String) {
        #expect(WorkerMetricsSample.normalize(given) == expected)
    }
}

/// `planreview stats` against the broker and a worker.
@Suite(.serialized) struct StatsTests {
    static func report(_ output: BrokerHarness.CommandOutput) throws -> StatsReport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(StatsReport.self, from: Data(output.stdout.utf8))
    }

    func publish(_ harness: BrokerHarness, jobs: Int, deadLetters: Int) throws {
        for index in 0..<jobs { try harness.publish(Array("{}".utf8), messageId: "stats-\(index)") }
        for index in 0..<deadLetters {
            try harness.channel.publish(exchange: harness.topology.deadLetterExchange, routingKey: "", body: Array("{}".utf8), properties: AMQPProperties(messageId: "dead-\(index)"))
        }
        try awaitConfirms(harness, jobs + deadLetters)
    }

    func awaitConfirms(_ harness: BrokerHarness, _ count: Int) throws {
        var confirmed: UInt64 = 0
        let deadline = ContinuousClock.now + .seconds(30)
        while confirmed < UInt64(count), ContinuousClock.now < deadline {
            if case .confirm(let confirm) = try harness.connection.nextEvent(timeout: .milliseconds(100)) { confirmed = max(confirmed, confirm.deliveryTag) }
        }
        try #require(confirmed == UInt64(count))
    }

    @Test func countsMatchWhatIsInTheQueues() async throws {
        let harness = try BrokerHarness()
        try publish(harness, jobs: 17, deadLetters: 3)
        let output = try harness.runCLI(["stats", "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        let report = try Self.report(output)
        #expect(report.amqp == "ok")
        #expect(report.prefix == harness.topology.prefix)
        #expect(report.queues.map(\.name) == [harness.topology.jobsQueue, harness.topology.quarantineQueue, harness.topology.resultsQueue] + harness.topology.retryQueues + [harness.topology.deadQueue])
        #expect(report.queue(harness.topology.jobsQueue)?.ready == 17)
        #expect(report.queue(harness.topology.jobsQueue)?.consumers == 0)
        #expect(report.queue(harness.topology.deadQueue)?.ready == 3)
        #expect(report.queue(harness.topology.resultsQueue)?.ready == 0)

        // The management API has the same numbers once the broker has refreshed them (every 5 s).
        var managed: QueueStatistics?
        let refreshed = await BrokerHarness.eventually(seconds: 20) {
            let report = try? Self.report(try harness.runCLI(["stats", "--json"]))
            managed = report?.queue(harness.topology.jobsQueue)
            return managed?.source == .both && managed?.unacked == 0 && managed?.type == "quorum"
        }
        #expect(refreshed, "the management API answers for \(harness.topology.jobsQueue): \(String(describing: managed))")
        #expect(managed?.ready == 17)
        #expect(managed?.members?.isEmpty == false)

        // Without the management API: counts from passive declares only.
        let fallback = try Self.report(try harness.runCLI(["stats", "--json", "--management-url", "http://127.0.0.1:1"]))
        #expect(fallback.management != "ok")
        #expect(fallback.queue(harness.topology.jobsQueue)?.ready == 17)
        #expect(fallback.queue(harness.topology.jobsQueue)?.source == .amqp)
        #expect(fallback.queue(harness.topology.jobsQueue)?.publishRate == nil)

        // A prefix nobody declared: the queues do not exist.
        let missing = try Self.report(try harness.runCLI(["stats", "--json", "--prefix", "\(harness.topology.prefix)-none"], prefixed: false))
        #expect(missing.queues.allSatisfy { !$0.exists })

        let text = try harness.runCLI(["stats"])
        #expect(text.stdout.contains(harness.topology.jobsQueue))
    }

    @Test func workersThroughputAndLatencyComeFromTheirMetrics() async throws {
        let harness = try BrokerHarness()
        let port = try BrokerHarness.freePort()
        let worker = try harness.startWorker(id: "stats-worker", metricsPort: port)
        defer { worker.process.terminate() }
        let count = 50
        for index in 0..<count { try harness.publish(try BrokerHarness.exampleJob(jobId: "s-\(index)"), messageId: "s-\(index)") }
        #expect(try harness.collectResults(count).count == count)
        var report: StatsReport?
        let counted = await BrokerHarness.eventually(seconds: 10) {
            report = try? Self.report(try harness.runCLI(["stats", "--json", "--interval", "0.2", "--worker-metrics", "127.0.0.1:\(port)", "http://127.0.0.1:1/metrics"]))
            return report?.workers.first?.completed == count
        }
        #expect(counted, "\(String(describing: report))")
        // Once every job is counted, nothing completes between the two scrapes of one more run.
        report = try? Self.report(try harness.runCLI(["stats", "--json", "--interval", "0.2", "--worker-metrics", "127.0.0.1:\(port)", "http://127.0.0.1:1/metrics"]))
        let up = try #require(report?.workers.first)
        #expect(up.up)
        #expect(up.url == "http://127.0.0.1:\(port)/metrics")
        #expect(up.consumers == 1)
        #expect(up.version == PlanReviewVersion.current)
        #expect(up.jobsPerSecond != nil)
        #expect(up.quantileScope == "lifetime", "no job completed between the two scrapes")
        let p50 = try #require(up.latencyP50Seconds), p99 = try #require(up.latencyP99Seconds)
        #expect(p50 > 0 && p50 <= p99)
        #expect(up.reviewP50Seconds != nil)
        let down = try #require(report?.workers.last)
        #expect(!down.up && down.error != nil)
        #expect(report?.totals.workersUp == 1)
        #expect(report?.totals.completed == count)
        #expect(await worker.stop() == 0)
    }
}
