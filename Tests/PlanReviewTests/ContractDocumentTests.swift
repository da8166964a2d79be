import Foundation
import Testing

/// docs/CONTRACT.md is the integrator's copy of the shared contract: above "# In this repository" it
/// must say exactly what ../shared/contract/CONTRACT.md says, with the links pointing into the repository.
@Suite struct ContractDocumentTests {
    static let shared = Fixtures.repoRoot.deletingLastPathComponent().appendingPathComponent("shared/contract/CONTRACT.md")
    static let local = Fixtures.repoRoot.appendingPathComponent("docs/CONTRACT.md")

    /// The shared text as the repository's copy writes it.
    static func rewritten(_ text: String) -> String {
        text.replacingOccurrences(of: "`job-v1.example.json`", with: "[`job-v1.example.json`](../Config/samples/example-holbaek.json)")
            .replacingOccurrences(of: "../data/gpc-subsectors.json", with: "[Config/gpc-subsectors.json](../Config/gpc-subsectors.json)")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: shared.path), "../shared is beside the checkout (as in CI)"))
    func theRepositoryCopyAgreesWithTheSharedContract() throws {
        let local = try String(contentsOf: Self.local, encoding: .utf8)
        let shared = try String(contentsOf: Self.shared, encoding: .utf8)
        let body = try #require(local.range(of: "\n---\n\n# In this repository")).lowerBound
        let start = try #require(local.range(of: "-->\n\n")).upperBound
        #expect(String(local[start..<body]).trimmingCharacters(in: .whitespacesAndNewlines) == Self.rewritten(shared).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func theExampleJobIsTheContractsExample() throws {
        let example = Fixtures.repoRoot.deletingLastPathComponent().appendingPathComponent("shared/contract/job-v1.example.json")
        guard let shared = FileManager.default.contents(atPath: example.path) else { return }
        let ours = try #require(FileManager.default.contents(atPath: Fixtures.repoRoot.appendingPathComponent("Config/samples/example-holbaek.json").path))
        let a = try JSONSerialization.jsonObject(with: shared) as? NSDictionary
        let b = try JSONSerialization.jsonObject(with: ours) as? NSDictionary
        #expect(a == b)
    }

    /// Every `errors[].code` the worker can give is documented for integrators.
    @Test func everyValidationCodeIsDocumented() throws {
        let local = try String(contentsOf: Self.local, encoding: .utf8)
        let source = try String(contentsOf: Fixtures.repoRoot.appendingPathComponent("Sources/PlanReviewContract/ValidationIssue.swift"), encoding: .utf8)
        let codes = source.split(separator: "\n").compactMap { line -> String? in
            guard line.contains("case "), let open = line.firstIndex(of: "\""), let close = line[line.index(after: open)...].firstIndex(of: "\"") else { return nil }
            return String(line[line.index(after: open)..<close])
        }
        #expect(codes.count > 20)
        for code in codes { #expect(local.contains("`\(code)`"), "docs/CONTRACT.md does not document \(code)") }
    }
}
