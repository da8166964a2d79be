import Crypto
import PlanReviewContract

/// SHA-256 (FIPS 180-4), for the result's `contentHash`, over swift-crypto (BoringSSL on Linux).
///
/// A plain Swift implementation ran at ~2.7 ns/byte, a third of the decode + review + encode budget
/// for a 30-action job; swift-crypto's hashes the same 12.9 kB in ~7 µs (docs/BENCHMARKS.md).
/// This type keeps the module's small hashing API in one place. Tested with the FIPS 180-2 vectors.
public struct SHA256: Sendable {
    private var hasher = Crypto.SHA256()

    public init() {}

    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        Array(Crypto.SHA256.hash(data: bytes))
    }

    /// `sha256:` followed by the lowercase hex digest, the form used in results.
    public static func prefixedHex(_ bytes: [UInt8]) -> String {
        "sha256:" + hex(hash(bytes))
    }

    public static func hex(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(digest.count * 2)
        for b in digest {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    public mutating func update(_ bytes: [UInt8]) {
        hasher.update(data: bytes)
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    /// The digest of everything passed to `update`.
    public mutating func finalize() -> [UInt8] {
        Array(hasher.finalize())
    }
}
