import PlanReviewContract

/// The issues of one review, capped: the first `limit` are kept, the rest only counted, and
/// `finished()` ends the list with one `too_many_issues` entry giving that count.
///
/// Why: a 17 KB body can hold thousands of problems, and each issue costs its JSON Pointer (a walk of
/// the document and up to `maxPointerBytes`) and a place in the result. The pointer and the reason are
/// autoclosures, so an issue that will not be reported costs a counter increment and nothing else.
///
/// - Important: collectors that keep their own `[ValidationIssue]` should add through an `IssueList`
///   (or at least pass pointers as autoclosures): building a pointer for an issue that is then dropped
///   is the cost this type exists to avoid.
package struct IssueList: Sendable {
    /// Issues kept before the rest are counted (`ValidationLimits.maxIssues`).
    package let limit: Int
    package private(set) var issues: [ValidationIssue] = []
    /// Issues found beyond `limit`.
    package private(set) var omitted = 0
    /// Some source dropped issues without counting them, so `omitted` is a lower bound.
    package private(set) var omittedIsLowerBound = false

    package init(limit: Int) {
        self.limit = max(0, limit)
    }

    package init(limits: ValidationLimits) {
        self.init(limit: limits.maxIssues)
    }

    package var isFull: Bool { issues.count >= limit }
    package var isEmpty: Bool { issues.isEmpty && omitted == 0 }
    /// Issues found so far, kept or counted.
    package var total: Int { issues.count + omitted }

    /// Adds an issue; `pointer` and `reason` are evaluated only when it is kept.
    package mutating func add(_ code: ValidationIssue.Code, at pointer: @autoclosure () -> String, _ reason: @autoclosure () -> String) {
        guard !isFull else {
            omitted += 1
            return
        }
        issues.append(ValidationIssue(pointer: pointer(), reason: reason(), code: code))
    }

    /// Adds an issue built only when it is kept.
    package mutating func add(_ issue: @autoclosure () -> ValidationIssue) {
        guard !isFull else {
            omitted += 1
            return
        }
        issues.append(issue())
    }

    /// Adds an issue even when the list is full, in place of the last one kept (a fatal parse error:
    /// the one that says why the body could not be read must be listed).
    package mutating func force(_ issue: ValidationIssue) {
        if isFull, !issues.isEmpty {
            issues.removeLast()
            omitted += 1
        }
        issues.append(issue)
    }

    /// Adds the issues of another collector. A `too_many_issues` entry written by `finished()` adds its
    /// count; `mayHaveDropped`: the source stops at a cap without counting, so when it returned `limit`
    /// or more issues the total is a lower bound.
    package mutating func merge(_ other: [ValidationIssue], mayHaveDropped: Bool = false) {
        for issue in other {
            if issue.code == .tooManyIssues, let count = IssueList.omittedCount(issue) {
                omitted += count.value
                omittedIsLowerBound = omittedIsLowerBound || count.isLowerBound
            } else {
                add(issue)
            }
        }
        if mayHaveDropped, other.count >= limit { omittedIsLowerBound = true }
    }

    /// Adds the issues another list kept, and what it counted.
    package mutating func merge(_ other: IssueList) {
        for issue in other.issues { add(issue) }
        omitted += other.omitted
        omittedIsLowerBound = omittedIsLowerBound || other.omittedIsLowerBound
    }

    /// The kept issues, then one `too_many_issues` entry when some were omitted.
    package func finished() -> [ValidationIssue] {
        guard omitted > 0 || omittedIsLowerBound && isFull else { return issues }
        let reason = switch (omitted, omittedIsLowerBound) {
        case (0, _): "further problems may not be listed (limit of \(limit))"
        case (_, true): "at least \(omitted) further problems are not listed (limit of \(limit))"
        case (_, false): "\(omitted) further problems are not listed (limit of \(limit))"
        }
        return issues + [ValidationIssue(pointer: "", reason: reason, code: .tooManyIssues)]
    }

    /// The count of a `too_many_issues` entry written by `finished()`.
    private static func omittedCount(_ issue: ValidationIssue) -> (value: Int, isLowerBound: Bool)? {
        var text = Substring(issue.reason)
        let isLowerBound = text.hasPrefix("at least ")
        if isLowerBound { text = text.dropFirst("at least ".count) }
        guard let value = Int(text.prefix(while: { $0.isASCII && $0.isNumber })) else { return nil }
        return (value, isLowerBound)
    }
}
