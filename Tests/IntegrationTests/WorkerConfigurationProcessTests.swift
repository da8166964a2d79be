import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
@testable import ReviewWorker
import Testing


/// planreview-worker's layered configuration through the binary, as an operator sees it with
/// `--print-config`: what only the executable does (flags as the top layer, printing). The layering
/// itself is tested without the binary in ConsumerCoreTests (WorkerSettingsTests).
@Suite struct ConfigurationTests {
    static var worker: URL { BrokerHarness.binDirectory.appendingPathComponent("planreview-worker") }

    /// Runs `planreview-worker --print-config-json` with only the given environment; key -> (value, source).
    static func effective(_ arguments: [String], environment: [String: String] = [:]) throws -> (status: Int32, values: [String: (value: Any, source: String)], output: BrokerHarness.CommandOutput) {
        let output = try BrokerHarness.run(worker, ["--print-config-json"] + (arguments.contains { $0.hasPrefix("--config") } ? [] : ["--config", BrokerHarness.configDirectory]) + arguments, environment: environment)
        var values: [String: (Any, String)] = [:]
        if output.status == 0, let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any] {
            for (key, entry) in object {
                guard let entry = entry as? [String: Any] else { continue }
                values[key] = (entry["value"] ?? NSNull(), entry["source"] as? String ?? "")
            }
        }
        return (output.status, values, output)
    }

    static func temporaryFile(_ content: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("worker-\(UUID().uuidString).yaml").path
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func flagsBeatTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefaults() throws {
        let file = try Self.temporaryFile(
            """
            consumers: 3
            prefetch: 10
            retryDelays: [2, 4.5]
            metrics:
              port: 1111
            log:
              format: text
            """
        )
        let result = try Self.effective(
            ["--settings", file, "--metrics-port", "3333"],
            environment: ["PLANREVIEW_PREFETCH": "20", "PLANREVIEW_METRICS_PORT": "2222", "PLANREVIEW_WORKER_ID": "from-env"]
        )
        #expect(result.status == 0, "\(result.output.stderr)")
        let values = result.values
        #expect(values["consumers"]?.value as? Int == 3)
        #expect(values["consumers"]?.source == "file \(file)")
        #expect(values["prefetch"]?.value as? Int == 20)
        #expect(values["prefetch"]?.source == "environment PLANREVIEW_PREFETCH")
        #expect(values["metrics.port"]?.value as? Int == 3333)
        #expect(values["metrics.port"]?.source == "flag")
        #expect(values["workerId"]?.value as? String == "from-env")
        #expect(values["retryDelays"]?.value as? [Double] == [2, 4.5])
        #expect(values["log.format"]?.value as? String == "text")
        #expect(values["deliveryLimit"]?.value as? Int == 5)
        #expect(values["deliveryLimit"]?.source == "default")
        #expect(values["shutdownDeadline"]?.value as? Double == 10)
    }

    @Test func secretsAreRedacted() throws {
        let passwordFile = try Self.temporaryFile("file-secret-42\n")
        let yaml = try BrokerHarness.run(
            Self.worker, ["--print-config", "--config", BrokerHarness.configDirectory],
            environment: ["AMQP_URL": "amqp://planreview-worker:url-secret-17@127.0.0.1:5672/planreview", "AMQP_PASSWORD_FILE": passwordFile]
        )
        #expect(yaml.status == 0, "\(yaml.stderr)")
        #expect(!yaml.stdout.contains("url-secret-17"))
        #expect(!yaml.stdout.contains("file-secret-42"))
        #expect(yaml.stdout.contains("planreview-worker:***@127.0.0.1:5672"))
        #expect(yaml.stdout.contains(passwordFile), "the password file's path is shown, not its content")
    }

    @Test(arguments: [
        (["PLANREVIEW_PREFETCH": "0"], [String](), "PLANREVIEW_PREFETCH"),
        ([:], ["--log-format", "xml"], "log.format"),
        ([:], ["--metrics-port", "70000"], "metrics.port"),
        ([:], ["--retry-delays", "1,x"], "--retry-delays"),
    ])
    func invalidValuesAreRefusedNamingTheirSource(_ environment: [String: String], _ arguments: [String], _ named: String) throws {
        let result = try Self.effective(arguments, environment: environment)
        #expect(result.status != 0)
        #expect(result.output.stderr.contains(named), "\(result.output.stderr)")
    }

    /// A misspelt `PLANREVIEW_*` variable stops every executable at start, naming the variable it meant
    /// (EnvironmentName.all); --version still answers.
    @Test(arguments: [
        // Each would end quickly without the check too (a missing Config directory), so a regression fails, never hangs.
        ("planreview-worker", ["--print-config"]), ("planreview", ["schema", "job"]),
        ("planreview-overview", ["--config", "/nonexistent"]), ("planreview-bench", ["micro", "--config", "/nonexistent"]),
    ])
    func aMisspeltEnvironmentVariableStopsTheProgram(_ program: String, _ arguments: [String]) throws {
        let executable = BrokerHarness.binDirectory.appendingPathComponent(program)
        let output = try BrokerHarness.run(executable, arguments, environment: ["PLANREVIEW_PREFECTH": "10", "PLANREVIEW_CONFIG_DIR": BrokerHarness.configDirectory])
        #expect(output.status != 0)
        #expect(output.stderr.contains("PLANREVIEW_PREFECTH") && output.stderr.contains("did you mean PLANREVIEW_PREFETCH?"), "\(output.stderr)")
        let version = try BrokerHarness.run(executable, ["--version"], environment: ["PLANREVIEW_PREFECTH": "10"])
        #expect(version.status == 0 && version.stdout.contains("."), "\(version.stderr)")
    }

    /// `--config DIR` is the Config directory, as for `planreview`: the worker reads DIR/worker.yaml
    /// (`--config-dir`, the older spelling, is the same option).
    @Test(arguments: ["--config", "--config-dir"])
    func theConfigDirectoryGivesTheSettingsFile(_ flag: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "prefetch: 7\n".write(toFile: directory + "/worker.yaml", atomically: true, encoding: .utf8)
        let result = try Self.effective([flag, directory])
        #expect(result.status == 0, "\(result.output.stderr)")
        #expect(result.values["prefetch"]?.value as? Int == 7)
        #expect(result.values["prefetch"]?.source == "file \(directory)/worker.yaml")
        #expect(result.values["configDir"]?.value as? String == directory)
        #expect(result.output.stderr.isEmpty, "\(result.output.stderr)")
    }

    /// Today's form in a unit or compose file, `--config FILE` (or PLANREVIEW_CONFIG=FILE), still reads
    /// the file, with a warning naming the new spelling.
    @Test(arguments: [true, false])
    func aSettingsFileGivenTheOldWayStillWorksWithAWarning(_ asFlag: Bool) throws {
        let file = try Self.temporaryFile("prefetch: 9\n")
        let result = try Self.effective(asFlag ? ["--config", file] : [], environment: asFlag ? [:] : ["PLANREVIEW_CONFIG": file])
        #expect(result.status == 0, "\(result.output.stderr)")
        #expect(result.values["prefetch"]?.value as? Int == 9)
        #expect(result.output.stderr.contains(asFlag ? "--settings" : "PLANREVIEW_SETTINGS"), "\(result.output.stderr)")
    }
}
