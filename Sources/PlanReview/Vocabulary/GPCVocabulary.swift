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
    static func key(_ word: String) -> String {
        word.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// The subsector a code or Danish name stands for.
    public func subsector(named word: String) -> Subsector? { byWord[Self.key(word)].map { subsectors[$0] } }

    /// The subsector and scope of a GPC reference number ("I.1.2").
    public func subsector(gpcRef ref: String) -> (subsector: Subsector, scope: Int)? {
        guard let i = byRef[ref.trimmingCharacters(in: .whitespaces)], let scope = subsectors[i].gpcRefs[ref.trimmingCharacters(in: .whitespaces)] else { return nil }
        return (subsectors[i], scope)
    }

    public var isEmpty: Bool { subsectors.isEmpty }
}
