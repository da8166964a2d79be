import PlanReviewContract
import PlanReviewJSON

/// A template in both result languages.
public struct LocalizedTemplate: Sendable, Equatable {
    public var da: MessageTemplate
    public var en: MessageTemplate

    public init(da: MessageTemplate, en: MessageTemplate) {
        self.da = da
        self.en = en
    }

    public func template(_ language: Language) -> MessageTemplate {
        switch language {
        case .da: da
        case .en: en
        }
    }
}
