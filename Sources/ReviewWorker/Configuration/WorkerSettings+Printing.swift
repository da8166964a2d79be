import Foundation
import PlanReviewContract

/// --print-config and --print-config-json: the effective values with the source of each.
extension WorkerSettings {
    /// The effective values as `key -> value` (JSON-compatible), secrets redacted, in the table's order.
    public var effectiveValues: [(key: String, value: Any)] {
        Key.all.map { ($0.name, $0.value(self)) }
    }

    /// `{"consumers": {"value": 2, "source": "flag"}, ...}`.
    public func printableJSON() throws -> String {
        var object: [String: Any] = [:]
        for (key, value) in effectiveValues {
            object[key] = ["value": Self.jsonValue(value), "source": sources[key] ?? "default"]
        }
        object["_file"] = configFile ?? NSNull()
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// The effective values as a worker.yaml, each line with its source as a comment.
    public func printableYAML() -> String {
        var lines = [
            "# planreview-worker: effective configuration (defaults < file < environment < flags); secrets redacted.",
            "# file: \(configFile ?? "none")",
        ]
        var section: String?
        for (key, value) in effectiveValues {
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            let indent: String
            let name: String
            if parts.count == 2 {
                if section != parts[0] {
                    lines.append("\(parts[0]):")
                    section = parts[0]
                }
                indent = "  "
                name = parts[1]
            } else {
                section = nil
                indent = ""
                name = key
            }
            if value is NSNull {
                lines.append("\(indent)# \(name):  (not set)")
            } else {
                lines.append("\(indent)\(name): \(Self.yamlValue(value))  # \(sources[key] ?? "default")")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func jsonValue(_ value: Any) -> Any {
        if let double = value as? Double { return double }
        return value
    }

    private static func yamlValue(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case let strings as [String]: return "[" + strings.map(yamlValue).joined(separator: ", ") + "]"
        case let doubles as [Double]: return "[" + doubles.map { yamlValue($0) }.joined(separator: ", ") + "]"
        case let double as Double: return double == double.rounded() && abs(double) < 1e15 ? String(Int(double)) : String(double)
        case let string as String:
            // Quote what YAML would read as another type or that has special characters.
            let plain = string.range(of: #"^[A-Za-z0-9_./-][A-Za-z0-9_./@:%-]*$"#, options: .regularExpression) != nil
                && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(string.lowercased()) && Double(string) == nil
            return plain ? string : "\"" + string.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        default: return "\(value)"
        }
    }
}
