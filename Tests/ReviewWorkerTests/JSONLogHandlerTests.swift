import Foundation
import Logging
import PlanReviewContract
@testable import ReviewWorker
import Synchronization
import Testing


/// The worker's JSON log lines: one valid JSON object per line, whatever the message holds.
@Suite struct JSONLogHandlerTests {
    /// Collects the lines a handler writes.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        var output: JSONLogHandler.Output { { line in self.lines.withLock { $0.append(line) } } }
    }

    static func object(_ line: String) throws -> [String: Any] {
        #expect(line.hasSuffix("\n"))
        #expect(line.dropLast().contains("\n") == false, "one line per entry")
        return try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    static let awkwardStrings = [
        "plain", "quote \" and backslash \\", "new\nline\r\ttab", "control \u{01}\u{1F}\u{7F}", "Holbæk Kommune ✓ 🌍",
        "line separators \u{2028}\u{2029}", "{\"json\": [1, 2]}", "",
    ]

    @Test(arguments: awkwardStrings)
    func awkwardStringsRoundTrip(_ text: String) throws {
        let line = JSONLogHandler.line(time: Date(timeIntervalSince1970: 0), level: .info, message: "\(text)", label: "l", metadata: ["job_id": "\(text)"])
        let object = try Self.object(line)
        #expect(object["message"] as? String == text)
        #expect(object["job_id"] as? String == text)
    }

    @Test func aLogLineCarriesTimeLevelMessageLabelAndFlattenedMetadata() throws {
        let lines = Lines()
        var logger = Logger(label: "planreview.worker") { label in
            var handler = JSONLogHandler(label: label, output: lines.output)
            handler.metadata["worker_id"] = "w-1"
            return handler
        }
        logger.logLevel = .debug
        logger.debug(
            "job reviewed",
            metadata: [
                "job_id": "job-7", "kommunekode": "316", "correlation_id": "c-9", "amqp_delivery_tag": "42",
                "message": "collides with a fixed key", "nested": ["list": ["a", "b"], "n": "1"],
            ]
        )
        logger.trace("below the level")
        let written = lines.all
        #expect(written.count == 1)
        let object = try Self.object(try #require(written.first))
        #expect(object["level"] as? String == "debug")
        #expect(object["message"] as? String == "job reviewed")
        #expect(object["_message"] as? String == "collides with a fixed key")
        #expect(object["label"] as? String == "planreview.worker")
        #expect(object["worker_id"] as? String == "w-1")
        #expect(object["job_id"] as? String == "job-7")
        #expect(object["kommunekode"] as? String == "316")
        #expect(object["correlation_id"] as? String == "c-9")
        #expect(object["amqp_delivery_tag"] as? String == "42")
        let nested = try #require(object["nested"] as? [String: Any])
        #expect(nested["list"] as? [String] == ["a", "b"])
        // ISO 8601 in UTC with milliseconds.
        let time = try #require(object["time"] as? String)
        #expect(time.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#, options: .regularExpression) != nil, "\(time)")
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (1_767_225_599.999, "2025-12-31T23:59:59.999Z"),
        (951_782_400.5, "2000-02-29T00:00:00.500Z"),
    ])
    func timestampsAreISO8601InUTC(_ seconds: Double, _ expected: String) {
        #expect(JSONLogHandler.timestamp(Date(timeIntervalSince1970: seconds)) == expected)
    }
}
