import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewReports
import Testing
@testable import planreview


/// `planreview report` turns a result as the worker published it back into the reviewer's report.
@Suite struct ReportCommandTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("PlanReviewTests/Golden")

    static var goldenFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: golden.path)) ?? []).filter { $0.hasSuffix(".result.json") }.sorted()
    }

    @Test(arguments: goldenFiles)
    func everyGoldenResultRendersAsItsVerdict(_ name: String) throws {
        let data = try Data(contentsOf: Self.golden.appendingPathComponent(name))
        let results = try ReportCommand.results(in: data, file: name)
        let result = try #require(results.first)
        let report = PlanReport(result: result, ruleset: nil, planTitle: nil)
        let text = report.text(width: 100)
        #expect(text.contains(result.municipality?.name ?? "?"), "the report names the municipality")
        #expect(!text.contains("AFVIST") && !text.contains("REJECTED"), "a received result is not re-judged as rejected")
        #expect(report.html().contains("<svg"), "the HTML report has its chart")
    }

    @Test func jsonLinesPickTheRequestedJob() throws {
        let lines = try Self.goldenFiles.prefix(3).map { try String(contentsOf: Self.golden.appendingPathComponent($0), encoding: .utf8).replacingOccurrences(of: "\n", with: "") }
        let results = try ReportCommand.results(in: Data(lines.joined(separator: "\n").utf8), file: "lines.jsonl")
        #expect(results.count == 3)
        #expect(Set(results.map(\.jobId)).count == 3)
    }

    @Test func somethingElseIsAClearError() {
        #expect(throws: CLIError.self) { try ReportCommand.results(in: Data("{\"schema\": \"x\"}\n[1]".utf8), file: "x.json") }
    }
}
