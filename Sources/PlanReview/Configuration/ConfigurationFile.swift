import Foundation
import PlanReviewContract
import PlanReviewJSON
import Yams

/// One configuration file as read by the executable: its path (for messages) and its text.
public struct ConfigurationFile: Sendable {
    public var path: String
    public var text: String

    public init(path: String, text: String) {
        self.path = path
        self.text = text
    }

    /// The last path component, e.g. `dk2020.yaml`.
    public var fileName: String { path.split(separator: "/").last.map(String.init) ?? path }
}
