import Foundation
import PlanReviewContract
import PlanReviewJSON
import Yams

/// A configuration file that cannot be used, with the file and the field at fault.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var file: String
    /// Dotted path into the file, e.g. `benchmarks[1].points[0].year`.
    public var field: String?
    public var message: String

    public init(file: String, field: String?, message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    init(file: String, decodingError: DecodingError) {
        func path(_ keys: [any CodingKey]) -> String {
            var out = ""
            for key in keys {
                if let i = key.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + key.stringValue }
            }
            return out
        }
        switch decodingError {
        case .typeMismatch(let type, let ctx):
            self.init(file: file, field: path(ctx.codingPath), message: "expected \(type): \(ctx.debugDescription)")
        case .valueNotFound(let type, let ctx):
            self.init(file: file, field: path(ctx.codingPath), message: "missing \(type) value")
        case .keyNotFound(let key, let ctx):
            self.init(file: file, field: path(ctx.codingPath + [key]), message: "required field is missing")
        case .dataCorrupted(let ctx):
            self.init(file: file, field: path(ctx.codingPath), message: ctx.debugDescription)
        @unknown default:
            self.init(file: file, field: nil, message: "\(decodingError)")
        }
    }

    public var description: String {
        "\(file)\(field.map { ": \($0)" } ?? ""): \(message)"
    }
}
