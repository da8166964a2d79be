import Foundation
import PlanReview

/// Reads the Config directory (`municipalities.json`, `rulesets/*.yaml`) into the values the pure
/// domain takes. The only place that reads reference data from files; the executables and the tests
/// call it once at start.
public enum ConfigDirectory {
    /// Reads one file as UTF-8 text.
    ///
    /// - Throws: `ConfigurationError` naming the file when it cannot be read.
    public static func read(_ path: String) throws -> ConfigurationFile {
        do { return ConfigurationFile(path: path, text: try String(contentsOfFile: path, encoding: .utf8)) } catch {
            throw ConfigurationError(file: path, field: nil, message: "cannot read: \(error.localizedDescription)")
        }
    }

    /// The ruleset files of `<dir>/rulesets` (`*.yaml`, `*.yml`), sorted by name.
    public static func rulesetFiles(in configDirectory: String) throws -> [ConfigurationFile] {
        let rulesetDir = URL(fileURLWithPath: configDirectory).appendingPathComponent("rulesets")
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: rulesetDir.path).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw ConfigurationError(file: rulesetDir.path, field: nil, message: "cannot list the rulesets directory: \(error.localizedDescription)")
        }
        return try names.map { try read(rulesetDir.appendingPathComponent($0).path) }
    }
}

extension ReviewConfiguration {
    /// Looks for the Config directory: `$PLANREVIEW_CONFIG_DIR`, then `./Config`, then upwards
    /// from the executable's directory (so `.build/release/planreview` finds `<repo>/Config`),
    /// then `/etc/planreview`. nil when none has `municipalities.json`.
    public static func locateConfigDirectory() -> String? {
        let fm = FileManager.default
        func hasData(_ dir: String) -> Bool { fm.fileExists(atPath: (dir as NSString).appendingPathComponent("municipalities.json")) }
        if let env = ProcessInfo.processInfo.environment["PLANREVIEW_CONFIG_DIR"], !env.isEmpty, hasData(env) { return env }
        let cwdConfig = (fm.currentDirectoryPath as NSString).appendingPathComponent("Config")
        if hasData(cwdConfig) { return cwdConfig }
        let executable = (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first ?? ""
        var dir = URL(fileURLWithPath: executable).deletingLastPathComponent().standardizedFileURL
        while dir.path != "/" && !dir.path.isEmpty {
            let candidate = dir.appendingPathComponent("Config").path
            if hasData(candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        if hasData("/etc/planreview") { return "/etc/planreview" }
        return nil
    }

    /// Reads `<dir>/municipalities.json`, `<dir>/rulesets/*.yaml` and `<dir>/gpc-subsectors.json` (when present).
    ///
    /// - Throws: `ConfigurationError` naming the file and the field on malformed data.
    public static func load(configDirectory: String) throws -> ReviewConfiguration {
        let municipalities = try ConfigDirectory.read(URL(fileURLWithPath: configDirectory).appendingPathComponent("municipalities.json").path)
        let gpcPath = URL(fileURLWithPath: configDirectory).appendingPathComponent("gpc-subsectors.json").path
        let gpc = FileManager.default.fileExists(atPath: gpcPath) ? try ConfigDirectory.read(gpcPath) : nil
        return try parse(municipalities: municipalities, rulesets: try ConfigDirectory.rulesetFiles(in: configDirectory), gpcSubsectors: gpc)
    }
}
