import PlanReviewContract
/// Eight bytes at a time ("SIMD within a register"): the JSON parser and writer scan strings a word
/// at a time for the bytes that need attention.
package enum SWAR {
    package static let ones: UInt64 = 0x0101_0101_0101_0101
    package static let high: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of every byte lane that may be '"' (0x22), '\\' (0x5C) or < 0x20; false positives
    /// are possible in lanes >= 0x80, never false negatives ("determine if a word has a zero byte",
    /// Bit Twiddling Hacks, S. E. Anderson).
    @inline(__always) package static func quoteBackslashOrControl(_ w: UInt64) -> UInt64 {
        let quote = w ^ (ones &* 0x22)
        let slash = w ^ (ones &* 0x5C)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroSlash = (slash &- ones) & ~slash
        let control = (w &- ones &* 0x20) & ~w
        return (zeroQuote | zeroSlash | control) & high
    }
}
