import Foundation
import PlanReviewContract
import PlanReviewJSON

/// The GPC subsector vocabulary (Config/gpc-subsectors.json): codes, their sector, their GPC
/// reference numbers with scopes, and the Danish names municipal accounts use (Energi- og
/// CO2-regnskabet). Passed in through `ReviewConfiguration`; the domain reads no file.
public struct GPCVocabulary: Sendable, Equatable {
    public struct Subsector: Sendable, Equatable, Decodable {
        public var code: String
        public var sector: GPCSector
        public var name: String?
        public var gpcRefs: [String: Int]
        public var da: [String]
    }

    public let subsectors: [Subsector]
    private let byWord: [String: Int]
    private let byRef: [String: Int]

    public init(subsectors: [Subsector] = []) {
        self.subsectors = subsectors
        var byWord: [String: Int] = [:]
        var byRef: [String: Int] = [:]
        for (i, s) in subsectors.enumerated() {
            byWord[s.code.lowercased()] = i
            for word in s.da { byWord[Self.key(word)] = byWord[Self.key(word)] ?? i }
            for ref in s.gpcRefs.keys { byRef[ref] = i }
        }
        self.byWord = byWord
        self.byRef = byRef
    }

    /// Parses the file's text.
    ///
    /// - Throws: `ConfigurationError` naming the file on malformed data.
    public static func parse(_ file: ConfigurationFile) throws -> GPCVocabulary {
        struct FileFormat: Decodable { var subsectors: [Subsector] }
        do {
            return GPCVocabulary(subsectors: try JSONDecoder().decode(FileFormat.self, from: Data(file.text.utf8)).subsectors)
        } catch let error as DecodingError {
            throw ConfigurationError(file: file.path, decodingError: error)
        }
    }

    /// Synonym matching ignores case and surrounding whitespace (the file's note).
    ///
    /// The same as `trimmingCharacters(in: .whitespaces).lowercased()`, which costs ~1 µs per word
    /// through Foundation's NSString bridge: a word whose first and last bytes are ASCII other than
    /// space and tab (`.whitespaces` is Unicode's Zs plus tab) has nothing to trim, and an ASCII word
    /// without capitals is its own lower case. Only other words take the Foundation path.
    static func key(_ word: String) -> String {
        let trimmed = hasNoEdgeWhitespace(word) ? word : word.trimmingCharacters(in: .whitespaces)
        return isLowercaseASCII(trimmed) ? trimmed : trimmed.lowercased()
    }

    /// `word` without surrounding `.whitespaces` (as `trimmingCharacters(in: .whitespaces)`).
    static func trimmed(_ word: String) -> String {
        hasNoEdgeWhitespace(word) ? word : word.trimmingCharacters(in: .whitespaces)
    }

    private static func hasNoEdgeWhitespace(_ word: String) -> Bool {
        guard let first = word.utf8.first, let last = word.utf8.last else { return true }
        func plain(_ b: UInt8) -> Bool { b < 0x80 && b != UInt8(ascii: " ") && b != UInt8(ascii: "\t") }
        return plain(first) && plain(last)
    }

    private static func isLowercaseASCII(_ word: String) -> Bool {
        for b in word.utf8 where b >= 0x80 || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) { return false }
        return true
    }

    /// The subsector a code or Danish name stands for.
    public func subsector(named word: String) -> Subsector? { byWord[Self.key(word)].map { subsectors[$0] } }

    /// The subsector and scope of a GPC reference number ("I.1.2").
    public func subsector(gpcRef ref: String) -> (subsector: Subsector, scope: Int)? {
        let ref = Self.trimmed(ref)
        guard let i = byRef[ref], let scope = subsectors[i].gpcRefs[ref] else { return nil }
        return (subsectors[i], scope)
    }

    public var isEmpty: Bool { subsectors.isEmpty }
}
