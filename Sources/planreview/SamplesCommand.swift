import ArgumentParser
import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewOps
import PlanReviewReports
import PlanReviewResources

/// `planreview samples`: generated plans for demos and load tests, and the verdicts of the
/// hand-written samples in Config/samples/.
struct SamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "samples", abstract: "Generate plan-review jobs, or list the verdicts of the sample plans.",
        subcommands: [Generate.self, Verdicts.self])

    /// `planreview samples generate --count N --seed S [--out DIR]`.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write N varied, plausible jobs (illustrative figures), cycling through the 98 municipalities.",
            discussion: """
                The same seed gives the same jobs on every machine. With --out, one file per job named
                <kommunekode>-<name>-<i>.json; without it, one compact JSON job per line on stdout (JSON lines).
                """)

        @Option(help: "How many jobs.") var count: Int = 98
        @Option(help: "Seed of the generator.") var seed: UInt64 = 1
        @Option(help: "Mitigation actions per job.") var actions: Int = 30
        @Option(help: "A directory to write one file per job to (created if missing).") var out: String?
        @Option(name: [.customLong("config"), .customLong("config-dir")], help: ArgumentHelp("The Config directory (default: located as for `review`).", valueName: "dir")) var config: String?

        func validate() throws {
            guard count >= 1, count <= 1_000_000 else { throw ValidationError("--count must be between 1 and 1000000") }
            guard actions >= 0, actions <= 10_000 else { throw ValidationError("--actions must be between 0 and 10000") }
        }

        func run() throws {
            let configuration = try loadConfiguration(config)
            let municipalities = configuration.municipalities.all
            var generator = SampleGenerator(seed: seed)
            if let out {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            }
            let stdout = FileHandle.standardOutput
            var buffer: [UInt8] = []
            for i in 0..<count {
                let municipality = municipalities[i % municipalities.count]
                let bytes = SampleGenerator.jsonBytes(generator.job(for: municipality, actions: actions))
                if let out {
                    let path = (out as NSString).appendingPathComponent("\(municipality.code)-\(Self.slug(municipality.name))-\(i).json")
                    guard FileManager.default.createFile(atPath: path, contents: Data(bytes + [0x0A])) else { throw CLIError("cannot write \(path)") }
                } else {
                    buffer += bytes
                    buffer.append(0x0A)
                    if buffer.count > 1 << 20 {
                        stdout.write(Data(buffer))
                        buffer.removeAll(keepingCapacity: true)
                    }
                }
            }
            if !buffer.isEmpty { stdout.write(Data(buffer)) }
            if let out { FileHandle.standardError.write(Data("wrote \(count) jobs to \(out)\n".utf8)) }
        }

        /// A file-name-safe form of a municipality's name: "Lyngby-Taarbæk" -> "lyngby-taarbaek".
        static func slug(_ name: String) -> String {
            var out = ""
            for c in name.lowercased() {
                switch c {
                case "æ": out += "ae"
                case "ø": out += "oe"
                case "å": out += "aa"
                case "a"..."z", "0"..."9": out.append(c)
                default: if !out.hasSuffix("-") { out += "-" }
                }
            }
            return String(out.drop(while: { $0 == "-" }).reversed().drop(while: { $0 == "-" }).reversed())
        }
    }

    /// `planreview samples verdicts [DIR]`: reviews every job file of a directory locally and prints
    /// one line each: verdict, score and the essential rules that fail or cannot be evaluated.
    struct Verdicts: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Review every *.json job in a directory (default Config/samples) and print the verdicts.")

        @Argument(help: "A directory of job files.") var directory: String?
        @Option(name: [.customLong("config"), .customLong("config-dir")], help: ArgumentHelp("The Config directory (default: located as for `review`).", valueName: "dir")) var config: String?

        func run() throws {
            let (configuration, configDirectory) = try loadConfigurationAndDirectory(config)
            let dir = directory ?? (configDirectory as NSString).appendingPathComponent("samples")
            let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
            let reviewer = Reviewer(configuration: configuration)
            let width = max(names.map(\.count).max() ?? 0, 4)
            print("file".padding(toLength: width, withPad: " ", startingAt: 0) + "  verdict        score  essential rules failed (✗) or incomplete (?)")
            for name in names {
                guard let data = FileManager.default.contents(atPath: (dir as NSString).appendingPathComponent(name)) else { continue }
                let r = reviewer.review(body: [UInt8](data))
                let essentials = r.rules.filter { $0.severity == .essential && ($0.status == .fail || $0.status == .incomplete) }
                    .map { ($0.status == .fail ? "✗ " : "? ") + $0.id }
                let issues = r.errors.map { ["rejected: " + $0.map(\.pointer).joined(separator: ", ")] } ?? []
                let score = r.scores.map { String(format: "%5.1f", $0.overall) } ?? "    –"
                print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + r.status.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0)
                    + "  " + score + "  " + (essentials + issues).joined(separator: ", "))
            }
        }
    }
}

private func loadConfiguration(_ config: String?) throws -> ReviewConfiguration {
    try loadConfigurationAndDirectory(config).0
}

private func loadConfigurationAndDirectory(_ config: String?) throws -> (ReviewConfiguration, String) {
    guard let directory = config ?? ReviewConfiguration.locateConfigDirectory() else {
        throw CLIError("no Config directory found (set PLANREVIEW_CONFIG_DIR or pass --config DIR)")
    }
    do { return (try ReviewConfiguration.load(configDirectory: directory), directory) } catch { throw CLIError("\(error)") }
}
