import ArgumentParser
import Dispatch
import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewOps
import PlanReviewResources
import ReviewWorker

/// `planreview-bench hostile`: the time and memory of one review of each body that
/// Tests/Corpus/hostile/generate writes (issue 11, "Bounded review"; docs/BENCHMARKS.md).
///
/// Each body is measured in a child process of its own (`--body FILE`), so its peak RSS is not
/// hidden by pages an earlier case left to malloc. The child resets the kernel's high-water mark
/// (`/proc/self/clear_refs`), reviews and encodes once, and reports the peak RSS above the RSS it had
/// before; then it times further reviews for up to `--seconds`. Build with `-c release`.
struct HostileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hostile", abstract: "Time and peak memory of reviewing each generated hostile body.")

    @Option(help: "A directory of bodies (default: Tests/Corpus/hostile/generate writes one in a temporary directory).") var corpus: String?
    @Option(help: "Only the bodies whose file name contains this.") var only: String?
    @Option(name: [.customLong("config"), .customLong("config-dir")], help: ArgumentHelp("The Config directory (default: located as for `review`).", valueName: "dir")) var config: String?
    @Option(help: "Seconds of repeated reviews per body after the first (the time is their median and min).") var seconds: Double = 2
    @Option(help: ArgumentHelp("Measure this one body and print one line (used by the parent process).", visibility: .hidden)) var body: String?

    func run() throws {
        guard let directory = config ?? ReviewConfiguration.locateConfigDirectory() else {
            throw CLIError("no Config directory found (set PLANREVIEW_CONFIG_DIR or pass --config DIR)")
        }
        if let body {
            try measureOne(body, configDirectory: directory)
            return
        }
        let corpusDirectory = try corpus ?? Self.generate(configDirectory: directory)
        let files = try FileManager.default.contentsOfDirectory(atPath: corpusDirectory).filter { $0.hasSuffix(".json") }.sorted()
        print("planreview bench hostile: \(ProcessInfo.processInfo.activeProcessorCount) cores, build \(Self.buildKind), corpus \(corpusDirectory)")
        print("body                                       body KB  status    errors  max ptr B  result KB   first ms  median ms     min ms  peak RSS +MB")
        for file in files where only.map({ file.contains($0) }) ?? true {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
            child.arguments = ["hostile", "--body", (corpusDirectory as NSString).appendingPathComponent(file), "--config", directory, "--seconds", String(seconds)]
            let pipe = Pipe()
            child.standardOutput = pipe
            try child.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            child.waitUntilExit()
            let line = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let name = String(file.dropLast(".json".count))
            print(name.padding(toLength: 42, withPad: " ", startingAt: 0) + (child.terminationStatus == 0 ? line : "  exit \(child.terminationStatus)"))
        }
    }

    /// Reviews + encodes `path` once for memory, then again for time; prints one table row.
    private func measureOne(_ path: String, configDirectory: String) throws {
        let reviewer = Reviewer(configuration: try ReviewConfiguration.load(configDirectory: configDirectory))
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
        let body = [UInt8](data)
        let envelope = JobEnvelope(messageId: path.contains("jobid") ? "someone-else" : nil, contentType: "application/json", type: ContractTypes.job)

        Self.resetPeakRSS()
        let rssBefore = Self.statusKilobytes("VmRSS")
        let t0 = DispatchTime.now().uptimeNanoseconds
        let result = reviewer.review(body: body, envelope: envelope)
        let bytes = result.jsonBytes()
        let first = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
        let peak = Self.statusKilobytes("VmHWM")

        var samples: [Double] = []
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while samples.count < 1_000, DispatchTime.now().uptimeNanoseconds < deadline {
            let t = DispatchTime.now().uptimeNanoseconds
            _ = reviewer.review(body: body, envelope: envelope).jsonBytes()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6)
        }
        samples.sort()
        let median = samples.isEmpty ? first : samples[samples.count / 2]
        let minimum = samples.first ?? first
        let errors = result.errors ?? []
        let maxPointer = errors.map(\.pointer.utf8.count).max() ?? 0
        print(String(
            format: "%8.1f  %-8@ %7d  %9d  %9.1f  %9.2f  %9.2f  %9.2f  %12.1f",
            Double(body.count) / 1024, result.status.rawValue as NSString, errors.count, maxPointer, Double(bytes.count) / 1024,
            first, median, minimum, Double(max(0, peak - rssBefore)) / 1024))
    }

    /// Runs Tests/Corpus/hostile/generate (beside the Config directory) into a temporary directory.
    private static func generate(configDirectory: String) throws -> String {
        let root = (configDirectory as NSString).deletingLastPathComponent
        let script = (root as NSString).appendingPathComponent("Tests/Corpus/hostile/generate")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("planreview-bench-hostile-\(ProcessInfo.processInfo.processIdentifier)").path
        let generator = Process()
        generator.executableURL = URL(fileURLWithPath: "/bin/bash")
        generator.arguments = [script, output]
        try generator.run()
        generator.waitUntilExit()
        guard generator.terminationStatus == 0 else { throw CLIError("\(script) failed") }
        return output
    }

    /// Resets VmHWM to the current RSS (Linux ≥ 4.0, `man 5 proc`: clear_refs "5").
    private static func resetPeakRSS() {
        guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return }
        handle.write(Data("5".utf8))
        try? handle.close()
    }

    /// A `kB` field of /proc/self/status (VmRSS, VmHWM); 0 when unavailable.
    private static func statusKilobytes(_ field: String) -> Int {
        // Read to EOF: /proc files report a size of 0, so String(contentsOfFile:) reads nothing.
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/status") else { return 0 }
        defer { try? handle.close() }
        let status = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.dropFirst(field.count + 1).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "") ?? 0
        }
        return 0
    }

    private static var buildKind: String {
        #if DEBUG
        "debug (use -c release for figures)"
        #else
        "release"
        #endif
    }
}
