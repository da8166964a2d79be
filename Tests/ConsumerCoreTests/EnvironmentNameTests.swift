import Foundation
@testable import ReviewWorker
import Testing

/// The one table of `PLANREVIEW_*` environment names (``EnvironmentName/all``): an unknown name is an
/// error naming the nearest known one; every name the repository uses is in the table, and
/// docs/OPERATIONS.md shows the table.
@Suite struct EnvironmentNameTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Names the scan finds that are not environment variables, each with why.
    static let notEnvironmentNames: [String: String] = [
        "PLANREVIEW_FUZZ": "a compilation condition (Scripts/fuzz passes -DPLANREVIEW_FUZZ)",
        "PLANREVIEW_TEST_TRAP_JOB_ID": "the retired test hook ArchitectureTests keeps out of the service",
        "PLANREVIEW_PREFECTH": "a typo the tests set on purpose", "PLANREVIEW_CONFG_DIR": "a typo the tests set on purpose",
        "PLANREVIEW_METRICS_PROT": "a typo the tests set on purpose", "PLANREVIEW_LOGLEVEL": "a typo the tests set on purpose",
    ]

    @Test(arguments: [
        ("PLANREVIEW_PREFECTH", "PLANREVIEW_PREFETCH"),
        ("PLANREVIEW_CONFG_DIR", "PLANREVIEW_CONFIG_DIR"),
        ("PLANREVIEW_METRICS_PROT", "PLANREVIEW_METRICS_PORT"),
        ("PLANREVIEW_LOGLEVEL", "PLANREVIEW_LOG_LEVEL"),
    ])
    func anUnknownNameIsAnErrorNamingTheNearest(_ typo: String, _ nearest: String) async throws {
        let problem = try #require(EnvironmentName.unknownNamesProblem(in: [typo: "10", "PLANREVIEW_PREFIX": "p", "HOME": "/root"]))
        #expect(problem.contains("unknown environment variable \(typo); did you mean \(nearest)?"), "\(problem)")
        await #expect {
            try await WorkerSettings.load(flags: [:], configFile: nil, environment: [typo: "10"], locateConfigDirectory: { nil })
        } throws: { error in
            "\(error)".contains(typo) && "\(error)".contains(nearest)
        }
    }

    @Test func knownNamesAndOtherPrefixesPass() {
        var environment = Dictionary(uniqueKeysWithValues: EnvironmentName.all.map { ($0.name, "x") })
        environment["PLANREVIEWER_X"] = "not our prefix"
        environment["AMQP_URL"] = "amqp://127.0.0.1"
        #expect(EnvironmentName.unknownNamesProblem(in: environment) == nil)
    }

    /// Every worker key with a `PLANREVIEW_*` variable is in the table, derived, not repeated.
    @Test func everyWorkerKeyIsInTheTable() {
        for key in WorkerSettings.Key.all where key.environment.hasPrefix(EnvironmentName.prefix) {
            #expect(EnvironmentName.names.contains(key.environment), "\(key.name)")
        }
        #expect(EnvironmentName.all.count == EnvironmentName.names.count, "a name is listed twice")
    }

    /// The `PLANREVIEW_*` names in the files under `directory` (recursively), file by file.
    static func names(under directory: String, extensions: Set<String>? = nil) throws -> [String: Set<String>] {
        let root = repository.appendingPathComponent(directory)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [:] }
        let pattern = try Regex("PLANREVIEW_[A-Z0-9_]+")
        var found: [String: Set<String>] = [:]
        for case let file as URL in walker {
            if let extensions, !extensions.contains(file.pathExtension) { continue }
            guard (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                let text = try? String(contentsOf: file, encoding: .utf8)
            else { continue }
            // Compilation conditions (`#if NAME`) are not environment variables.
            for line in text.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).hasPrefix("#if") {
                for match in line.matches(of: pattern) {
                    found[String(line[match.range]), default: []].insert(file.path.replacingOccurrences(of: repository.path + "/", with: ""))
                }
            }
        }
        return found
    }

    /// Every name the programs read (a scan of Sources) is in the table.
    @Test func everyNameReadInSourcesIsInTheTable() throws {
        let found = try Self.names(under: "Sources", extensions: ["swift"])
        #expect(found.keys.contains("PLANREVIEW_OVERVIEW_DATABASE_URL"), "the scan finds the names")
        for (name, files) in found.sorted(by: { $0.key < $1.key }) where Self.notEnvironmentNames[name] == nil {
            #expect(EnvironmentName.names.contains(name), "\(name) (\(files.sorted().joined(separator: ", "))) is not in EnvironmentName.all")
        }
    }

    /// Every name the scripts, the tests, the deployment files and CI set or read is in the table, so a
    /// program started by them never stops on it.
    @Test(arguments: ["Scripts", "Tests", "Deploy", ".ci"])
    func everyNameUsedAroundTheProgramsIsInTheTable(_ directory: String) throws {
        for (name, files) in try Self.names(under: directory).sorted(by: { $0.key < $1.key }) where Self.notEnvironmentNames[name] == nil {
            #expect(EnvironmentName.names.contains(name), "\(name) (\(files.sorted().joined(separator: ", "))) is not in EnvironmentName.all")
        }
    }

    /// docs/OPERATIONS.md, "Environment variables": one row per name, in the table's order, with its readers.
    @Test func theOperationsDocumentListsEveryName() throws {
        let operations = try String(contentsOf: Self.repository.appendingPathComponent("docs/OPERATIONS.md"), encoding: .utf8)
        let section = try #require(operations.components(separatedBy: "\n## Environment variables\n").dropFirst().first, "no section")
        let rows = section.components(separatedBy: "\n## ")[0].split(separator: "\n").filter { $0.hasPrefix("| `PLANREVIEW_") }
        let expected = EnvironmentName.all.map(Self.row)
        #expect(rows.map(String.init) == expected, "expected rows:\n\(expected.joined(separator: "\n"))")
    }

    static func row(_ name: EnvironmentName) -> String {
        "| `\(name.name)` | \(name.readers.map(\.rawValue).joined(separator: ", ")) | \(name.meaning) |"
    }
}
