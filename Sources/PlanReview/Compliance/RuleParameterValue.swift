import PlanReviewContract
import PlanReviewJSON
import Yams

/// A value under a rule's `params:`: a number, a string, a boolean or a list of strings.
public enum RuleParameterValue: Sendable, Equatable, Codable, CustomStringConvertible {
    case number(Double)
    case string(String)
    case bool(Bool)
    case list([String])

    public init(from decoder: any Decoder) throws {
        if var items = try? decoder.unkeyedContainer() {
            var out: [String] = []
            while !items.isAtEnd { out.append(try items.decode(String.self)) }
            self = .list(out)
            return
        }
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else {
            self = .string(try c.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let n): try c.encode(n)
        case .string(let s): try c.encode(s)
        case .bool(let b): try c.encode(b)
        case .list(let l): try c.encode(l)
        }
    }

    public var description: String {
        switch self {
        case .number(let n): n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .string(let s): "'\(s)'"
        case .bool(let b): String(b)
        case .list(let l): "[" + l.joined(separator: ", ") + "]"
        }
    }
}
