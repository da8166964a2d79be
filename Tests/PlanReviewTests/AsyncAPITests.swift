import Foundation
import PlanReviewContract
import Testing

/// Config/asyncapi.yaml is the integrator's machine-readable interface: it is a valid AsyncAPI 3.0
/// document (checked with the `asyncapi3` object model from PyPI, which Scripts/setup installs) and it
/// names the exchanges and queues the worker declares (`Topology`).
@Suite struct AsyncAPITests {
    static let document = Fixtures.configDirectory + "/asyncapi.yaml"

    private static let validator = """
        import sys, warnings, yaml
        warnings.simplefilter("ignore")
        from asyncapi3.models.asyncapi import AsyncAPI3
        try:
            AsyncAPI3.model_validate(yaml.safe_load(open(sys.argv[1], encoding="utf-8")))
        except Exception as e:
            print(str(e)[:4000]); sys.exit(1)
        print("valid AsyncAPI 3.0")
        """

    static func validate(_ file: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", validator, file]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func theDocumentIsValidAsyncAPI3() throws {
        let (status, output) = try Self.validate(Self.document)
        #expect(status == 0, "\(output)")
        #expect(output.contains("valid AsyncAPI 3.0"))
    }

    /// The validator can fail: a document without its `info` object is refused.
    @Test func theValidatorRefusesABrokenDocument() throws {
        let text = try String(contentsOfFile: Self.document, encoding: .utf8)
        let broken = text.replacingOccurrences(of: "\ninfo:\n", with: "\ninformation:\n")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("asyncapi-broken-\(UUID().uuidString).yaml")
        try broken.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try Self.validate(file.path).status != 0)
    }

    /// Every exchange and the queues an integrator reads are in the document under their real names,
    /// with their real routing keys.
    @Test func itNamesTheTopologysExchangesQueuesAndKeys() throws {
        let text = try String(contentsOfFile: Self.document, encoding: .utf8)
        let topology = Topology()
        for exchange in topology.exchanges where exchange.name != topology.deadLetterExchange {
            #expect(text.contains("name: \(exchange.name)\n          type: \(exchange.type)"), "exchange \(exchange.name) (\(exchange.type))")
        }
        #expect(text.contains("`\(topology.deadLetterExchange)`"), "the dead-letter exchange is described")
        for queue in [topology.resultsQueue, topology.deadQueue] {
            #expect(text.contains("address: \(queue)\n"), "queue \(queue)")
        }
        #expect(topology.isStream(topology.resultsQueue) && text.contains("x-queue-type: stream"))
        #expect(text.contains("routing key `\(Topology.jobRoutingKey)`"))
        #expect(text.contains(Topology.resultsBindingKey) && text.contains(Topology.progressBindingKey))
        for type in [ContractTypes.job, ContractTypes.result] { #expect(text.contains("messageType: \(type)"), "\(type)") }
        for header in [ResultHeaders.status, ResultHeaders.contentHash, ResultHeaders.jobTimestampMilliseconds, JobHeaders.timestampMilliseconds] {
            #expect(text.contains("\(header):"), "header \(header)")
        }
    }
}
