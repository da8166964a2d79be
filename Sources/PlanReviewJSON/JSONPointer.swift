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
        // Bytes, not `String.contains(String)`: with Foundation imported that is CFStringFind, which
        // made 40,000 issue pointers take 200 ms.
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}

/// The escaped text of a JSON Pointer built token by token up to a byte bound: the issue pointers
/// of the parser and of `JSONDocument.pointerText(to:maxBytes:)`.
///
/// Copies at most `maxBytes` (plus one token's escape) however long the keys on the path are, then
/// cuts with "…" as `IssueText.pointer` does.
package struct BoundedPointer {
    package let maxBytes: Int
    private var bytes: [UInt8] = []
    private var tokens: [String] = []
    private var truncated = false

    package init(maxBytes: Int) {
        self.maxBytes = max(maxBytes, 8)
        bytes.reserveCapacity(64)
    }

    /// Nothing more fits: further tokens are not even read.
    package var isFull: Bool { truncated }

    /// Appends "/" and the token, escaping "~" and "/" (RFC 6901 §3).
    package mutating func append(token: some Collection<UInt8>) {
        guard !truncated else { return }
        let start = bytes.count
        bytes.append(UInt8(ascii: "/"))
        for b in token {
            if bytes.count > maxBytes {
                truncated = true
                break
            }
            switch b {
            case UInt8(ascii: "~"): bytes.append(UInt8(ascii: "~")); bytes.append(UInt8(ascii: "0"))
            case UInt8(ascii: "/"): bytes.append(UInt8(ascii: "~")); bytes.append(UInt8(ascii: "1"))
            default: bytes.append(b)
            }
        }
        if bytes.count > maxBytes { truncated = true }
        tokens.append(String(decoding: token.prefix(bytes.count - start), as: UTF8.self))
    }

    package mutating func append(index: Int) {
        append(token: Array(String(index).utf8))
    }

    /// The escaped text, at most `maxBytes`.
    package func text() -> String {
        IssueText.pointer(String(decoding: bytes, as: UTF8.self), maxBytes: maxBytes)
    }

    /// As a `JSONPointer`; when cut, its last token ends with "…".
    package func pointer() -> JSONPointer {
        guard truncated || bytes.count > maxBytes else { return JSONPointer(tokens: tokens) }
        return JSONPointer(parsing: text()) ?? JSONPointer(tokens: tokens)
    }
}
