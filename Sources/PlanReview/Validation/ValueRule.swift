import PlanReviewContract
import PlanReviewJSON

/// The value rules of the contract, each defined once: the JSON mapper applies them while it
/// reads a body, `JobValueValidator` applies the same functions to a `Job` given as a value.
///
/// Each returns nil for a valid value, else the violation (code and reason) that the caller
/// places at its JSON Pointer.
enum ValueRule {
    struct Violation: Equatable {
        var code: ValidationIssue.Code
        var reason: String
    }

    /// Years of the contract (CONTRACT.md: "years outside 1900–2100" are impossible values).
    static let years = 1900...2100

    static func year(_ y: Int) -> Violation? {
        years.contains(y) ? nil : Violation(code: .yearOutOfRange, reason: "must be between 1900 and 2100, found \(y)")
    }

    /// Money, staff, population: finite and ≥ 0.
    static func nonNegative(_ v: Double) -> Violation? {
        v >= 0 && v.isFinite ? nil : Violation(code: .negativeValue, reason: "must not be negative, found \(show(v))")
    }

    static func nonNegative(_ v: Int) -> Violation? {
        v >= 0 ? nil : Violation(code: .negativeValue, reason: "must not be negative, found \(v)")
    }

    /// Annual emissions: ≥ 0 and at most `ValidationLimits.maxAnnualTco2e`.
    static func tonnes(_ v: Double) -> Violation? {
        if let violation = nonNegative(v) { return violation }
        return magnitude(v)
    }

    /// At most `ValidationLimits.maxAnnualTco2e` in size (global emissions are ~5·10^10 t a year).
    static func magnitude(_ v: Double) -> Violation? {
        abs(v) <= ValidationLimits.maxAnnualTco2e
            ? nil : Violation(code: .outOfRange, reason: "must be at most \(show(ValidationLimits.maxAnnualTco2e)) tCO2e, found \(show(v))")
    }

    static func percent(_ v: Double) -> Violation? {
        (0...100).contains(v) ? nil : Violation(code: .outOfRange, reason: "must be between 0 and 100, found \(show(v))")
    }

    /// An inventory figure: ≥ 0, or below 0 in AFOLU (LULUCF removals: forest and soil sinks,
    /// as in the national accounts; contract v1.1); `sector` nil (a history total) may be
    /// negative too (a net-negative municipality).
    static func entryTonnes(_ v: Double, sector: GPCSector?) -> Violation? {
        if v < 0, sector != .afolu {
            return Violation(code: .negativeValue, reason: "must not be negative outside afolu (only AFOLU removals are negative), found \(show(v))")
        }
        return magnitude(v)
    }

    /// A history or BAU point: a total ≥ 0; an AFOLU sector total may be negative (a net sink).
    static func pointTonnes(_ v: Double, sector: GPCSector?) -> Violation? {
        sector == .afolu ? magnitude(v) : tonnes(v)
    }

    /// A target's reduction: 0–200 % (above 100: a "climate positive" target of net removals, v1.1).
    static func reductionPercent(_ v: Double) -> Violation? {
        (0...200).contains(v) ? nil : Violation(code: .outOfRange, reason: "must be between 0 and 200, found \(show(v))")
    }

    /// GPC scope 1, 2 or 3.
    static func scope(_ s: Int) -> Violation? {
        (1...3).contains(s) ? nil : Violation(code: .invalidValue, reason: "must be 1, 2 or 3, found \(s)")
    }

    /// A carbon budget: above 0 and at most `ValidationLimits.maxBudgetTco2e`.
    static func budget(_ b: Double) -> Violation? {
        b > 0 && b <= ValidationLimits.maxBudgetTco2e
            ? nil : Violation(code: .outOfRange, reason: "must be greater than 0 and at most \(show(ValidationLimits.maxBudgetTco2e)), found \(show(b))")
    }

    static func nonEmpty(_ s: String) -> Violation? {
        s.isEmpty ? Violation(code: .invalidValue, reason: "must not be empty") : nil
    }

    static func isoDate(_ s: String) -> Violation? {
        isISODate(s) ? nil : Violation(code: .invalidValue, reason: "expected a date YYYY-MM-DD, found '\(s.prefix(40))'")
    }

    /// An inventory entry needs a figure or a notation key, not both.
    static func figureOrNotation(hasFigure: Bool, hasNotation: Bool) -> Violation? {
        switch (hasFigure, hasNotation) {
        case (false, false): Violation(code: .missingField, reason: "needs tco2e or a notation key (NO, NE, IE, C)")
        case (true, true): Violation(code: .invalidValue, reason: "has both tco2e and a notation key: give one")
        default: nil
        }
    }

    /// `startYear` is required with `reductionTco2e` (the ramp starts there).
    static let startYearRequired = Violation(code: .missingField, reason: "required when reductionTco2e is given")

    /// `YYYY-MM-DD` with a plausible month and day.
    static func isISODate(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return false }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !isDigit(b[i]) { return false }
        let month = Int(b[5] - 48) * 10 + Int(b[6] - 48)
        let day = Int(b[8] - 48) * 10 + Int(b[9] - 48)
        return (1...12).contains(month) && (1...31).contains(day)
    }

    /// Integers as digits, other values as Swift prints them.
    static func show(_ v: Double) -> String {
        v == v.rounded(.towardZero) && abs(v) < 1e15 ? String(Int64(v)) : String(v)
    }
}
