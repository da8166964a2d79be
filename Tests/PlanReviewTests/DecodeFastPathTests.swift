@testable import PlanReview
import PlanReviewContract
import PlanReviewJSON
import Testing

/// The parser's inline string path and its out-of-line rest, the canonical writer's copies from the
/// body, and `SmallMap` against `Dictionary`: each checked where the fast path hands over.
@Suite struct DecodeFastPathTests {
    /// Strings of every length around the 8-byte word, as the last value of the body (fewer than
    /// 8 bytes left after the opening quote) and inside it, plain, with an escape, with a non-ASCII
    /// letter at each position: decoded text and canonical bytes as written.
    @Test func stringsAroundTheWordSize() throws {
        for length in 0...20 {
            let plain = String(repeating: "a", count: length)
            var cases: [(raw: String, decoded: String)] = [(plain, plain)]
            for at in 0..<length {
                var chars = Array(plain)
                chars[at] = "æ"
                cases.append((String(chars), String(chars)))
                cases.append((String(plain.prefix(at)) + "\\n" + String(plain.dropFirst(at + 1)), String(plain.prefix(at)) + "\n" + String(plain.dropFirst(at + 1))))
            }
            for (raw, decoded) in cases {
                for body in ["[\"\(raw)\"]", "{\"k\":\"\(raw)\",\"n\":1}", "\"\(raw)\""] {
                    let (doc, issues) = JSONParser.parse(Array(body.utf8), limits: ValidationLimits())
                    let d = try #require(doc, "\(body): \(issues)")
                    let node = d.kind(d.root) == .string ? d.root : d.root + (d.kind(d.root) == .array ? 1 : 2)
                    #expect(d.string(node) == decoded, "\(body)")
                    let canonical = String(decoding: CanonicalJSON.encode(d).bytes, as: UTF8.self)
                    #expect(canonical == body, "\(body)")
                }
            }
        }
    }

    @Test(arguments: [
        ("[\"abcdefgh", "unterminated string"),
        ("[\"abcdefghijkl\u{01}\"]", "unescaped control character"),
        ("[\"abcdefghij\\q\"]", "invalid escape"),
    ])
    func brokenStringsPastTheFirstWord(body: String, reason: String) {
        let (_, issues) = JSONParser.parse(Array(body.utf8), limits: ValidationLimits())
        #expect(issues.contains { $0.reason.contains(reason) }, "\(issues)")
    }

    @Test func aStringOverTheLimitIsReportedOnTheFastPath() {
        var limits = ValidationLimits()
        limits.maxStringBytes = 10
        let (_, issues) = JSONParser.parse(Array("[\"abcdefghijklmnop\",1]".utf8), limits: limits)
        #expect(issues.map(\.code) == [.stringTooLong])
    }

    /// The same operations on a `SmallMap` and a `Dictionary` give the same lookups, past the
    /// switch to a dictionary (more than `linearLimit` keys) included.
    @Test func smallMapBehavesAsADictionary() {
        var small = SmallMap<Int, [Int]>()
        var reference: [Int: [Int]] = [:]
        var seed: UInt64 = 12_345
        for step in 0..<2_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let key = Int(seed >> 33) % (step < 1_000 ? 20 : 90)
            switch (seed >> 20) % 4 {
            case 0:
                small[key] = [step]
                reference[key] = [step]
            case 1:
                small[key, default: []].append(step)
                reference[key, default: []].append(step)
            case 2:
                small[key] = nil
                reference[key] = nil
            default:
                break
            }
            #expect(small[key] == reference[key])
        }
        for key in 0..<90 { #expect(small[key] == reference[key]) }
    }
}
