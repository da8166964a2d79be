import PlanReviewContract
import PlanReviewJSON

/// The scalar readers: the JSON type first, then the contract's value rule (`ValueRule`).
extension JobMapper {
    mutating func string(_ node: Int) -> String? {
        guard doc.kind(node) == .string else {
            wrongType(node, expected: "a string")
            return nil
        }
        if doc.isInvalid(node) { return nil }
        return doc.string(node)
    }

    mutating func nonEmptyString(_ node: Int) -> String? {
        guard let s = string(node) else { return nil }
        if let violation = ValueRule.nonEmpty(s) {
            issue(node, violation)
            return nil
        }
        return s
    }

    mutating func bool(_ node: Int) -> Bool? {
        guard doc.kind(node) == .bool else {
            wrongType(node, expected: "a boolean")
            return nil
        }
        return doc.bool(node)
    }

    mutating func number(_ node: Int) -> Double? {
        guard doc.kind(node) == .number else {
            wrongType(node, expected: "a number")
            return nil
        }
        if doc.isInvalid(node) { return nil }
        return doc.number(node)
    }

    mutating func int(_ node: Int) -> Int? {
        guard let v = number(node) else { return nil }
        guard doc.isIntegral(node), abs(v) <= 9_007_199_254_740_992 else {
            issue(node, .wrongType, "expected an integer, found \(ValueRule.show(v))")
            return nil
        }
        return Int(v)
    }

    /// A number that passes `rule`; nil (and an issue) otherwise.
    mutating func number(_ node: Int, _ rule: (Double) -> ValueRule.Violation?) -> Double? {
        guard let v = number(node) else { return nil }
        if let violation = rule(v) {
            issue(node, violation)
            return nil
        }
        return v
    }

    /// A year between 1900 and 2100 (CONTRACT.md).
    mutating func year(_ node: Int) -> Int? {
        guard let y = int(node) else { return nil }
        if let violation = ValueRule.year(y) {
            issue(node, violation)
            return nil
        }
        return y
    }

    /// Money, staff: finite and ≥ 0.
    mutating func nonNegative(_ node: Int) -> Double? { number(node, ValueRule.nonNegative) }

    /// Annual emissions: ≥ 0 and at most `ValidationLimits.maxAnnualTco2e`.
    mutating func tonnes(_ node: Int) -> Double? { number(node, ValueRule.tonnes) }

    mutating func percent(_ node: Int) -> Double? { number(node, ValueRule.percent) }

    mutating func enumeration<E: JSONEnum>(_ node: Int, _: E.Type) -> E? {
        guard doc.kind(node) == .string else {
            wrongType(node, expected: "a string")
            return nil
        }
        if doc.isInvalid(node) { return nil }
        // Compared as bytes: the string node's raw bytes equal the name when it has no escapes.
        let candidate = doc.nodes[node]
        if candidate.flags & JSONNode.hasEscapes == 0, candidate.length <= 64 {
            let i = E.jsonNames.match(value: node, in: doc)
            if i >= 0 { return E.jsonCases[i] }
        }
        let s = doc.string(node)
        guard let e = E(rawValue: s) else {
            let allowed = E.allCases.map(\.rawValue).joined(separator: ", ")
            issue(node, .invalidValue, "must be one of \(allowed); found '\(s.prefix(64))'")
            return nil
        }
        return e
    }

    mutating func strings(_ node: Int) -> [String]? {
        var out: [String] = []
        if doc.kind(node) == .array { out.reserveCapacity(doc.count(node)) }
        var ok = true
        let isArray = elements(node, maxLength: limits.maxArrayLength) { m, e in
            if let s = m.string(e) { out.append(s) } else { ok = false }
        }
        return isArray && ok ? out : nil
    }
}
