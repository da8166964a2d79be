import PlanReviewContract
import Foundation

/// A page of metrics in the Prometheus text exposition format (version 0.0.4), as a worker's `/metrics`
/// serves it: what `planreview stats` and `monitor` read from the workers.
///
/// Format: https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format —
/// `name{label="value",...} value [timestamp]` per line; `# HELP` and `# TYPE` comment lines; label
/// values escape `\\`, `\"` and `\n`; values are Go floats, `+Inf`, `-Inf` or `NaN`.
public struct PrometheusExposition: Sendable, Equatable {
    public struct Sample: Sendable, Equatable {
        public var name: String
        public var labels: [String: String]
        public var value: Double

        public init(name: String, labels: [String: String] = [:], value: Double) {
            self.name = name
            self.labels = labels
            self.value = value
        }
    }

    /// A line that is not a valid sample.
    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var line: Int
        public var text: String
        public var description: String { "line \(line): not a Prometheus sample: \(text)" }
    }

    public var samples: [Sample]
    /// Metric family name -> type (`counter`, `gauge`, `histogram`, ...), from the `# TYPE` lines.
    public var types: [String: String]

    public init(samples: [Sample], types: [String: String] = [:]) {
        self.samples = samples
        self.types = types
    }

    public init(parsing text: String) throws(ParseError) {
        var samples: [Sample] = []
        var types: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                let words = line.split(separator: " ", maxSplits: 3)
                if words.count == 4, words[1] == "TYPE" { types[String(words[2])] = String(words[3]) }
                continue
            }
            guard let sample = Self.sample(line) else { throw ParseError(line: index + 1, text: String(line)) }
            samples.append(sample)
        }
        self.samples = samples
        self.types = types
    }

    /// Samples of a name whose labels include all of `labels`.
    public func samples(_ name: String, matching labels: [String: String] = [:]) -> [Sample] {
        samples.filter { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }
    }

    /// The sum over every sample of a name that matches `labels`; nil when there is none.
    public func sum(_ name: String, matching labels: [String: String] = [:]) -> Double? {
        let matching = samples(name, matching: labels)
        return matching.isEmpty ? nil : matching.reduce(0) { $0 + $1.value }
    }

    /// A histogram family (`name_bucket`, `name_sum`, `name_count`), summed over every label set but `le`.
    public func histogram(_ name: String) -> Histogram? {
        var buckets: [Double: Double] = [:]
        for sample in samples(name + "_bucket") {
            guard let bound = sample.labels["le"].flatMap(Self.number) else { continue }
            buckets[bound, default: 0] += sample.value
        }
        guard !buckets.isEmpty else { return nil }
        return Histogram(
            buckets: buckets.sorted { $0.key < $1.key }.map { Histogram.Bucket(upperBound: $0.key, cumulativeCount: $0.value) },
            sum: sum(name + "_sum") ?? 0,
            count: sum(name + "_count") ?? buckets[.infinity] ?? 0
        )
    }

    /// A cumulative histogram: each bucket counts the observations at or below its upper bound.
    public struct Histogram: Sendable, Equatable {
        public struct Bucket: Sendable, Equatable {
            public var upperBound: Double
            public var cumulativeCount: Double
            public init(upperBound: Double, cumulativeCount: Double) {
                self.upperBound = upperBound
                self.cumulativeCount = cumulativeCount
            }
        }

        /// Sorted by upper bound; the last is `+Inf` in a well-formed histogram.
        public var buckets: [Bucket]
        public var sum: Double
        public var count: Double

        public init(buckets: [Bucket], sum: Double, count: Double) {
            self.buckets = buckets
            self.sum = sum
            self.count = count
        }

        /// The q-quantile (0...1), estimated as Prometheus' `histogram_quantile` does
        /// (promql/quantile.go, bucketQuantile): find the bucket that holds rank q·count and interpolate
        /// linearly inside it, assuming observations spread evenly. The first bucket starts at 0; a rank in
        /// the `+Inf` bucket yields the highest finite bound. Nil without observations.
        public func quantile(_ q: Double) -> Double? {
            guard (0...1).contains(q), let total = buckets.last?.cumulativeCount, total > 0 else { return nil }
            let rank = q * total
            guard let index = buckets.firstIndex(where: { $0.cumulativeCount >= rank }) else { return nil }
            let bucket = buckets[index]
            if bucket.upperBound == .infinity {
                return index > 0 ? buckets[index - 1].upperBound : nil
            }
            let lowerBound = index > 0 ? buckets[index - 1].upperBound : min(0, bucket.upperBound)
            let countBelow = index > 0 ? buckets[index - 1].cumulativeCount : 0
            let inBucket = bucket.cumulativeCount - countBelow
            guard inBucket > 0 else { return bucket.upperBound }
            return lowerBound + (bucket.upperBound - lowerBound) * (rank - countBelow) / inBucket
        }

        /// The observations made between `earlier` and `self` (same buckets): a window, not the process
        /// lifetime. A counter that went down (the worker restarted) yields `self` unchanged.
        public func since(_ earlier: Histogram) -> Histogram {
            guard earlier.buckets.map(\.upperBound) == buckets.map(\.upperBound), earlier.count <= count else { return self }
            return Histogram(
                buckets: zip(buckets, earlier.buckets).map { Bucket(upperBound: $0.upperBound, cumulativeCount: $0.cumulativeCount - $1.cumulativeCount) },
                sum: sum - earlier.sum,
                count: count - earlier.count
            )
        }

        /// Adds another histogram with the same buckets (several workers' observations together).
        public func adding(_ other: Histogram) -> Histogram {
            guard other.buckets.map(\.upperBound) == buckets.map(\.upperBound) else { return self }
            return Histogram(
                buckets: zip(buckets, other.buckets).map { Bucket(upperBound: $0.upperBound, cumulativeCount: $0.cumulativeCount + $1.cumulativeCount) },
                sum: sum + other.sum,
                count: count + other.count
            )
        }
    }

    // MARK: Parsing one line

    static func sample(_ line: String) -> Sample? {
        var rest = Substring(line)
        guard let nameEnd = rest.firstIndex(where: { $0 == "{" || $0 == " " || $0 == "\t" }) else { return nil }
        let name = String(rest[..<nameEnd])
        guard isValidName(name) else { return nil }
        rest = rest[nameEnd...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            guard let parsed = Self.labels(&rest) else { return nil }
            labels = parsed
        }
        let fields = rest.split(whereSeparator: { $0 == " " || $0 == "\t" })
        // The value, then an optional timestamp in ms.
        guard (1...2).contains(fields.count), let value = number(String(fields[0])) else { return nil }
        return Sample(name: name, labels: labels, value: value)
    }

    /// `label="value",...}`; leaves `text` after the closing brace.
    private static func labels(_ text: inout Substring) -> [String: String]? {
        var labels: [String: String] = [:]
        while true {
            text = text.drop(while: { $0 == " " || $0 == "," })
            if text.first == "}" {
                text = text.dropFirst()
                return labels
            }
            guard let equals = text.firstIndex(of: "=") else { return nil }
            let key = text[..<equals].trimmingCharacters(in: .whitespaces)
            text = text[text.index(after: equals)...].drop(while: { $0 == " " })
            guard !key.isEmpty, text.first == "\"" else { return nil }
            text = text.dropFirst()
            var value = ""
            var escaped = false
            var closed = false
            while let character = text.first {
                text = text.dropFirst()
                if escaped {
                    value.append(character == "n" ? "\n" : character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == "\"" {
                    closed = true
                    break
                } else {
                    value.append(character)
                }
            }
            guard closed else { return nil }
            labels[key] = value
        }
    }

    /// A sample value: a Go float, `+Inf`, `-Inf` or `NaN`.
    static func number(_ text: String) -> Double? {
        switch text {
        case "+Inf", "Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: Double(text)
        }
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*` (the data model's metric name rule).
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, CharacterSet.letters.contains(first) || first == "_" || first == ":" else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == ":") }
    }
}
