import PlanReviewContract
import Foundation

/// A JSON Pointer (RFC 6901): "/plan/actions/3/startYear". "" is the whole document.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// Unescaped reference tokens.
    public private(set) var tokens: [String]

    public init(tokens: [String] = []) { self.tokens = tokens }

    /// Parses "/a/b~1c/0"; nil when the text does not start with "/" (and is not "").
    public init?(parsing text: String) {
        if text.isEmpty { self.tokens = []; return }
        guard text.hasPrefix("/") else { return nil }
        self.tokens = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    public init(stringLiteral value: String) {
        self = JSONPointer(parsing: value) ?? JSONPointer(tokens: [value])
    }

    public func appending(_ key: String) -> JSONPointer {
        var copy = self
        copy.tokens.append(key)
        return copy
    }

    public func appending(_ index: Int) -> JSONPointer { appending(String(index)) }

    public mutating func append(_ key: String) { tokens.append(key) }

    /// The escaped form: "~" as "~0", "/" as "~1" (RFC 6901 §3).
    public var description: String {
        var out = ""
        for token in tokens {
            out.append("/")
            out.append(JSONPointer.escape(token))
        }
        return out
    }

    public static func escape(_ token: String) -> String {
        guard token.contains("~") || token.contains("/") else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
