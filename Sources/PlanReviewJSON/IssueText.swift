import PlanReviewContract

/// Bounded text in issues: values of the body echoed in reasons, and JSON Pointers.
///
/// Both are cut by UTF-8 bytes at a Unicode scalar boundary (a `Character` can be any number of
/// bytes: "e" with 1,000 combining accents is one), and a cut text ends with "…" (U+2026).
package enum IssueText {
    package static let ellipsis = "…"

    /// `text`, or its first bytes and "…" when it is longer than `maxBytes` (at least 4).
    package static func echo(_ text: some StringProtocol, maxBytes: Int = ValidationLimits().maxEchoBytes) -> String {
        let utf8 = text.utf8
        guard utf8.count > maxBytes else { return String(text) }
        let keep = prefixLength(utf8, max(0, maxBytes - ellipsis.utf8.count))
        return String(decoding: utf8.prefix(keep), as: UTF8.self) + ellipsis
    }

    /// The escaped text of a JSON Pointer cut to at most `maxBytes`: never inside a `~0`/`~1`
    /// escape, so the result is still a JSON Pointer and the part before "…" a prefix of `pointer`.
    package static func pointer(_ pointer: String, maxBytes: Int) -> String {
        let utf8 = pointer.utf8
        guard utf8.count > maxBytes else { return pointer }
        var keep = prefixLength(utf8, max(1, maxBytes - ellipsis.utf8.count))
        let bytes = Array(utf8.prefix(keep))
        if keep > 0, bytes[keep - 1] == UInt8(ascii: "~") { keep -= 1 }
        return String(decoding: bytes.prefix(keep), as: UTF8.self) + ellipsis
    }

    /// The longest prefix of at most `limit` bytes that ends at a scalar boundary.
    private static func prefixLength(_ utf8: some Collection<UInt8>, _ limit: Int) -> Int {
        var keep = 0
        var index = 0
        for b in utf8 {
            if index > limit { break }
            if b & 0xC0 != 0x80 { keep = index }  // a scalar starts here: everything before it fits
            index += 1
        }
        if index <= limit { keep = index }
        return keep
    }
}
