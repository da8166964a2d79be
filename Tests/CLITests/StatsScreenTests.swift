import Foundation
import PlanReviewOps
import Testing

@testable import planreview

/// `stats` and `monitor` fit the terminal they draw on: 80×24 with the narrow layout.
@Suite struct StatsScreenTests {
    /// A report as `stats --json` prints it: the six queues of the topology and three workers.
    static func report(workers: Int = 3) throws -> StatsReport {
        let queues = ["jobs", "results", "retry.1", "retry.2", "retry.3", "dead"].map { name in
            """
            {"name": "planreview.\(name)", "exists": true, "ready": 123456, "unacked": 640, "consumers": 12, "publishRate": 2345.6,
             "deliverRate": 2345.6, "ackRate": 2345.6, "type": "quorum", "leader": "rabbit@a-long-node-name-of-a-cluster", "members": ["a", "b", "c"],
             "source": "management"}
            """
        }
        let workerRows = (0..<workers).map { i in
            """
            {"url": "http://planreview-worker-\(i).planreview.svc.cluster.local:9464/metrics", "up": \(i != 1), "error": \(i == 1 ? "\"connection refused by the host after a long wait of many seconds\"" : "null"),
             "consumers": 2, "inFlight": 128, "completed": 1234567, "jobsPerSecond": 1234.5, "latencyP50Seconds": 0.0042, "latencyP99Seconds": 0.25,
             "reviewP50Seconds": 0.00012, "reviewP99Seconds": 0.0031}
            """
        }
        let json = """
            {"time": "2026-12-01T12:00:00Z", "prefix": "planreview", "vhost": "/", "management": "ok", "amqp": "ok",
             "queues": [\(queues.joined(separator: ","))], "workers": [\(workerRows.joined(separator: ","))],
             "totals": {"workersUp": \(workers - 1), "jobsPerSecond": 2469.0, "completed": 2469134, "latencyP50Seconds": 0.0042,
                        "latencyP99Seconds": 0.25, "reviewP50Seconds": 0.00012, "reviewP99Seconds": 0.0031}}
            """
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(StatsReport.self, from: Data(json.utf8))
    }

    @Test(arguments: [80, 100])
    func theNarrowScreenFitsTheTerminal(columns: Int) throws {
        let lines = StatsScreen.render(try Self.report(), columns: columns)
        for line in lines { #expect(line.count <= columns, "\(line.count) columns: \(line)") }
        // The monitor adds a blank line, two summary lines and the quit hint: all within 24 rows.
        #expect(lines.count + 4 <= 24, "\(lines.count) lines")
        #expect(lines.contains { $0.contains("~ management API") }, "figures from the management API are marked")
    }

    @Test func aWideTerminalGetsTheFullTable() throws {
        let lines = StatsScreen.render(try Self.report(), columns: 200)
        #expect(lines.contains { $0.contains("rabbit@a-long-node-name-of-a-cluster") }, "the wide table shows quorum leaders")
    }

    @Test func theMonitorSummaryFitsToo() {
        let lines = MonitorHistory().narrowSummary(jobsQueue: nil, columns: 80, now: "1234.5", peak: "2345.6")
        #expect(lines.count == 2)
        for line in lines { #expect(line.count <= 80) }
    }
}
