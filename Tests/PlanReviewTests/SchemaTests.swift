import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewReports
import PlanReviewResources
import Testing

/// The JSON Schemas in Config/schemas/ agree with the types: the example job, every sample,
/// generated jobs and produced results (accepted and rejected) validate against them with
/// python3's `jsonschema` (Draft 2020-12).
@Suite struct SchemaTests {
    private static let validator = """
        import json, sys, pathlib
        try:
            import jsonschema
        except ImportError:
            print("SKIP: python3 has no jsonschema module"); sys.exit(0)
        schemas, files = sys.argv[1], sys.argv[2:]
        # Every schema of the directory by its $id, so that the progress schemas' references to
        # job.v1.schema.json resolve locally.
        from referencing import Registry, Resource
        loaded = {p.name: json.load(open(p, encoding="utf-8")) for p in pathlib.Path(schemas).glob("*.schema.json")}
        registry = Registry().with_resources([(s["$id"], Resource.from_contents(s)) for s in loaded.values()])
        failures = 0
        for f in files:
            name = pathlib.Path(f).name
            kind = next(k for k in ("progress-result", "progress", "result", "job") if name.startswith(k))
            schema = loaded[f"{kind}.v1.schema.json"]
            jsonschema.Draft202012Validator.check_schema(schema)
            for e in jsonschema.Draft202012Validator(schema, registry=registry).iter_errors(json.load(open(f, encoding="utf-8"))):
                failures += 1
                print(f"{f}: {'/'.join(map(str, e.absolute_path))}: {e.message[:300]}")
        print(f"checked {len(files)} files, {failures} problems")
        sys.exit(1 if failures else 0)
        """

    @Test func documentsValidateAgainstTheSchemas() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("planreview-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        func write(_ name: String, _ bytes: [UInt8]) throws {
            let url = dir.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            files.append(url.path)
        }
        // The contract's example, every sample, generated jobs.
        try write("job-example.json", Fixtures.exampleJob)
        for sample in Fixtures.sampleFiles() { try write("job-sample-\(files.count).json", Fixtures.read(sample)) }
        var generator = SampleGenerator(seed: 99)
        var generated: [[UInt8]] = []
        for code in [101, 147, 316, 461, 751, 851] {
            let bytes = SampleGenerator.jsonBytes(generator.job(for: Fixtures.municipality(code)))
            generated.append(bytes)
            try write("job-generated-\(code).json", bytes)
        }
        // Results: the example's, generated ones (with worker and timings), rejected ones.
        var results = [Fixtures.reviewer.review(body: Fixtures.exampleJob)]
        for bytes in generated {
            var r = Fixtures.reviewer.review(body: bytes, envelope: JobEnvelope(correlationId: "c-1"))
            r.worker = WorkerInfo(id: "worker-1", version: "0.1.0")
            r.timings = ReviewTimings(reviewMicroseconds: 31.5, encodeMicroseconds: 4)
            results.append(r)
        }
        results.append(Fixtures.reviewer.review(body: Array("not json".utf8), envelope: JobEnvelope(messageId: "m-1")))
        results.append(Fixtures.reviewExample { $0.set(["municipality", "code"], 999) })
        results.append(Fixtures.reviewExample { $0.set(["plan", "inventory"], nil) })
        results.append(Fixtures.reviewExample { $0["ruleset"] = "nope" })
        // Every `detail` level (standard is the default above).
        for detail in ["summary", "full", "unknown-word"] { results.append(Fixtures.reviewExample { $0["detail"] = detail }) }
        for r in results { try write("result-\(files.count).json", r.jsonBytes()) }
        // Progress jobs (Config/samples/progress/) and their results: the samples', one from the
        // worker (worker, timings, correlationId), and rejected ones.
        let progressReviewer = ProgressReviewer(configuration: Fixtures.configuration)
        for sample in ProgressTests.samples {
            let body = Fixtures.read(ProgressTests.samplePath(sample))
            try write("progress-job-\(files.count).json", body)
            try write("progress-result-\(files.count).json", progressReviewer.review(body: body).jsonBytes())
        }
        var fromWorker = progressReviewer.review(body: Fixtures.read(ProgressTests.samplePath("on-track-hvidovre")), envelope: JobEnvelope(correlationId: "c-2"))
        fromWorker.worker = WorkerInfo(id: "worker-1", version: "0.1.0")
        fromWorker.timings = ReviewTimings(reviewMicroseconds: 120)
        try write("progress-result-\(files.count).json", fromWorker.jsonBytes())
        try write("progress-result-\(files.count).json", progressReviewer.review(body: Array("{".utf8), envelope: JobEnvelope(messageId: "m-2")).jsonBytes())
        var bad = ProgressTests.object("action-cancelled-vejle")
        bad.set(["reported", "emissions", 0, "year"], 2030)
        try write("progress-result-\(files.count).json", ProgressTests.review(bad).jsonBytes())

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.validator, Fixtures.configDirectory + "/schemas"] + files
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch {
            print("SKIP schema validation: python3 is not available (\(error))")
            return
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 127 {  // env: python3 not found
            print("SKIP schema validation: python3 is not on PATH")
            return
        }
        if output.hasPrefix("SKIP") {
            print(output)
            return
        }
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains("checked \(files.count) files, 0 problems"), "\(output)")
    }

    @Test func schemasNameEveryContractField() throws {
        let job = try String(contentsOfFile: Fixtures.configDirectory + "/schemas/job.v1.schema.json", encoding: .utf8)
        let result = try String(contentsOfFile: Fixtures.configDirectory + "/schemas/result.v1.schema.json", encoding: .utf8)
        for field in ["schema", "jobId", "municipality", "ruleset", "language", "inventory", "targets", "businessAsUsual", "carbonBudget", "actions", "adaptation", "governance", "engagement", "monitoring", "adoptedByCouncil", "commitmentLetterSigned", "fullEffectYear", "municipalPower", "coBenefits", "startEmissionsTco2e",
            // contract v1.1
            "referenceDate", "source", "vintage", "gpcRef", "sectors", "kind", "manko", "handling", "scope"] {
            #expect(job.contains("\"\(field)\""), "job schema lacks \(field)")
        }
        for field in ["correlationId", "status", "scores", "pillars", "rules", "capf", "severity", "evidence", "baseYear", "baselineTco2e", "years", "targetTco2e", "plannedTco2e", "businessAsUsualTco2e", "gapTco2e", "netZeroYearPlanned", "cumulativePlannedTco2e", "benchmarks", "referenceYear", "reductionPercent", "planReductionPercent", "met", "budget", "budgetTco2e", "fromYear", "annualReductionRate", "year95PercentUsed", "plannedCumulativeTco2e", "overshootTco2e", "yearExhaustedUnderPlan", "errors", "pointer", "reason", "contentHash", "worker",
            // contract v1.1
            "notes", "inventory", "removalsTco2e", "compensationTco2e", "excludedActions", "mankoStated", "computedGapTco2e", "code"] {
            #expect(result.contains("\"\(field)\""), "result schema lacks \(field)")
        }
    }

    /// An integrator reads the schemas as documentation: every property of every schema in
    /// Config/schemas says what it means.
    @Test func everyPropertyOfEverySchemaHasADescription() throws {
        let directory = Fixtures.configDirectory + "/schemas"
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".schema.json") }.sorted()
        #expect(files.count >= 2)
        for file in files {
            let data = try #require(FileManager.default.contents(atPath: directory + "/" + file))
            let schema = try JSONSerialization.jsonObject(with: data)
            var undocumented: [String] = []
            var properties = 0
            func walk(_ node: Any, _ path: String) {
                if let object = node as? [String: Any] {
                    if let members = object["properties"] as? [String: Any] {
                        for (name, value) in members.sorted(by: { $0.key < $1.key }) {
                            properties += 1
                            if let member = value as? [String: Any], member["description"] == nil { undocumented.append(path + "/" + name) }
                            walk(value, path + "/" + name)
                        }
                    }
                    for key in ["items", "additionalProperties"] { if let child = object[key] { walk(child, path + "[]") } }
                    for key in ["$defs", "definitions"] {
                        for (name, child) in (object[key] as? [String: Any] ?? [:]) { walk(child, "#" + name) }
                    }
                    for key in ["oneOf", "anyOf", "allOf"] { for child in object[key] as? [Any] ?? [] { walk(child, path) } }
                }
            }
            walk(schema, "")
            #expect(properties > 10, "\(file): \(properties) properties")
            #expect(undocumented.isEmpty, "\(file): no description for \(undocumented.joined(separator: ", "))")
        }
    }
}
