import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
@testable import ReviewWorker
import Testing


/// The worker process's HTTP endpoint: /metrics, /healthz, /readyz.
@Suite(.serialized) struct MetricsEndpointTests {
    @Test func metricsListEveryWorkerMetricAndCountTheJobs() async throws {
        let harness = try BrokerHarness()
        let port = try BrokerHarness.freePort()
        let worker = try harness.startWorker(id: "metrics-worker", consumers: 2, metricsPort: port)
        defer { worker.process.terminate() }
        let ready = await BrokerHarness.eventually { await BrokerHarness.httpGet("http://127.0.0.1:\(port)/readyz")?.status == 200 }
        #expect(ready, "the worker becomes ready: \(worker.log)")

        let count = 20
        let nowMilliseconds = Int64(Date().timeIntervalSince1970 * 1000)
        for index in 0..<count {
            let jobId = "metrics-\(index)"
            try harness.channel.publish(
                exchange: harness.topology.jobsExchange, routingKey: Topology.jobRoutingKey, body: try BrokerHarness.exampleJob(jobId: jobId),
                properties: AMQPProperties(
                    contentType: "application/json", headers: [JobHeaders.timestampMilliseconds: .int64(nowMilliseconds)], deliveryMode: 2,
                    correlationId: jobId, replyTo: harness.replyQueue, messageId: jobId, timestamp: UInt64(nowMilliseconds / 1000)
                )
            )
        }
        #expect(try harness.collectResults(count).count == count)

        // The latency is recorded when the job is acked, just after its result was confirmed.
        var page = PrometheusExposition(samples: [])
        let counted = await BrokerHarness.eventually(seconds: 10) {
            guard let response = await BrokerHarness.httpGet("http://127.0.0.1:\(port)/metrics"), response.status == 200,
                let parsed = try? PrometheusExposition(parsing: response.body)
            else { return false }
            page = parsed
            return parsed.sum("planreview_job_latency_seconds_count") == Double(count)
        }
        #expect(counted)

        for name in WorkerMetrics.help.keys {
            let type = page.types[name]
            #expect(type != nil, "\(name) has a # TYPE line")
            let samples = type == "histogram" ? page.samples(name + "_bucket") : page.samples(name)
            #expect(!samples.isEmpty, "\(name) is exported")
        }
        #expect(page.types["planreview_jobs_received_total"] == "counter")
        #expect(page.types["planreview_review_duration_seconds"] == "histogram")
        #expect(page.types["planreview_jobs_in_flight"] == "gauge")
        #expect(page.samples("planreview_build_info").first?.labels["version"] == PlanReviewVersion.current)
        #expect(page.sum("planreview_build_info") == 1)
        #expect(page.sum("planreview_jobs_received_total") == Double(count))
        #expect(page.sum("planreview_jobs_completed_total") == Double(count))
        #expect(page.sum("planreview_jobs_completed_total", matching: ["status": "rejected"]) == 0)
        #expect(page.sum("planreview_review_duration_seconds_count") == Double(count))
        #expect(page.sum("planreview_consumers") == 2)
        #expect(page.sum("planreview_connection_up") == 2)
        #expect(page.sum("planreview_jobs_in_flight") == 0)
        // Buckets in seconds, as configured (a Timer's default buckets would start at 5 ms).
        let latencyBounds = page.histogram("planreview_job_latency_seconds")?.buckets.map(\.upperBound)
        #expect(latencyBounds == WorkerMetrics.histogramBuckets["planreview_job_latency_seconds"]!.map(BrokerHarness.seconds) + [.infinity])
        let reviewBounds = page.histogram("planreview_review_duration_seconds")?.buckets.map(\.upperBound)
        #expect(reviewBounds?.first == 0.00005)
        // Every review took more than nothing and less than the watchdog's deadline.
        let review = try #require(page.histogram("planreview_review_duration_seconds"))
        #expect(review.sum > 0 && review.sum < Double(count) * 20)

        #expect(await BrokerHarness.httpGet("http://127.0.0.1:\(port)/healthz")?.status == 200)
        #expect(await worker.stop() == 0)
    }

    @Test func readyOnlyWhileEveryConsumerConsumes() async throws {
        let harness = try BrokerHarness()
        let port = try BrokerHarness.freePort()
        // Nothing listens on the broker port: the consumers keep reconnecting.
        let worker = try harness.startWorker(id: "unready-worker", metricsPort: port, brokerURLs: ["amqp://guest:guest@127.0.0.1:1/%2F"])
        defer { worker.process.terminate() }
        let alive = await BrokerHarness.eventually { await BrokerHarness.httpGet("http://127.0.0.1:\(port)/healthz")?.status == 200 }
        #expect(alive, "liveness does not depend on the broker")
        let readiness = await BrokerHarness.httpGet("http://127.0.0.1:\(port)/readyz")
        #expect(readiness?.status == 503)
        #expect(readiness?.body.contains("consumer 0: ") == true)
        #expect(readiness?.body.contains("consuming") == false)
        let metrics = await BrokerHarness.httpGet("http://127.0.0.1:\(port)/metrics")
        let page = try PrometheusExposition(parsing: metrics?.body ?? "")
        #expect(page.sum("planreview_connection_up") == 0)
        let reconnected = await BrokerHarness.eventually(seconds: 10) {
            let body = await BrokerHarness.httpGet("http://127.0.0.1:\(port)/metrics")?.body ?? ""
            return ((try? PrometheusExposition(parsing: body))?.sum("planreview_reconnects_total") ?? 0) >= 1
        }
        #expect(reconnected, "failed connects count as reconnects")
        #expect(await worker.stop() == 0)
    }

    @Test func aPortInUseLeavesTheWorkerWorking() async throws {
        let harness = try BrokerHarness()
        // Hold a port with a listening socket of our own.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) == 0 && listen(listener, 1) == 0 && getsockname(listener, $0, &length) == 0 }
        }
        try #require(listening)
        let port = Int(UInt16(bigEndian: address.sin_port))

        let worker = try harness.startWorker(id: "busy-port-worker", metricsPort: port)
        defer { worker.process.terminate() }
        for index in 0..<5 { try harness.publish(try BrokerHarness.exampleJob(jobId: "busy-\(index)"), messageId: "busy-\(index)") }
        #expect(try harness.collectResults(5).count == 5, "jobs are answered without the metrics endpoint")
        #expect(worker.log.contains("metrics endpoint failed"))
        #expect(await worker.stop() == 0)
    }
}

extension BrokerHarness {
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
