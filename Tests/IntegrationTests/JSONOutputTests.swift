import Foundation
import PlanReviewTestKit
import Testing

/// Every `--json` output of `planreview` is pure JSON on standard output (one document, or JSON lines
/// for `results`); summaries and progress go to standard error (issue 14: `results --json` mixed a
/// summary into stdout). Read back as a script would, each line through JSONSerialization.
@Suite(.serialized) struct JSONOutputTests {
    /// Each non-empty line of stdout is one JSON value (JSON lines), or the whole of it is one document.
    static func isPureJSON(_ stdout: String, lines: Bool) -> Bool {
        let documents = lines ? stdout.split(separator: "\n").map(String.init) : [stdout]
        return !documents.isEmpty && documents.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed])) != nil }
    }

    @Test func everyJSONOutputIsPureJSON() async throws {
        let harness = try BrokerHarness()
        try await harness.withWorker {
            for index in 0..<2 { _ = try harness.publish(try BrokerHarness.exampleJob(jobId: "json-output-\(index)")) }
            #expect(try harness.collectResults(2).count == 2)
        }
        try DLQTests.deadLetters(harness)
        let commands: [(arguments: [String], lines: Bool)] = [
            (["results", "--json", "--drain", "--idle", "1"], true),
            (["results", "--json", "--drain", "--idle", "1", "--summary"], true),
            (["stats", "--json"], false),
            (["dlq", "list", "--json"], false),
            (["dlq", "show", "dead-retried", "--json"], false),
            (["dlq", "replay", "--job-id", "dead-other", "--json"], false),
            (["topology", "definitions"], false),
        ]
        for (arguments, lines) in commands {
            let output = try harness.runCLI(arguments)
            #expect(output.status == 0, "\(arguments): \(output.stderr)")
            #expect(Self.isPureJSON(output.stdout, lines: lines), "\(arguments.joined(separator: " ")) printed more than JSON:\n\(output.stdout.prefix(400))")
        }
        let summary = try harness.runCLI(["results", "--json", "--drain", "--idle", "1", "--summary"])
        #expect(summary.stdout.split(separator: "\n").count == 2, "one line per result")
        #expect(summary.stderr.contains("2 distinct job ids"), "the summary goes to stderr: \(summary.stderr)")
    }
}
