import PlanReviewContract
import PlanReviewJSON

/// The job as the checks see it, with the few figures several checks share.
struct RuleContext {
    let job: Job
    /// The job's plan, read in place (a stored copy would retain every field of the plan again).
    var plan: Plan {
        _read { yield job.plan }
    }
    let pathway: Pathway?
    let ruleset: Ruleset
    let language: Language
    /// The year a plan is judged at: the year of `referenceDate` (v1.1), else of the council's
    /// adoption, else of the ruleset's date (a pure review has no clock).
    let reviewYear: Int

    /// At most this many item pointers in `evidence` (the rest are summarised by the message).
    static let maxItemPointers = 5

    /// Fields that held words outside the vocabulary (the rules that need them are `incomplete`).
    let unknown: PlanReading.UnknownWords

    init(job: Job, pathway: Pathway?, ruleset: Ruleset, language: Language, unknown: PlanReading.UnknownWords = PlanReading.UnknownWords()) {
        self.unknown = unknown
        self.job = job
        self.pathway = pathway
        self.ruleset = ruleset
        self.language = language
        self.reviewYear = Self.year(of: job.referenceDate) ?? Self.year(of: job.plan.adoptedByCouncil) ?? Self.year(of: ruleset.date) ?? 2025
    }

    static func year(of isoDate: String?) -> Int? {
        guard let isoDate, isoDate.utf8.count >= 4 else { return nil }
        // Four ASCII digits followed by the end or an ASCII byte (so that the fourth character
        // is the fourth byte), as validation guarantees for its dates; anything else by characters.
        let digits: Int? = isoDate.utf8.withContiguousStorageIfAvailable { b in
            guard b.count == 4 || b[4] < 0x80 else { return nil }
            var year = 0
            for i in 0..<4 {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                year = year * 10 + Int(b[i] - 48)
            }
            return year
        } ?? nil
        return digits ?? Int(isoDate.prefix(4))
    }

    // MARK: - Shared helpers

    var actions: [MitigationAction] { plan.actions ?? [] }

    static func actionPointer(_ i: Int, _ field: StaticString = "") -> String { pointer("/plan/actions/", i, field) }

    /// `prefix`, the index `i` (≥ 0) and `field` as one String: written once and validated as
    /// ASCII (each `+` of Strings costs a few hundred instructions).
    static func pointer(_ prefix: StaticString, _ i: Int, _ field: StaticString = "") -> String {
        precondition(i >= 0, "an index")
        var digits = 1
        var rest = i / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        let count = prefix.utf8CodeUnitCount + digits + field.utf8CodeUnitCount
        return String(unsafeUninitializedCapacity: count) { out in
            let base = out.baseAddress!
            base.initialize(from: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
            var value = i
            var k = prefix.utf8CodeUnitCount + digits
            repeat {
                k -= 1
                base[k] = UInt8(truncatingIfNeeded: 48 + value % 10)
                value /= 10
            } while k > prefix.utf8CodeUnitCount
            (base + prefix.utf8CodeUnitCount + digits).initialize(from: field.utf8Start, count: field.utf8CodeUnitCount)
            return count
        }
    }

    /// Hazards assessed at one of `levels` (likelihood or consequence), as a set; nil without a
    /// risk assessment.
    func significantHazards(_ levels: [String]) -> HazardSet? {
        guard let assessment = plan.adaptation?.riskAssessment else { return nil }
        var out = HazardSet()
        guard let hazards = assessment.hazards else { return out }
        // Read in place: a copy of an assessed hazard would retain its strings.
        for i in hazards.indices where !out.contains(hazards[i].hazard) {
            if Self.matches(hazards[i].likelihood, levels) || Self.matches(hazards[i].consequence, levels) { out.insert(hazards[i].hazard) }
        }
        return out
    }

    /// Whether `value` equals one of `options` (lower-case) ignoring case; ASCII without allocating.
    static func matches(_ value: String?, _ options: [String]) -> Bool {
        guard let value else { return false }
        for option in options where equalsIgnoringCase(value, lowercased: option) { return true }
        return false
    }

    static func equalsIgnoringCase(_ value: String, lowercased option: String) -> Bool {
        // The bytes in place (a small string's are copied to the stack): an iterator per
        // UTF8View costs several times the comparison.
        let ascii: Bool? = value.utf8.withContiguousStorageIfAvailable { a in
            option.utf8.withContiguousStorageIfAvailable { b in asciiEqualsIgnoringCase(a, lowercased: b) } ?? nil
        } ?? nil
        return ascii ?? (value.lowercased() == option)
    }

    /// Whether `a` equals `b` (lower-case) ignoring ASCII case; nil when only a full lower-casing
    /// can tell (`a` has a byte ≥ 0x80 where they differ, or where their lengths differ).
    @inline(__always)
    private static func asciiEqualsIgnoringCase(_ a: UnsafeBufferPointer<UInt8>, lowercased b: UnsafeBufferPointer<UInt8>) -> Bool? {
        let n = min(a.count, b.count)
        var i = 0
        while i < n {
            let x = a[i]
            let y = b[i]
            if x == y || (x >= 65 && x <= 90 && x + 32 == y) {
                i += 1
                continue
            }
            return x >= 0x80 ? nil : false
        }
        if a.count == b.count { return true }
        return a.contains { $0 >= 0x80 } ? nil : false
    }

    func percent(_ part: Int, of total: Int) -> Double { total > 0 ? 100 * Double(part) / Double(total) : 0 }
}
