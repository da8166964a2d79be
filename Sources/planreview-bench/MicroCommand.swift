import ArgumentParser
import Dispatch
import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewOps
import PlanReviewResources
import ReviewWorker

/// `planreview-bench micro`: microbenchmark of the per-job domain work (no broker).
///
/// For each job: (a) review without decoding (validation + pathway + rules on a parsed body),
/// (b) decode + review + encode (bytes in, result bytes out: what the worker does per job),
/// plus the stages and Foundation's Codable path for comparison. Build with `-c release`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "micro", abstract: "Microbenchmark decode + review + encode per job.")

    @Option(help: "Timed iterations per measurement.") var iterations: Int = 20_000
    @Option(help: "A job file to measure (default: Config/samples/example-holbaek.json).") var file: String?
    @Option(name: [.customLong("config"), .customLong("config-dir")], help: ArgumentHelp("The Config directory (default: located as for `review`).", valueName: "dir")) var config: String?
    @Flag(help: "Skip the Foundation JSONDecoder/JSONEncoder comparison.") var skipFoundation = false
    @Option(help: "Only the case whose name starts with this (example, generated, at).") var only: String?
    @Option(help: ArgumentHelp("Only the measurement whose label contains this (for profiling).", visibility: .hidden)) var stage: String?
    @Option(help: ArgumentHelp("Write the result of --file (or the example) to this path and stop (to compare encoders' bytes).", visibility: .hidden)) var writeResult: String?
    @Option(help: ArgumentHelp("Untimed calls before each measurement (default: min(iterations, 200)).", visibility: .hidden)) var warmup: Int?

    func validate() throws {
        guard iterations >= 10 else { throw ValidationError("--iterations must be at least 10") }
        guard (warmup ?? 0) >= 0 else { throw ValidationError("--warmup must not be negative") }
    }

    func run() throws {
        guard let directory = config ?? ReviewConfiguration.locateConfigDirectory() else {
            throw CLIError("no Config directory found (set PLANREVIEW_CONFIG_DIR or pass --config DIR)")
        }
        let configuration = try ReviewConfiguration.load(configDirectory: directory)
        let reviewer = Reviewer(configuration: configuration)
        let examplePath = file ?? (directory as NSString).appendingPathComponent("samples/example-holbaek.json")
        guard let example = FileManager.default.contents(atPath: examplePath) else { throw CLIError("cannot read \(examplePath)") }

        if let writeResult {
            return try Data(reviewer.review(body: [UInt8](example)).jsonBytes()).write(to: URL(fileURLWithPath: writeResult))
        }
        var generator = SampleGenerator(seed: 1)
        let generatedJob = generator.job(for: configuration.municipalities[316]!, actions: 30)
        let generated = SampleGenerator.jsonBytes(generatedJob)
        let limits = Self.jobAtTheLimits(configuration.limits)

        print("planreview bench: \(iterations) iterations, \(ProcessInfo.processInfo.activeProcessorCount) cores, build \(Self.buildKind)")
        print("times in µs:                                        median       p90       p99       min")
        let cases: [(String, [UInt8], Int)] = [
            ("example (\(Self.actionCount(example)) actions)", [UInt8](example), iterations),
            ("generated (30 actions)", generated, iterations),
            ("at the limits (\(Self.actionCount(Data(limits))) actions)", limits, max(10, iterations / 500)),
        ]
        for (name, body, n) in cases where only.map({ name.hasPrefix($0) }) ?? true {
            let parsed = reviewer.parse(body: body)
            let result = reviewer.review(parsed: parsed)
            let bytes = result.jsonBytes()
            print("\n\(name): body \(body.count) B, \(parsed.document?.nodeCount ?? 0) JSON values, result \(bytes.count) B, status \(result.status.rawValue)")
            if stage != nil {
                // The measuring loop itself (two clock reads and a store), for Scripts/callgrind to subtract.
                time("(0) empty step (the timer alone)", n) {}
            }
            time("(a) review without decode (from the parsed tape)", n) { _ = reviewer.review(parsed: parsed) }
            let decodedJob = try? JSONDecoder().decode(Job.self, from: Data(body))
            if let decodedJob {
                time("(a') review of a decoded Job", n) { _ = reviewer.review(job: decodedJob, contentHash: parsed.contentHash) }
            }
            time("(b) decode + review + encode", n) { _ = reviewer.review(body: body).jsonBytes() }
            time("    parse + canonical + sha256", n) { _ = reviewer.parse(body: body) }
            time("      parse only", n) { _ = JSONDocument.parse(body, limits: configuration.limits) }
            if let document = parsed.document {
                time("      canonical form only", n) { _ = document.canonicalBytes() }
            }
            time("      sha256 of the body", n) { _ = SHA256.hash(body) }
            time("    encode result", n) { _ = result.jsonBytes() }
            if !skipFoundation, n == iterations {
                let decoder = JSONDecoder()
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                let data = Data(body)
                time("    Foundation JSONDecoder -> Job", n) { _ = try? decoder.decode(Job.self, from: data) }
                time("    Foundation JSONEncoder(.sortedKeys) <- result", n) { _ = try? encoder.encode(result) }
            }
        }
    }

    private func measure(_ n: Int, _ body: () -> Void) -> [Double] {
        for _ in 0..<(warmup ?? min(n, 200)) { body() }
        var samples = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let t0 = DispatchTime.now().uptimeNanoseconds
            body()
            samples[i] = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1_000
        }
        return samples.sorted()
    }

    /// Measures `body` `n` times and prints the quantiles (skipped unless `--stage` matches).
    private func time(_ label: String, _ n: Int, _ body: () -> Void) {
        if let stage, !label.contains(stage) { return }
        report(label, measure(n, body))
    }

    private func report(_ label: String, _ sorted: [Double]) {
        func q(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        let padded = label.count < 48 ? label + String(repeating: " ", count: 48 - label.count) : label
        print(padded + String(format: " %9.1f %9.1f %9.1f %9.1f", q(0.5), q(0.9), q(0.99), sorted[0]))
    }

    private static var buildKind: String {
        #if DEBUG
        "debug (use -c release for figures)"
        #else
        "release"
        #endif
    }

    private static func actionCount(_ data: Data) -> Int {
        ((try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["plan"] as? [String: Any])?["actions"].flatMap { ($0 as? [Any])?.count } ?? 0
    }

    /// A valid job as large as the limits allow: as many actions as fit in `maxBodyBytes`
    /// (at most `maxActions`).
    static func jobAtTheLimits(_ limits: ValidationLimits) -> [UInt8] {
        let head = """
            {"schema":"planreview.job/v1","jobId":"limits","municipality":{"code":101},"language":"en","plan":{"inventory":{"standard":"GPC","level":"BASIC+","baseYear":2022,"entries":[{"sector":"transport","subsector":"on_road","scope":1,"tco2e":900000000},{"sector":"stationary_energy","subsector":"residential","scope":1,"tco2e":500000000}],"history":[{"year":1990,"tco2e":2000000000},{"year":2019,"tco2e":1500000000}]},"targets":[{"year":2030,"reductionPercent":70,"baseYear":1990},{"year":2040,"reductionPercent":90,"baseYear":1990},{"year":2050,"netZero":true}],"businessAsUsual":[{"year":2030,"tco2e":1300000000},{"year":2050,"tco2e":1100000000}],"carbonBudget":{"budgetTco2e":9000000000,"fromYear":2022,"toYear":2100},"actions":[
            """
        let tail = "]}}"
        var body = Array(head.utf8)
        var n = 0
        while n < limits.maxActions {
            let separator = n == 0 ? "" : ","
            // The smallest complete quantified action: the most JSON values per byte.
            let action = Array(separator.utf8) + Array("""
                {"id":"A\(n)","title":"Action \(n)","sector":"\(n % 2 == 0 ? "transport" : "stationary_energy")","reductionTco2e":\(1000 + n % 97),"startYear":\(2023 + n % 10),"fullEffectYear":\(2033 + n % 10)}
                """.utf8)
            guard body.count + action.count + tail.utf8.count <= limits.maxBodyBytes else { break }
            body += action
            n += 1
        }
        return body + Array(tail.utf8)
    }
}
