import PlanReviewContract
import PlanReviewJSON
import Yams

/// Where the nodes of a merged (`extends:`) ruleset come from, so that a load error can name
/// the file that holds the faulty line.
final class RulesetSource: Sendable {
    static let userInfoKey = CodingUserInfoKey(rawValue: "planreview.rulesetSource")!

    let derivedFile: String
    let baseFile: String
    /// line << 20 | column of every node of the derived file.
    let derivedMarks: Set<Int>

    init(derivedFile: String, baseFile: String, derivedMarks: Set<Int>) {
        self.derivedFile = derivedFile
        self.baseFile = baseFile
        self.derivedMarks = derivedMarks
    }

    static func key(_ mark: Mark) -> Int { mark.line << 20 | mark.column }

    func describe(_ mark: Mark) -> String {
        "line \(mark.line) of \(derivedMarks.contains(Self.key(mark)) ? derivedFile : baseFile)"
    }
}
