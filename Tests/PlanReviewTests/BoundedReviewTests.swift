import Foundation
@testable import PlanReview
import PlanReviewContract
import PlanReviewJSON
import Testing

/// The bounds of one review whatever the body (issue 11, "Bounded review"), asserted without timing:
/// the issue cap and its count, pointer and echo bounds, the result cap, and the canonical order and
/// duplicate detection against a simple reference. Times and memory are `planreview-bench hostile`'s.
@Suite struct BoundedReviewTests {
    // MARK: - Issues

    @Test func parserIssuesPastTheCapAreCountedExactly() {
        let body = "[" + Array(repeating: #""\q""#, count: 1_000).joined(separator: ",") + "]"
        let (document, issues) = JSONParser.parse(Array(body.utf8), limits: ValidationLimits())
        #expect(document != nil)
        #expect(issues.count == 201)
        #expect(issues.dropLast().allSatisfy { $0.code == .invalidString })
        #expect(issues.last?.code == .tooManyIssues)
        #expect(issues.last?.reason == "800 further problems are not listed (limit of 200)")
    }

    @Test func aFatalIssueIsListedEvenWhenTheListIsFull() {
        let body = "[" + Array(repeating: #""\q""#, count: 300).joined(separator: ",")  // unterminated
        let (document, issues) = JSONParser.parse(Array(body.utf8), limits: ValidationLimits())
        #expect(document == nil)
        #expect(issues.count == 201)
        #expect(issues[199].code == .invalidJSON)
        #expect(issues.last?.reason == "101 further problems are not listed (limit of 200)")
    }

    @Test func duplicateKeysPastTheCapAreCountedAndTheirCountReachesTheResult() throws {
        let body = #"{"jobId":"d","#  + Array(repeating: #""a":0"#, count: 999).joined(separator: ",") + "}"
        let result = Fixtures.reviewer.review(body: Array(body.utf8))
        let errors = result.errors ?? []
        #expect(errors.count == 201)
        #expect(errors.dropLast().allSatisfy { $0.code == .duplicateKey && $0.pointer == "/a" })
        // 998 duplicates (200 listed), then the missing fields of the mapper: counted, not listed.
        let last = try #require(errors.last)
        #expect(last.code == .tooManyIssues)
        // The job is Danish (the default), so the reason is too.
        #expect(last.reason.hasSuffix(" yderligere problemer er ikke vist (grænse på 200)"), "\(last.reason)")
        #expect((Int(last.reason.prefix { $0.isNumber }) ?? 0) >= 798, "\(last.reason)")
    }

    @Test func pointersAreCutAtTheBoundAndStayPointerPrefixes() throws {
        let longKey = String(repeating: "k~/", count: 2_000)
        let body = #"{"a":{"\#(longKey)":{"x":1,"x":2}}}"#
        let (document, _) = JSONParser.parse(Array(body.utf8), limits: ValidationLimits())
        let doc = try #require(document)
        let duplicates = CanonicalJSON.encode(doc).duplicateKeys
        #expect(duplicates.count == 1)
        let pointer = doc.pointerText(to: duplicates[0], maxBytes: 512)
        #expect(pointer.utf8.count <= 512)
        #expect(pointer.hasSuffix("…"))
        let full = "/a/" + JSONPointer.escape(longKey) + "/x"
        #expect(full.hasPrefix(String(pointer.dropLast())))
        #expect(!pointer.dropLast().hasSuffix("~"), "never inside a ~0/~1 escape")
        #expect(JSONPointer(parsing: pointer) != nil)
        // Short pointers are exact.
        #expect(doc.pointerText(to: 1, maxBytes: 512) == "/a")
        #expect(doc.pointer(to: 2).description.utf8.count <= 512)
    }

    @Test(arguments: [0, 1, 5, 79, 80, 81, 200])
    func echoedTextIsCutByBytesAtAScalarBoundary(length: Int) {
        // One Character of 1 + 40 combining marks (81 bytes): prefix(80) of Characters would keep it all.
        let text = String(repeating: "e" + String(repeating: "\u{301}", count: 40), count: length)
        let echo = IssueText.echo(text, maxBytes: 80)
        #expect(echo.utf8.count <= 80)
        if text.utf8.count <= 80 { #expect(echo == text) } else { #expect(echo.hasSuffix("…")) }
        #expect(String(validating: Array(echo.utf8), as: UTF8.self) != nil)
    }

    @Test func aJobIdMismatchEchoesAtMost80BytesOfEach() {
        let jobId = String(repeating: "e" + String(repeating: "\u{301}", count: 40), count: 100)
        let body = #"{"schema":"planreview.job/v1","jobId":"\#(jobId)","municipality":{"code":316},"plan":{}}"#
        let result = Fixtures.reviewer.review(body: Array(body.utf8), envelope: JobEnvelope(messageId: String(repeating: "m", count: 255)))
        let mismatch = result.errors?.first { $0.code == .jobIdMismatch }
        #expect(mismatch != nil)
        #expect((mismatch?.reason.utf8.count ?? .max) <= 2 * 80 + 60)
    }

    // MARK: - Result cap

    @Test func aRejectedResultOverTheCapIsShortAndSaysWhy() {
        var configuration = Fixtures.configuration
        configuration.limits.maxResultBytes = 16 * 1024
        let key = String(repeating: "x", count: 12_000)
        let body = #"{"jobId":"big","deep":{"\#(key)":{"# + Array(repeating: #""a":0"#, count: 800).joined(separator: ",") + "}}}"
        let result = Reviewer(configuration: configuration).review(body: Array(body.utf8))
        #expect(result.status == .rejected)
        #expect(result.errors?.map(\.code) == [.resultTooLarge])
        #expect(result.jobId == "big")
        #expect(result.jsonBytes().count <= configuration.limits.maxResultBytes - Reviewer.resultHeadroomBytes)
    }

    @Test func aCompleteResultOverTheCapIsReplacedToo() {
        var configuration = Fixtures.configuration
        configuration.limits.maxResultBytes = Reviewer.resultHeadroomBytes + 2_048
        let result = Reviewer(configuration: configuration).review(body: Fixtures.exampleJob)
        #expect(result.status == .rejected)
        #expect(result.errors?.first?.code == .resultTooLarge)
        #expect(result.errors?.first?.reason.contains("ville fylde") == true, "in the job's language (Danish)")
        // Under the default cap the same job is reviewed as before.
        #expect(Fixtures.reviewer.review(body: Fixtures.exampleJob).status != .rejected)
    }

    @Test func pointersOfControlCharactersStayUnderTheCap() {
        // Each pointer is 512 bytes of U+0001, written as \u0001 in the result: 6 bytes each.
        let key = String(repeating: "\\u0001", count: 2_000)
        let body = #"{"jobId":"c","deep":{"\#(key)":{"# + Array(repeating: #""a":0"#, count: 500).joined(separator: ",") + "}}}"
        let result = Fixtures.reviewer.review(body: Array(body.utf8))
        #expect(result.status == .rejected)
        #expect(result.errors?.allSatisfy { $0.pointer.utf8.count <= 512 } == true)
        #expect(result.jsonBytes().count <= ValidationLimits().maxResultBytes - Reviewer.resultHeadroomBytes)
    }

    // MARK: - Canonical order and duplicates

    @Test(arguments: [false, true])
    func thousandKeysInEitherOrderGiveTheSameBytesAndTheirDuplicates(descending: Bool) throws {
        let keys = (0..<1_000).map { String(format: "k%04d", $0 / 2) }  // every key twice
        let ordered = descending ? Array(keys.reversed()) : keys
        let body = "{" + ordered.enumerated().map { #""\#($1)":\#($0 % 7)"# }.joined(separator: ",") + "}"
        let (document, issues) = JSONParser.parse(Array(body.utf8), limits: ValidationLimits())
        #expect(issues.isEmpty)
        let (bytes, duplicates) = CanonicalJSON.encode(try #require(document))
        #expect(duplicates.count == 500)
        #expect(bytes == Reference.canonical(Array(body.utf8)))
    }

    @Test func permutedKeysGiveIdenticalCanonicalBytes() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<50 {
            let value = Reference.Value.random(&rng, depth: 3)
            let expected = Reference.canonical(Array(value.json(&rng, shuffle: false).utf8))
            for _ in 0..<4 {
                let text = value.json(&rng, shuffle: true)
                let (document, _) = JSONParser.parse(Array(text.utf8), limits: ValidationLimits())
                #expect(CanonicalJSON.encode(try #require(document)).bytes == expected || value.hasDuplicateKeys, "\(text)")
            }
        }
    }

    /// Property: for random objects, keys and orders, the canonical bytes and the duplicate keys equal
    /// those of the reference (a plain recursive, stable sort by UTF-8 bytes). Seeded, 400 cases.
    @Test(arguments: 0..<8)
    func canonicalFormAndDuplicatesEqualTheReference(seed: UInt64) throws {
        var rng = SplitMix64(seed: 0x5EED_0000 + seed)
        for _ in 0..<50 {
            let value = Reference.Value.random(&rng, depth: 4)
            let text = value.json(&rng, shuffle: true)
            let (document, issues) = JSONParser.parse(Array(text.utf8), limits: ValidationLimits())
            #expect(issues.isEmpty, "\(issues)")
            let doc = try #require(document)
            let (bytes, duplicates) = CanonicalJSON.encode(doc)
            let reference = Reference.canonical(Array(text.utf8))
            #expect(bytes == reference, "\(text)")
            let found = duplicates.map { Array(doc.keyBytes($0)) }.sorted { $0.lexicographicallyPrecedes($1) }
            let expected = Reference.duplicateKeys(Array(text.utf8)).sorted { $0.lexicographicallyPrecedes($1) }
            #expect(found == expected, "\(text)")
            // The content hash is of the same bytes whether or not the body was already canonical.
            #expect(CanonicalJSON.contentHash(doc).hash == SHA256.prefixedHex(reference))
        }
    }

    /// The cheap bound that spares the exact size check is never below the exact size: for every
    /// sample and every hostile body (rejected results with many errors, long pointers).
    @Test func theUpperBoundIsNeverBelowTheEncodedSize() throws {
        var results = Fixtures.sampleFiles().map { Fixtures.reviewer.review(body: Fixtures.read($0)) }
        for hostile in HostileCorpus.cases {
            results.append(HostileCorpus.reviewer.review(body: try hostile.body(), envelope: hostile.envelope))
        }
        #expect(results.count > 50)
        for result in results {
            #expect(result.encodedByteCountUpperBound() >= result.encodedByteCount(), "\(result.jobId): \(result.encodedByteCountUpperBound()) < \(result.encodedByteCount())")
        }
    }
}

/// A deterministic generator (SplitMix64) for the property tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The canonical form written the simplest way: Foundation reads the text (keeping duplicate
/// members in order through a tokenizer of its own), members are sorted stably by the UTF-8 bytes of
/// their keys, and values are written with the minimal escapes. Only integers and short decimals are
/// generated, which both writers print as written.
enum Reference {
    indirect enum Value {
        case number(String)
        case string(String)
        case bool(Bool)
        case null
        case array([Value])
        case object([(String, Value)])

        static let keyPool = ["a", "b", "B", "é", "😀", "k0001", "k0002", "longlonglong_1", "longlonglong_2", "longlonglong_", "a\"b", "tab\t", "~/", "", "\u{7F}x"]

        static func random(_ rng: inout SplitMix64, depth: Int) -> Value {
            switch Int.random(in: 0..<(depth > 0 ? 8 : 5), using: &rng) {
            case 0: return .number(["0", "-1", "42", "1.5", "2030", "-0.25", "123456789012345"].randomElement(using: &rng)!)
            case 1: return .string(String((0..<Int.random(in: 0..<12, using: &rng)).map { _ in "ab\"\\\n\u{1}é😀/~ ".randomElement(using: &rng)! }))
            case 2: return .bool(Bool.random(using: &rng))
            case 3: return .null
            case 4: return .number(String(Int.random(in: -1_000...1_000, using: &rng)))
            case 5: return .array((0..<Int.random(in: 0..<5, using: &rng)).map { _ in random(&rng, depth: depth - 1) })
            default:
                let count = Int.random(in: 0..<(Bool.random(using: &rng) ? 40 : 6), using: &rng)
                return .object((0..<count).map { _ in (keyPool.randomElement(using: &rng)!, random(&rng, depth: depth - 1)) })
            }
        }

        var hasDuplicateKeys: Bool {
            switch self {
            case .array(let values): return values.contains { $0.hasDuplicateKeys }
            case .object(let members): return Set(members.map(\.0)).count != members.count || members.contains { $0.1.hasDuplicateKeys }
            default: return false
            }
        }

        /// JSON text: optional whitespace, keys shuffled or as generated, characters escaped or not.
        func json(_ rng: inout SplitMix64, shuffle: Bool) -> String {
            let space = shuffle && Bool.random(using: &rng) ? " " : ""
            switch self {
            case .number(let n): return n
            case .string(let s): return Reference.quote(s, &rng, escapeAll: shuffle)
            case .bool(let b): return b ? "true" : "false"
            case .null: return "null"
            case .array(let values): return "[" + values.map { $0.json(&rng, shuffle: shuffle) }.joined(separator: "," + space) + "]"
            case .object(let members):
                let ordered = shuffle ? members.shuffled(using: &rng) : members
                return "{" + space + ordered.map { Reference.quote($0.0, &rng, escapeAll: shuffle) + space + ":" + $0.1.json(&rng, shuffle: shuffle) }.joined(separator: ",") + "}"
            }
        }
    }

    /// A JSON string; with `escapeAll`, some characters written as \u escapes.
    static func quote(_ s: String, _ rng: inout SplitMix64, escapeAll: Bool) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || escapeAll && scalar.value < 0x10000 && Int.random(in: 0..<4, using: &rng) == 0 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A minimal tree with members in source order, read by a small recursive reader.
    indirect enum Node {
        case scalar([UInt8])
        case string([UInt8])
        case array([Node])
        case object([([UInt8], Node)])
    }

    static func canonical(_ text: [UInt8]) -> [UInt8] {
        var reader = Reader(bytes: text)
        var out: [UInt8] = []
        write(reader.value(), &out)
        return out
    }

    /// The keys that repeat an earlier key of their object (each repetition once).
    static func duplicateKeys(_ text: [UInt8]) -> [[UInt8]] {
        var reader = Reader(bytes: text)
        var found: [[UInt8]] = []
        func visit(_ node: Node) {
            switch node {
            case .array(let values): values.forEach(visit)
            case .object(let members):
                var seen = Set<[UInt8]>()
                for (key, value) in members {
                    if !seen.insert(key).inserted { found.append(key) }
                    visit(value)
                }
            default: break
            }
        }
        visit(reader.value())
        return found
    }

    static func write(_ node: Node, _ out: inout [UInt8]) {
        switch node {
        case .scalar(let raw): out += raw
        case .string(let s): writeString(s, &out)
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (i, v) in values.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(v, &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            // Swift's sort is not guaranteed stable: sort the positions by (key, position).
            let order = members.indices.sorted { a, b in
                members[a].0 == members[b].0 ? a < b : members[a].0.lexicographicallyPrecedes(members[b].0)
            }
            out.append(UInt8(ascii: "{"))
            for (i, m) in order.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(members[m].0, &out)
                out.append(UInt8(ascii: ":"))
                write(members[m].1, &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ s: [UInt8], _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0x08: out += Array("\\b".utf8)
            case 0x0C: out += Array("\\f".utf8)
            case ..<0x20: out += Array(String(format: "\\u%04x", Int(b)).utf8)
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Recursive descent over valid JSON (the generator's output); numbers kept as written.
    struct Reader {
        let bytes: [UInt8]
        var i = 0

        mutating func skip() { while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 } }

        mutating func value() -> Node {
            skip()
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var members: [([UInt8], Node)] = []
                skip()
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object([]) }
                while true {
                    skip()
                    let key = string()
                    skip(); i += 1  // ':'
                    members.append((key, value()))
                    skip()
                    let c = bytes[i]; i += 1
                    if c == UInt8(ascii: "}") { return .object(members) }
                }
            case UInt8(ascii: "["):
                i += 1
                var values: [Node] = []
                skip()
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array([]) }
                while true {
                    values.append(value())
                    skip()
                    let c = bytes[i]; i += 1
                    if c == UInt8(ascii: "]") { return .array(values) }
                }
            case UInt8(ascii: "\""):
                return .string(string())
            default:
                let start = i
                while i < bytes.count, !",]} \n\t\r".utf8.contains(bytes[i]) { i += 1 }
                return .scalar(Array(bytes[start..<i]))
            }
        }

        /// A string's decoded UTF-8 (escapes as the generator writes them: no surrogate pairs).
        mutating func string() -> [UInt8] {
            i += 1
            var out: [UInt8] = []
            while bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\") {
                    let e = bytes[i + 1]
                    i += 2
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        let code = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16)!
                        out += Array(String(Character(Unicode.Scalar(code)!)).utf8)
                        i += 4
                    default: out.append(e)
                    }
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
            i += 1
            return out
        }
    }
}
