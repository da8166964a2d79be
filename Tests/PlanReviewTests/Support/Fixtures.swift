import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewReports
import PlanReviewResources
import Testing

/// Shared test fixtures: the repository's Config, the example job, a reviewer.
enum Fixtures {
    /// The repository root, from this file's path (Tests/PlanReviewTests/Support/Fixtures.swift).
    static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let configDirectory = repoRoot.appendingPathComponent("Config").path

    static let configuration: ReviewConfiguration = {
        do { return try ReviewConfiguration.load(configDirectory: configDirectory) } catch { fatalError("Config does not load: \(error)") }
    }()

    static let reviewer = Reviewer(configuration: configuration)

    static var ruleset: Ruleset { configuration.rulesets["dk2020"]! }

    static func read(_ relativePath: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: repoRoot.appendingPathComponent(relativePath).path) ?? Data())
    }

    static let exampleJob: [UInt8] = read("Config/samples/example-holbaek.json")

    static func sampleFiles() -> [String] {
        let dir = repoRoot.appendingPathComponent("Config/samples").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".json") }.sorted().map { "Config/samples/\($0)" }
    }

    /// The example job as a JSON object to modify in tests.
    static func exampleObject() -> [String: Any] {
        try! JSONSerialization.jsonObject(with: Data(exampleJob)) as! [String: Any]
    }

    static func bytes(_ object: Any) -> [UInt8] {
        [UInt8](try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    static func review(_ text: String, envelope: JobEnvelope = JobEnvelope()) -> ReviewResult {
        reviewer.review(body: Array(text.utf8), envelope: envelope)
    }

    /// The example job with `edit` applied to its JSON object.
    static func reviewExample(envelope: JobEnvelope = JobEnvelope(), _ edit: (inout [String: Any]) -> Void) -> ReviewResult {
        var object = exampleObject()
        edit(&object)
        return reviewer.review(body: bytes(object), envelope: envelope)
    }

    static func municipality(_ code: Int) -> MunicipalityRef { configuration.municipalities[code]! }
}

extension Dictionary where Key == String, Value == Any {
    /// Sets a value at a path of object keys and array indices, e.g. ["plan", "actions", 0, "id"].
    mutating func set(_ path: [Any], _ value: Any?) {
        self = Self.setting(self, path[...], value) as! [String: Any]
    }

    private static func setting(_ container: Any, _ path: ArraySlice<Any>, _ value: Any?) -> Any {
        guard let head = path.first else { return value as Any }
        if let key = head as? String, var object = container as? [String: Any] {
            if path.count == 1 {
                object[key] = value
            } else {
                object[key] = setting(object[key] ?? [String: Any](), path.dropFirst(), value)
            }
            return object
        }
        if let index = head as? Int, var array = container as? [Any] {
            array[index] = setting(array[index], path.dropFirst(), value) as Any
            return array
        }
        return container
    }
}
