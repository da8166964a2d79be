import AMQP
import ArgumentParser
import Foundation
import PlanReviewContract
import PlanReviewOps
import ReviewWorker

/// Where `stats` and `monitor` look: the management API and the workers' `/metrics`.
struct StatsSourceOptions: ParsableArguments {
    @Option(
        name: .customLong("management-url"),
        help: "RabbitMQ management API, http://user:password@host:15672 (default: $PLANREVIEW_MANAGEMENT_URL, else the first broker's host and credentials on port 15672)."
    )
    var managementURL: String?
    @Option(
        name: .customLong("worker-metrics"),
        parsing: .upToNextOption,
        help: "Workers' metrics endpoints, e.g. http://127.0.0.1:9464/metrics or 127.0.0.1:9464 (default: $PLANREVIEW_WORKER_METRICS, comma-separated)."
    )
    var workerMetrics: [String] = []

    var workerURLs: [String] {
        let given = workerMetrics.isEmpty ? [ProcessInfo.processInfo.environment["PLANREVIEW_WORKER_METRICS"] ?? ""] : workerMetrics
        return given.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func validate() throws {
        if let managementURL, ManagementAPI(url: managementURL) == nil {
            throw ValidationError("--management-url must be http(s)://[user:password@]host[:port]")
        }
    }

    func collector(connection: ConnectionOptions) throws -> StatsCollector {
        let brokers = try BrokerAddresses.resolve(flags: connection.amqpURLs)
        let url = managementURL ?? ProcessInfo.processInfo.environment["PLANREVIEW_MANAGEMENT_URL"] ?? brokers.first.map(ManagementAPI.defaultURL) ?? ""
        return StatsCollector(topology: connection.topology, brokers: brokers, management: ManagementAPI(url: url), workerURLs: workerURLs)
    }
}

/// `planreview stats`: one screen of queue depths, rates and consumers, and the workers' throughput and latency.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Queue depths, rates and consumers of the planreview queues, and the workers' throughput and latency.",
        discussion: """
            Queues (jobs, results, retry.N, dead): ready and consumers live from AMQP passive declares; unacked, \
            publish/deliver/ack rates, type and quorum leader from the management API when it answers (the broker \
            refreshes those every 5 s). Without the management API: counts only.

            Workers (--worker-metrics): two scrapes of each /metrics --interval apart give jobs/s; latency (job \
            timestamp to confirmed result) and review time p50/p99 come from their histograms, over the interval \
            when jobs completed in it, else since the worker started.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var sources: StatsSourceOptions
    @Option(help: "Seconds between the two scrapes of each worker (rates).") var interval: Double = 1
    @Flag(help: "Print the report as JSON (for scripts).") var json = false

    func validate() throws {
        if interval < 0 { throw ValidationError("--interval must not be negative") }
    }

    func run() async throws {
        let collector = try sources.collector(connection: connection)
        let first = await collector.scrapeWorkers()
        let queues = await collector.queues()
        var latest = first, earlier: [String: Result<WorkerMetricsSample, any Error>] = [:]
        if !collector.workerURLs.isEmpty, interval > 0 {
            try await Task.sleep(for: .seconds(interval))
            earlier = first
            latest = await collector.scrapeWorkers()
        }
        let report = collector.report(queues: queues, latest: latest, earlier: earlier)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(StatsScreen.render(report, columns: Terminal.columns() ?? StatsScreen.wideColumns).joined(separator: "\n"))
        }
        if queues.amqp != "ok", queues.management != "ok" { throw ExitCode(1) }
    }
}

/// The text of one stats screen (also each frame of `monitor`).
enum StatsScreen {
    /// Below this many columns the screen uses the narrow layout (fits 80×24).
    static let wideColumns = 130

    /// The screen for a terminal `columns` wide: the full table from 130 columns, else the narrow one.
    static func render(_ report: StatsReport, columns: Int = wideColumns) -> [String] {
        columns >= wideColumns ? renderWide(report) : renderNarrow(report, columns: columns)
    }

    /// 80 columns and at most 24 lines for the queues and a few workers: the live counts (passive
    /// declares), the consumers and the ack rate; figures from the management API, which the broker
    /// refreshes every 5 s, are marked with `~`.
    static func renderNarrow(_ report: StatsReport, columns: Int) -> [String] {
        let time = ISO8601DateFormatter().string(from: report.time)
        var lines = [fit("planreview \(report.prefix)  \(report.vhost)  \(time)", columns), ""]
        let widths = [26, 8, 9, 5, 8, 8]
        lines.append(row(["queue", "ready", "unacked~", "cons", "ack/s~", "type~"], widths))
        for queue in report.queues {
            guard queue.exists else {
                lines.append(row([queue.name, "(missing)"], [widths[0], 12]))
                continue
            }
            let name = queue.name.hasPrefix(report.prefix + ".") ? String(queue.name.dropFirst(report.prefix.count + 1)) : queue.name
            lines.append(row([name, count(queue.ready), count(queue.unacked), count(queue.consumers), rate(queue.ackRate), queue.type ?? "-"], widths))
        }
        if report.management != "ok" {
            lines.append(fit("~ management API: \(report.management) (counts only)", columns))
        } else {
            lines.append("~ management API, refreshed by the broker every 5 s")
        }
        if report.amqp != "ok" { lines.append(fit("AMQP: \(report.amqp)", columns)) }
        guard !report.workers.isEmpty else {
            lines.append("workers: none given (--worker-metrics URL...)")
            return lines
        }
        lines.append("")
        let workerWidths = [24, 3, 7, 9, 8, 9, 9]
        lines.append(row(["worker", "up", "flight", "done", "jobs/s", "lat p99", "rev p99"], workerWidths))
        for worker in report.workers.prefix(8) {
            let url = worker.url.replacingOccurrences(of: "http://", with: "").replacingOccurrences(of: "/metrics", with: "")
            guard worker.up else {
                lines.append(fit(row([url, "no", worker.error ?? ""], [workerWidths[0], workerWidths[1], 40]), columns))
                continue
            }
            lines.append(
                row(
                    [url, "yes", count(worker.inFlight), count(worker.completed), rate(worker.jobsPerSecond), duration(worker.latencyP99Seconds), duration(worker.reviewP99Seconds)],
                    workerWidths
                )
            )
        }
        if report.workers.count > 8 { lines.append("… \(report.workers.count - 8) more workers") }
        let totals = report.totals
        lines.append(
            row(
                ["all", "\(totals.workersUp)/\(report.workers.count)", "", count(totals.completed), rate(totals.jobsPerSecond), duration(totals.latencyP99Seconds), duration(totals.reviewP99Seconds)],
                workerWidths
            )
        )
        return lines
    }

    /// Cuts a line to `columns` characters (with an ellipsis).
    static func fit(_ line: String, _ columns: Int) -> String {
        line.count <= columns ? line : String(line.prefix(max(1, columns - 1))) + "…"
    }

    static func renderWide(_ report: StatsReport) -> [String] {
        var lines: [String] = []
        let time = ISO8601DateFormatter().string(from: report.time)
        lines.append("planreview stats  \(time)  prefix \(report.prefix)  vhost \(report.vhost)")
        lines.append("")
        lines.append(row(["queue", "ready", "unacked", "consumers", "publish/s", "deliver/s", "ack/s", "type", "leader"], queueWidths))
        for queue in report.queues {
            guard queue.exists else {
                lines.append(row([queue.name, "(does not exist)"], [queueWidths[0], 20]))
                continue
            }
            lines.append(
                row(
                    [
                        queue.name, count(queue.ready), count(queue.unacked), count(queue.consumers), rate(queue.publishRate), rate(queue.deliverRate),
                        rate(queue.ackRate), queue.type ?? "-", queue.leader.map { $0 + (queue.members.map { " (\($0.count) member\($0.count == 1 ? "" : "s"))" } ?? "") } ?? "-",
                    ],
                    queueWidths
                )
            )
        }
        if report.management != "ok" {
            lines.append("management API: \(report.management); counts from passive declares only")
        }
        if report.amqp != "ok" {
            lines.append("AMQP: \(report.amqp)")
        }
        guard !report.workers.isEmpty else {
            lines.append("")
            lines.append("workers: none given (--worker-metrics URL...)")
            return lines
        }
        lines.append("")
        lines.append(row(["worker", "up", "consumers", "in flight", "completed", "jobs/s", "latency p50/p99", "review p50/p99"], workerWidths))
        for worker in report.workers {
            guard worker.up else {
                let error = worker.error ?? ""
                lines.append(row([worker.url, "no", error.count > 100 ? error.prefix(99) + "…" : error], [workerWidths[0], workerWidths[1], 60]))
                continue
            }
            lines.append(
                row(
                    [
                        worker.url, "yes", count(worker.consumers), count(worker.inFlight), count(worker.completed), rate(worker.jobsPerSecond),
                        pair(worker.latencyP50Seconds, worker.latencyP99Seconds), pair(worker.reviewP50Seconds, worker.reviewP99Seconds),
                    ],
                    workerWidths
                )
            )
        }
        let totals = report.totals
        lines.append(
            row(
                [
                    "all workers", "\(totals.workersUp)/\(report.workers.count)", "", "", count(totals.completed), rate(totals.jobsPerSecond),
                    pair(totals.latencyP50Seconds, totals.latencyP99Seconds), pair(totals.reviewP50Seconds, totals.reviewP99Seconds),
                ],
                workerWidths
            )
        )
        return lines
    }

    static let queueWidths = [28, 9, 9, 10, 10, 10, 9, 8, 30]
    static let workerWidths = [34, 6, 10, 10, 10, 9, 20, 20]

    /// Columns: the first left-aligned, numbers right-aligned, the last two left-aligned.
    static func row(_ cells: [String], _ widths: [Int]) -> String {
        var line = ""
        for (index, cell) in cells.enumerated() {
            let width = index < widths.count ? widths[index] : cell.count
            let text = cell.count > width && index == 0 ? "…" + cell.suffix(width - 1) : cell
            if index == 0 || index >= cells.count - 2 && cells.count > 3 {
                line += text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) + " "
            } else {
                line += String(repeating: " ", count: max(0, width - text.count)) + text + " "
            }
        }
        return String(line.reversed().drop(while: { $0 == " " }).reversed())
    }

    static func count(_ value: Int?) -> String { value.map(String.init) ?? "-" }

    static func rate(_ value: Double?) -> String {
        guard let value else { return "-" }
        return value >= 100 ? String(format: "%.0f", value) : String(format: "%.1f", value)
    }

    static func pair(_ p50: Double?, _ p99: Double?) -> String {
        guard p50 != nil || p99 != nil else { return "-" }
        return "\(duration(p50)) / \(duration(p99))"
    }

    /// `850µs`, `12.3ms`, `4.2s`.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds else { return "-" }
        switch seconds {
        case ..<0.001: return String(format: "%.0fµs", seconds * 1e6)
        case ..<1: return String(format: seconds < 0.01 ? "%.1fms" : "%.0fms", seconds * 1e3)
        default: return String(format: "%.1fs", seconds)
        }
    }
}
