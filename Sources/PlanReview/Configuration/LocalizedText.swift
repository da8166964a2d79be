import Foundation
import PlanReviewContract
import PlanReviewJSON
import Yams

/// A text in both result languages.
public struct LocalizedText: Sendable, Codable, Equatable {
    public var da: String
    public var en: String

    public init(da: String, en: String) {
        self.da = da
        self.en = en
    }

    public func text(_ language: Language) -> String {
        switch language {
        case .da: da
        case .en: en
        }
    }
}
