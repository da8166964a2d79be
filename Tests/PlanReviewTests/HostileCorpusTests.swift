import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewReports
import PlanReviewResources
import Testing

/// Every body of the hostile corpus (Tests/Corpus/hostile/MANIFEST.tsv) is answered `rejected`, with at
/// least one error that has a reason, and the problem the manifest expects among them.
///
/// The same corpus goes through the real queue in Tests/ReviewWorkerTests/HostileInputTests.swift.
@Suite struct HostileCorpusTests {
    @Test(arguments: HostileCorpus.cases)
    func isRejectedWithAReason(_ hostile: HostileCorpus.Case) throws {
        let body = try hostile.body()
        let result = HostileCorpus.reviewer.review(body: body, envelope: hostile.envelope)
        #expect(result.status == .rejected, "\(hostile.name)")
        let errors = try #require(result.errors, "\(hostile.name) lists its problems")
        #expect(!errors.isEmpty, "\(hostile.name)")
        #expect(errors.allSatisfy { !$0.reason.isEmpty }, "\(hostile.name): every error has a reason")
        #expect(
            errors.contains { $0.code.rawValue == hostile.expectedCode },
            "\(hostile.name): expected \(hostile.expectedCode), got \(errors.map(\.code.rawValue))"
        )
        let limits = HostileCorpus.reviewer.configuration.limits
        #expect(errors.count <= limits.maxIssues + 1, "\(hostile.name): the error list is capped")
        // Bounded whatever the body (issue 11): pointers, reasons and the whole result.
        #expect(errors.allSatisfy { $0.pointer.utf8.count <= limits.maxPointerBytes }, "\(hostile.name): \(errors.map(\.pointer.utf8.count).max() ?? 0)-byte pointer")
        #expect(errors.allSatisfy { $0.pointer.isEmpty || $0.pointer.hasPrefix("/") }, "\(hostile.name): pointers stay JSON Pointers")
        #expect(errors.allSatisfy { $0.reason.utf8.count <= ValidationLimits.maxReasonBytes }, "\(hostile.name)")
        if let more = errors.last, more.code == .tooManyIssues {
            #expect(errors.count == limits.maxIssues + 1, "\(hostile.name): \(more.reason)")
        }
        let bytes = result.jsonBytes()
        #expect(bytes.count <= limits.maxResultBytes - Reviewer.resultHeadroomBytes, "\(hostile.name): \(bytes.count)-byte result")
        // The result is valid JSON whatever the input was (no NaN, no raw bytes of the body).
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes))
        #expect((parsed as? [String: Any])?["status"] as? String == "rejected", "\(hostile.name)")
    }

    @Test func theCorpusHasEveryKindTheIssueAsksFor() {
        let names = Set(HostileCorpus.cases.map(\.name))
        #expect(names.count >= 80)
        for required in [
            "truncated-object", "nesting-10000-arrays", "number-1e400", "literal-nan", "literal-infinity",
            "invalid-utf8-ff", "nul-byte-in-string", "duplicate-key-jobid", "wrong-type-plan-array",
            "actions-200000-empty", "string-900k-jobid", "number-as-string-tco2e", "over-cap-2mib",
            "content-type-xml", "content-encoding-gzip",
            // Inside every limit but costly (issue 11): measured by `planreview-bench hostile`.
            "dup-keys-60-long-levels", "dup-keys-17k-big-result", "keys-1000-descending", "issues-200000-invalid-escapes",
        ] {
            #expect(names.contains(required), "\(required)")
        }
    }
}

/// Tests/Corpus/hostile: the manifest, the committed bodies, and the large ones `generate` writes.
enum HostileCorpus {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var file: String
        var expectedCode: String
        var envelope: JobEnvelope
        var testDescription: String { name }

        func body() throws -> [UInt8] {
            let path = file.hasPrefix("generated/") ? HostileCorpus.generated + "/" + file.dropFirst("generated/".count) : HostileCorpus.directory + "/" + file
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Corpus/hostile").path
    static let configDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Config").path

    static let reviewer: Reviewer = {
        do { return Reviewer(configuration: try ReviewConfiguration.load(configDirectory: configDirectory)) } catch { fatalError("cannot load \(configDirectory): \(error)") }
    }()

    /// The generated bodies, written once per test process into a temporary directory.
    static let generated: String = {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("planreview-hostile-\(ProcessInfo.processInfo.processIdentifier)").path
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/bin/bash")
        generator.arguments = [directory + "/generate", output]
        do { try generator.run() } catch { fatalError("cannot run \(directory)/generate: \(error)") }
        generator.waitUntilExit()
        precondition(generator.terminationStatus == 0, "\(directory)/generate failed")
        return output
    }()

    static let cases: [Case] = {
        guard let manifest = try? String(contentsOfFile: directory + "/MANIFEST.tsv", encoding: .utf8) else { return [] }
        return manifest.split(separator: "\n").compactMap { line -> Case? in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t").map(String.init)
            guard fields.count == 4 else { return nil }
            // A well-behaved submitter's properties, then the case's own.
            var envelope = JobEnvelope(messageId: nil, correlationId: "hostile-\(fields[0])", contentType: "application/json", type: ContractTypes.job)
            for property in fields[3].split(separator: ";") where property != "-" {
                let pair = property.split(separator: "=", maxSplits: 1).map(String.init)
                switch pair.first {
                case "content_type": envelope.contentType = pair.last
                case "content_encoding": envelope.contentEncoding = pair.last
                case "type": envelope.type = pair.last
                case "message_id": envelope.messageId = pair.last
                default: preconditionFailure("unknown property in MANIFEST.tsv: \(property)")
                }
            }
            return Case(name: fields[0], file: fields[1], expectedCode: fields[2], envelope: envelope)
        }
    }()
}
