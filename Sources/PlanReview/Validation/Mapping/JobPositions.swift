/// Positions in the body of the elements of lists that lost invalid elements while mapping
/// (nil: the list is complete, positions are indices). Lets the consistency checks point at
/// the right element of a partially readable job.
public struct JobPositions: Sendable, Equatable {
    public var targets: [Int]?
    public var actions: [Int]?
    public var history: [Int]?
    public var businessAsUsual: [Int]?
    public var adaptationActions: [Int]?

    public init() {}
}
