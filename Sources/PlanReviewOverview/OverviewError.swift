/// An overview configuration or input that cannot be used; the message says which and why.
public struct OverviewError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) { self.description = description }
}
