import PlanReviewContract
import PlanReviewJSON

/// A parameter the loader could not use.
public struct RuleCheckError: Error, Sendable, CustomStringConvertible {
    /// The parameter's name, nil for the check as a whole.
    public var parameter: String?
    public var message: String

    public var description: String { parameter.map { "params.\($0): \(message)" } ?? message }
}

/// Reads a rule's `params:` against its check's `ParameterSpec`s.
struct ParameterReader {
    let spec: CheckSpec
    let given: [String: RuleParameterValue]

    func rejectUnknown() throws(RuleCheckError) {
        for name in given.keys.sorted() where spec.parameter(name) == nil {
            let known = spec.parameters.map(\.name)
            throw RuleCheckError(
                parameter: name,
                message: "unknown parameter for check '\(spec.kind.rawValue)' (\(known.isEmpty ? "it takes no parameters" : "known: " + known.joined(separator: ", ")))")
        }
    }

    private func value(_ name: String) -> RuleParameterValue {
        given[name] ?? spec.parameter(name)!.defaultValue
    }

    private func wholeNumber(_ name: String, _ range: ClosedRange<Int>, _ what: String) throws(RuleCheckError) -> Int {
        guard case .number(let v) = value(name), v == v.rounded(), v >= Double(range.lowerBound), v <= Double(range.upperBound) else {
            throw RuleCheckError(parameter: name, message: "must be \(what), found \(value(name))")
        }
        return Int(v)
    }

    func year(_ name: String) throws(RuleCheckError) -> Int { try wholeNumber(name, 1900...2100, "a year between 1900 and 2100") }
    func count(_ name: String) throws(RuleCheckError) -> Int { try wholeNumber(name, 0...1_000_000, "a whole number ≥ 0") }

    func number(_ name: String) throws(RuleCheckError) -> Double {
        guard case .number(let v) = value(name), v.isFinite, v >= 0 else {
            throw RuleCheckError(parameter: name, message: "must be a number ≥ 0, found \(value(name))")
        }
        if spec.parameter(name)?.kind == .percent, v > 100 {
            throw RuleCheckError(parameter: name, message: "must be a percentage between 0 and 100, found \(value(name))")
        }
        return v
    }

    func strings(_ name: String) throws(RuleCheckError) -> [String] {
        guard case .list(let items) = value(name), !items.isEmpty else {
            throw RuleCheckError(parameter: name, message: "must be a non-empty list, found \(value(name))")
        }
        return items.map { $0.lowercased() }
    }

    func hazards(_ name: String) throws(RuleCheckError) -> [ClimateHazard] {
        try strings(name).map { (s: String) throws(RuleCheckError) -> ClimateHazard in
            guard let h = ClimateHazard(rawValue: s) else {
                throw RuleCheckError(parameter: name, message: "unknown hazard '\(s)' (known: \(ClimateHazard.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return h
        }
    }

    func sectors(_ name: String) throws(RuleCheckError) -> [GPCSector] {
        try strings(name).map { (s: String) throws(RuleCheckError) -> GPCSector in
            guard let sector = GPCSector(rawValue: s) else {
                throw RuleCheckError(parameter: name, message: "unknown GPC sector '\(s)' (known: \(GPCSector.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return sector
        }
    }

    func sources(_ name: String) throws(RuleCheckError) -> [GPCSource] {
        try strings(name).map { (s: String) throws(RuleCheckError) -> GPCSource in
            guard let source = GPCSource(parsing: s) else {
                throw RuleCheckError(parameter: name, message: "'\(s)' is not sector/scope (e.g. transport/2; sectors: \(GPCSector.allCases.map(\.rawValue).joined(separator: ", ")); scopes 1-3)")
            }
            return source
        }
    }

    /// A rule status chosen by the ruleset, one of `allowed` (`sectorSplit`: pass or warn;
    /// `unstated`: fail or incomplete).
    func status(_ name: String, among allowed: [RuleStatus]) throws(RuleCheckError) -> RuleStatus {
        guard case .string(let s) = value(name), let status = RuleStatus(rawValue: s.lowercased()), allowed.contains(status) else {
            throw RuleCheckError(parameter: name, message: "must be \(allowed.map(\.rawValue).joined(separator: " or ")), found \(value(name))")
        }
        return status
    }
}
