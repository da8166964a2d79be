import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewTestKit
import Testing

/// The integrator's examples in docs/examples run against a real worker: each submits the contract's
/// example job with a correlation id and a reply queue and prints the verdict the worker gave.
@Suite(.serialized) struct ExampleClientsTests {
    static let examples = BrokerHarness.repository.appendingPathComponent("docs/examples")
    static let job = BrokerHarness.repository.appendingPathComponent("Config/samples/example-holbaek.json").path

    /// The verdict of the example job, as the reviewer gives it (the examples must print this one).
    static func expectedStatus() throws -> String {
        let result = BrokerHarness.reviewer.review(body: Array(try Data(contentsOf: URL(fileURLWithPath: job))), envelope: .init())
        return result.status.rawValue
    }

    @Test func thePythonClientGetsItsVerdict() async throws {
        let harness = try BrokerHarness()
        let expected = try Self.expectedStatus()
        let output = try await harness.withWorker {
            try BrokerHarness.run(
                URL(fileURLWithPath: "/usr/bin/env"),
                ["python3", Self.examples.appendingPathComponent("python/submit.py").path, Self.job, "--prefix", harness.topology.prefix, "--timeout", "30"]
            )
        }
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(output.stdout.contains(": \(expected)"), "printed: \(output.stdout)")
    }

    @Test func theJavaClientGetsItsVerdict() async throws {
        let classpath = "/usr/share/java/amqp-client.jar:/usr/share/java/slf4j-api.jar"
        let classes = FileManager.default.temporaryDirectory.appendingPathComponent("planreview-java-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: classes, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: classes) }
        let compiled = try BrokerHarness.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["javac", "-cp", classpath, "-d", classes.path, Self.examples.appendingPathComponent("java/Submit.java").path]
        )
        try #require(compiled.status == 0, "javac: \(compiled.stderr)")

        let harness = try BrokerHarness()
        let expected = try Self.expectedStatus()
        let output = try await harness.withWorker {
            try BrokerHarness.run(
                URL(fileURLWithPath: "/usr/bin/env"),
                ["java", "-cp", "\(classpath):\(classes.path)", "Submit", Self.job, "--prefix", harness.topology.prefix, "--timeout", "30"]
            )
        }
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(output.stdout.contains(": \(expected)"), "printed: \(output.stdout)")
    }
}
