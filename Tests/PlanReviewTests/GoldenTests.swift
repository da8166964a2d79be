import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewReports
import PlanReviewResources
import Testing

/// Golden results: every sample's full result (a pure review: no AMQP envelope, so `worker`,
/// `timings` and `correlationId` are null or absent) is checked in under
/// Tests/PlanReviewTests/Golden/<sample>.result.json and compared byte for byte.
///
/// The files hold the result's exact bytes re-indented for readable diffs: whitespace is added
/// between tokens only, never inside strings or numbers, so the compact bytes are the file with
/// that whitespace removed (`GoldenTests.compact`).
///
/// - Important: regenerate only on purpose, and review the diff:
///   `PLANREVIEW_UPDATE_GOLDEN=1 swift test --filter Golden`.
@Suite struct GoldenTests {
    static let directory = Fixtures.repoRoot.appendingPathComponent("Tests/PlanReviewTests/Golden")
    static let update = ProcessInfo.processInfo.environment["PLANREVIEW_UPDATE_GOLDEN"] == "1"

    static let samples: [String] = Fixtures.sampleFiles().map { ($0 as NSString).lastPathComponent.replacingOccurrences(of: ".json", with: "") }

    @Test(arguments: samples)
    func sampleResultMatchesItsGoldenFile(_ sample: String) throws {
        let result = Fixtures.reviewer.review(body: Fixtures.read("Config/samples/\(sample).json"))
        #expect(result.worker == nil && result.timings == nil && result.correlationId == nil)
        let compact = result.jsonBytes()
        let produced = Self.indent(compact)
        let file = Self.directory.appendingPathComponent("\(sample).result.json")
        if Self.update {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try Data(produced).write(to: file)
            print("updated \(file.path)")
            return
        }
        let golden = try #require(FileManager.default.contents(atPath: file.path), "no golden file \(file.lastPathComponent): run PLANREVIEW_UPDATE_GOLDEN=1 swift test --filter Golden")
        if [UInt8](golden) != produced {
            let lines = String(decoding: produced, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let goldenLines = String(decoding: golden, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(lines, goldenLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(lines.count, goldenLines.count)
            Issue.record("""
                \(sample): the result differs from \(file.lastPathComponent) at line \(first + 1):
                  golden:   \(first < goldenLines.count ? goldenLines[first] : "(end)")
                  produced: \(first < lines.count ? lines[first] : "(end)")
                If the change is intended: PLANREVIEW_UPDATE_GOLDEN=1 swift test --filter Golden
                """)
        }
        // The file is the exact result with whitespace between tokens.
        let lossless = Self.compact([UInt8](golden)) == compact
        #expect(lossless, "\(file.lastPathComponent) is not the result's bytes with whitespace between tokens")
    }

    /// Every golden file belongs to a sample (none left behind by a renamed sample).
    @Test func noOrphanGoldenFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path).filter { $0.hasSuffix(".result.json") }
        #expect(Set(files) == Set(Self.samples.map { "\($0).result.json" }))
    }

    /// Each golden result is in its job's language: the English sample's messages in English,
    /// the others' in Danish (checked against the ruleset's templates).
    @Test(arguments: samples)
    func goldenMessagesAreInTheJobsLanguage(_ sample: String) throws {
        let golden = try #require(FileManager.default.contents(atPath: Self.directory.appendingPathComponent("\(sample).result.json").path))
        let result = try JSONDecoder().decode(ReviewResult.self, from: golden)
        let job = ComplianceFixtures.sample(sample)
        #expect(result.language.rawValue == (job["language"] as? String ?? "da"))
        let ruleset = try #require(Fixtures.configuration.rulesets[result.ruleset.id])
        #expect(result.rules.count == ruleset.rules.count)
        for rule in result.rules {
            let templates = try #require(ruleset.rule(rule.id)).messages.sources.values
            let own = templates.map { String((result.language == .da ? $0.da : $0.en).prefix { $0 != "{" }) }
            let other = templates.map { String((result.language == .da ? $0.en : $0.da).prefix { $0 != "{" }) }.filter { !$0.isEmpty }
            #expect(own.contains { rule.message.hasPrefix($0) }, "\(sample) \(rule.id): \(rule.message)")
            #expect(!other.contains { rule.message.hasPrefix($0) && !own.contains($0) }, "\(sample) \(rule.id) is in the other language: \(rule.message)")
        }
    }

    @Test func bothLanguagesArePresentAmongTheGoldenFiles() throws {
        var languages = Set<String>()
        for sample in Self.samples {
            let data = try #require(FileManager.default.contents(atPath: Self.directory.appendingPathComponent("\(sample).result.json").path))
            languages.insert(try JSONDecoder().decode(ReviewResult.self, from: data).language.rawValue)
        }
        #expect(languages == ["da", "en"])
    }

    @Test func indentingIsLosslessAndLeavesStringsAlone() {
        let compact = Array(#"{"a":[1,2.50,{"b":"x, {y}: [z]\" ,"}],"c":{},"d":[],"e":null}"#.utf8)
        let pretty = Self.indent(compact)
        #expect(Self.compact(pretty) == compact)
        #expect(String(decoding: pretty, as: UTF8.self).contains(#""x, {y}: [z]\" ,""#))
        #expect(String(decoding: pretty, as: UTF8.self).contains("\"c\": {}"))
    }

    /// Two-space indentation between JSON tokens; strings and numbers untouched; ends with "\n".
    static func indent(_ json: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(json.count * 2)
        var depth = 0
        var inString = false
        var escaped = false
        func newline() {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: 2 * depth))
        }
        var i = 0
        while i < json.count {
            let c = json[i]
            if inString {
                out.append(c)
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "\""):
                inString = true
                out.append(c)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close: UInt8 = c == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                out.append(c)
                if i + 1 < json.count, json[i + 1] == close {
                    out.append(close)
                    i += 1
                } else {
                    depth += 1
                    newline()
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                newline()
                out.append(c)
            case UInt8(ascii: ","):
                out.append(c)
                newline()
            case UInt8(ascii: ":"):
                out.append(c)
                out.append(0x20)
            default:
                out.append(c)
            }
            i += 1
        }
        out.append(0x0A)
        return out
    }

    /// Removes the whitespace outside strings.
    static func compact(_ json: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var inString = false
        var escaped = false
        for c in json {
            if inString {
                out.append(c)
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
            } else if c == UInt8(ascii: "\"") {
                inString = true
                out.append(c)
            } else if c != 0x20 && c != 0x0A && c != 0x09 && c != 0x0D {
                out.append(c)
            }
        }
        return out
    }
}
