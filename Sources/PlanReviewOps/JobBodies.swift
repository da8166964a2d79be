/// Byte-level edits of serialized job bodies, so a publisher that sends many copies of a job
/// (`planreview submit --repeat`, the benchmark's load) serializes it once.
public enum JobBodies {
    /// Start and end of the value of the first `"jobId": "..."` member (no escapes in ids).
    public static func jobIdValueRange(_ body: [UInt8]) -> (Int, Int)? {
        let key = Array("\"jobId\"".utf8)
        guard body.count > key.count else { return nil }
        var i = 0
        while i + key.count <= body.count {
            if body[i] == key[0], Array(body[i..<i + key.count]) == key {
                var j = i + key.count
                while j < body.count, body[j] == UInt8(ascii: " ") || body[j] == UInt8(ascii: ":") || body[j] == UInt8(ascii: "\n") { j += 1 }
                guard j < body.count, body[j] == UInt8(ascii: "\"") else { return nil }
                let start = j + 1
                var end = start
                while end < body.count, body[end] != UInt8(ascii: "\"") { end += 1 }
                return end < body.count ? (start, end) : nil
            }
            i += 1
        }
        return nil
    }
}
