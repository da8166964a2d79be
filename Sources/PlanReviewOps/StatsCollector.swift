import PlanReviewContract
import AMQP
import Foundation

/// Everything `planreview stats` shows, as `--json` prints it.
public struct StatsReport: Sendable, Codable {
    public var time: Date
    public var prefix: String
    public var vhost: String
    /// `ok`, or why the management API gave no numbers (then rates and unacked are missing).
    public var management: String
    /// `ok`, or why the passive declares failed.
    public var amqp: String
    public var queues: [QueueStatistics]
    public var workers: [WorkerStatistics]
    /// Over every worker that answered.
    public var totals: Totals

    public struct Totals: Sendable, Codable, Equatable {
        public var workersUp: Int
        public var jobsPerSecond: Double?
        public var completed: Int?
        public var latencyP50Seconds: Double?
        public var latencyP99Seconds: Double?
        public var reviewP50Seconds: Double?
        public var reviewP99Seconds: Double?
    }

    public func queue(_ name: String) -> QueueStatistics? { queues.first { $0.name == name } }
}

/// Collects queue statistics (management API and passive declares) and worker metrics (their
/// `/metrics`). Keeps one AMQP connection across calls (monitor asks every second); not thread safe.
public final class StatsCollector {
    public let topology: Topology
    public let brokers: [AMQPConfiguration]
    public let management: ManagementAPI?
    public let workerURLs: [String]
    private var connection: AMQPConnection?

    public init(topology: Topology, brokers: [AMQPConfiguration], management: ManagementAPI?, workerURLs: [String]) {
        self.topology = topology
        self.brokers = brokers
        self.management = management
        self.workerURLs = workerURLs.map(WorkerMetricsSample.normalize)
    }

    deinit { connection?.close() }

    public var vhost: String { brokers.first?.virtualHost ?? "/" }

    /// The planreview queues in display order: jobs, quarantine, results, retry.1..n, dead.
    public var queueNames: [String] {
        [topology.jobsQueue, topology.quarantineQueue, topology.resultsQueue] + topology.retryQueues + [topology.deadQueue]
    }

    /// Every queue, from both sources where they answer; the two status strings say what failed.
    public func queues() async -> (queues: [QueueStatistics], amqp: String, management: String) {
        let names = queueNames
        var live: [QueueStatistics] = names.map { QueueStatistics(name: $0) }
        var amqpStatus = "ok"
        do {
            live = try QueueStatistics.passive(names, on: try openConnection())
        } catch {
            connection?.close()
            connection = nil
            amqpStatus = "\(error)" + ((error as? AMQPError)?.nextStep.map { " " + $0 } ?? "")
        }
        var managed: [String: QueueStatistics] = [:]
        var managementStatus = management == nil ? "not configured" : "ok"
        if let management {
            do {
                for name in names {
                    if let stats = try await management.queue(name, vhost: vhost) { managed[name] = stats }
                }
            } catch {
                managed = [:]
                managementStatus = "\(error)"
            }
        }
        let merged = live.map { queue in
            var merged = queue.merging(management: managed[queue.name])
            // Only the management API answered, and it does not know the queue.
            if managementStatus == "ok", amqpStatus != "ok", managed[queue.name] == nil { merged.exists = false }
            return merged
        }
        return (merged, amqpStatus, managementStatus)
    }

    /// One scrape of every worker (concurrently); failures are kept per URL.
    public func scrapeWorkers() async -> [String: Result<WorkerMetricsSample, any Error>] {
        await withTaskGroup(of: (String, Result<WorkerMetricsSample, any Error>).self) { group in
            for url in workerURLs {
                group.addTask {
                    do { return (url, .success(try await WorkerMetricsSample.scrape(url))) } catch { return (url, .failure(error)) }
                }
            }
            var results: [String: Result<WorkerMetricsSample, any Error>] = [:]
            for await (url, result) in group { results[url] = result }
            return results
        }
    }

    /// A report from queue statistics and two rounds of worker samples (`earlier` may be empty).
    public func report(
        queues: (queues: [QueueStatistics], amqp: String, management: String),
        latest: [String: Result<WorkerMetricsSample, any Error>],
        earlier: [String: Result<WorkerMetricsSample, any Error>]
    ) -> StatsReport {
        var workers: [WorkerStatistics] = []
        var latestSamples: [WorkerMetricsSample] = []
        var earlierSamples: [WorkerMetricsSample] = []
        for url in workerURLs {
            switch latest[url] {
            case .success(let sample):
                let before = try? earlier[url]?.get()
                workers.append(WorkerStatistics(latest: sample, earlier: before))
                latestSamples.append(sample)
                if let before { earlierSamples.append(before) }
            case .failure(let error):
                workers.append(WorkerStatistics(url: url, error: "\(error)"))
            case nil:
                workers.append(WorkerStatistics(url: url, error: "not scraped"))
            }
        }
        return StatsReport(
            time: Date(), prefix: topology.prefix, vhost: vhost, management: queues.management, amqp: queues.amqp,
            queues: queues.queues, workers: workers, totals: Self.totals(workers: workers, latest: latestSamples, earlier: earlierSamples)
        )
    }

    /// Throughput summed over workers; quantiles from their histograms added together (windowed when
    /// every worker has an earlier sample and some job completed in between).
    static func totals(workers: [WorkerStatistics], latest: [WorkerMetricsSample], earlier: [WorkerMetricsSample]) -> StatsReport.Totals {
        func merged(_ histograms: [PrometheusExposition.Histogram?]) -> PrometheusExposition.Histogram? {
            let present = histograms.compactMap { $0 }
            guard var total = present.first else { return nil }
            for histogram in present.dropFirst() { total = total.adding(histogram) }
            return total
        }
        var latency = merged(latest.map(\.latency)), review = merged(latest.map(\.review))
        if earlier.count == latest.count, !earlier.isEmpty,
            let before = merged(earlier.map(\.latency)), let now = latency, now.since(before).count > 0
        {
            latency = now.since(before)
            if let reviewBefore = merged(earlier.map(\.review)) { review = review?.since(reviewBefore) }
        }
        let up = workers.filter(\.up)
        let rates = up.compactMap(\.jobsPerSecond)
        return StatsReport.Totals(
            workersUp: up.count,
            jobsPerSecond: rates.isEmpty ? nil : rates.reduce(0, +),
            completed: up.isEmpty ? nil : up.compactMap(\.completed).reduce(0, +),
            latencyP50Seconds: latency?.quantile(0.5), latencyP99Seconds: latency?.quantile(0.99),
            reviewP50Seconds: review?.quantile(0.5), reviewP99Seconds: review?.quantile(0.99)
        )
    }

    private func openConnection() throws -> AMQPConnection {
        if let connection, connection.isOpen { return connection }
        var lastError: (any Error)?
        for var broker in brokers {
            broker.connectionName = "planreview stats"
            broker.connectTimeoutSeconds = min(broker.connectTimeoutSeconds, 3)
            do {
                let opened = try AMQPConnection(broker)
                connection = opened
                return opened
            } catch { lastError = error }
        }
        throw lastError ?? ManagementAPI.Failure(description: "no broker address")
    }
}
