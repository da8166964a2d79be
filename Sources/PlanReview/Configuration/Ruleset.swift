import Foundation
import PlanReviewContract
import PlanReviewJSON
import Yams

/// A versioned ruleset (Config/rulesets/<id>.yaml): pathway settings, benchmarks and the
/// compliance rules. Unknown top-level YAML keys are ignored so that the file can grow ahead of
/// the code that reads it; inside a rule every key is checked, because a misspelt threshold must
/// not pass silently.
///
/// Rules are compiled when the ruleset is decoded: the check name becomes a `RuleCheck` with typed
/// parameters and the message templates are split into parts, so a review does no parsing.
/// A ruleset may `extends:` another file of the same directory (`Ruleset.decode(yaml:file:)`).
public struct Ruleset: Sendable, Codable, Equatable {
    public var id: String
    public var version: String
    /// ISO date of this version.
    public var date: String
    /// Where the ruleset comes from (DK2020 / C40 CAPF documents).
    public var source: String
    public var title: LocalizedText?
    /// The ruleset this one was derived from (`extends:`), if any.
    public var extends: String?
    public var pathway: PathwaySettings
    /// What a progress job's "on track" allows (`progress:`; defaults when absent).
    public var progress: ProgressSettings = ProgressSettings()
    public var benchmarks: [BenchmarkDefinition]
    /// Compliance rules in report order.
    public var rules: [RuleDefinition]

    public init(
        id: String, version: String, date: String, source: String, title: LocalizedText? = nil, extends: String? = nil,
        pathway: PathwaySettings = PathwaySettings(), benchmarks: [BenchmarkDefinition] = [], rules: [RuleDefinition] = []
    ) {
        self.id = id
        self.version = version
        self.date = date
        self.source = source
        self.title = title
        self.extends = extends
        self.pathway = pathway
        self.benchmarks = benchmarks
        self.rules = rules
    }

    enum CodingKeys: String, CodingKey {
        case id, version, date, source, title, extends, pathway, benchmarks, rules, progress
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        version = try c.decode(String.self, forKey: .version)
        date = try c.decode(String.self, forKey: .date)
        source = try c.decode(String.self, forKey: .source)
        title = try c.decodeIfPresent(LocalizedText.self, forKey: .title)
        extends = try c.decodeIfPresent(String.self, forKey: .extends)
        pathway = try c.decodeIfPresent(PathwaySettings.self, forKey: .pathway) ?? PathwaySettings()
        progress = try c.decodeIfPresent(ProgressSettings.self, forKey: .progress) ?? ProgressSettings()
        benchmarks = try c.decodeIfPresent([BenchmarkDefinition].self, forKey: .benchmarks) ?? []
        rules = try c.decodeIfPresent([RuleDefinition].self, forKey: .rules) ?? []

        // Across rules: unique ids, benchmark ids that exist.
        var seen: [String: Int] = [:]
        let benchmarkIds = Set(benchmarks.map(\.id))
        for (i, rule) in rules.enumerated() {
            let path: [any CodingKey] = [CodingKeys.rules, AnyCodingKey(index: i)]
            if let j = seen[rule.id] {
                throw DecodingError.dataCorrupted(.init(codingPath: path + [AnyCodingKey("id")], debugDescription: "duplicate rule id '\(rule.id)' (also rules[\(j)])"))
            }
            seen[rule.id] = i
            if case .benchmarks(let ids) = rule.check {
                for id in ids where !benchmarkIds.contains(id) {
                    throw DecodingError.dataCorrupted(.init(
                        codingPath: path + [AnyCodingKey("params"), AnyCodingKey("benchmarks")],
                        debugDescription: "rule '\(rule.id)': unknown benchmark '\(id)' (this ruleset has: \(benchmarks.map(\.id).joined(separator: ", ")))"))
                }
            }
        }
    }

    /// The rule with `id`.
    public func rule(_ id: String) -> RuleDefinition? { rules.first { $0.id == id } }
}

extension Ruleset {
    /// Decodes a ruleset file. With `extends: <id>` the file is laid over `<id>.yaml` of the same
    /// directory before decoding: mappings merge key by key, `rules` merge by `id` (a rule with
    /// `remove: true` is dropped, a new id is appended), any other value replaces the base's.
    ///
    /// - Throws: `DecodingError` (the loader turns it into a `ConfigurationError` naming the field),
    ///   `YamlError` for unreadable YAML, `ConfigurationError` for a missing or chained base.
    public static func decode(_ file: ConfigurationFile, siblings: [String: ConfigurationFile]) throws -> Ruleset {
        guard let node = try Yams.compose(yaml: file.text) else {
            throw ConfigurationError(file: file.path, field: nil, message: "the file is empty")
        }
        guard let baseId = node.mapping?["extends"]?.string else {
            return try YAMLDecoder().decode(Ruleset.self, from: node)
        }
        let baseName = "\(baseId).yaml"
        guard baseId.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }), baseName != file.fileName,
            let baseFile = siblings[baseName]
        else {
            throw ConfigurationError(file: file.path, field: "extends", message: "cannot read the base ruleset \(baseName) beside it")
        }
        let baseText = baseFile.text
        let baseNode: Node?
        do { baseNode = try Yams.compose(yaml: baseText) } catch {
            throw ConfigurationError(file: baseFile.path, field: nil, message: "invalid YAML: \(error)")
        }
        guard let baseNode, baseNode.mapping?["extends"] == nil else {
            throw ConfigurationError(file: file.path, field: "extends", message: "the base ruleset '\(baseId)' is empty or itself extends another (one level only)")
        }
        var marks = Set<Int>()
        collectMarks(node, into: &marks)
        let source = RulesetSource(derivedFile: file.fileName, baseFile: baseFile.fileName, derivedMarks: marks)
        return try YAMLDecoder().decode(Ruleset.self, from: merge(baseNode, node, key: nil), userInfo: [RulesetSource.userInfoKey: source])
    }

    private static func collectMarks(_ node: Node, into marks: inout Set<Int>) {
        if let mark = node.mark { marks.insert(RulesetSource.key(mark)) }
        switch node {
        case .mapping(let m):
            for (k, v) in m {
                collectMarks(k, into: &marks)
                collectMarks(v, into: &marks)
            }
        case .sequence(let s):
            for v in s { collectMarks(v, into: &marks) }
        default: break
        }
    }

    private static func merge(_ base: Node, _ overlay: Node, key: String?) -> Node {
        if key == "rules", case .sequence(var rules) = base, case .sequence(let changes) = overlay {
            for change in changes {
                guard let id = change.mapping?["id"]?.string, let index = rules.firstIndex(where: { $0.mapping?["id"]?.string == id }) else {
                    rules.append(change)
                    continue
                }
                if change.mapping?["remove"]?.bool == true {
                    rules.remove(at: index)
                } else {
                    rules[index] = merge(rules[index], change, key: nil)
                }
            }
            return .sequence(rules)
        }
        guard case .mapping(var merged) = base, case .mapping(let changes) = overlay else { return overlay }
        for (k, v) in changes {
            guard let name = k.string else { continue }
            if let existing = merged[name] {
                merged[name] = merge(existing, v, key: name)
            } else {
                merged[name] = v
            }
        }
        return .mapping(merged)
    }
}
