import PlanReviewContract
import PlanReviewJSON

/// The arguments of one message: at most six pairs, stored inline (no allocation per message)
/// and looked up by a linear scan.
public struct MessageArguments: Sendable, ExpressibleByDictionaryLiteral {
    public typealias Pair = (MessageArgument, MessageValue)
    public static let capacity = 6

    private var p0: Pair?
    private var p1: Pair?
    private var p2: Pair?
    private var p3: Pair?
    private var p4: Pair?
    private var p5: Pair?
    public private(set) var count = 0

    @inline(__always)
    public init(dictionaryLiteral elements: Pair...) {
        for e in elements { append(e) }
    }

    public init() {}

    public static let none = MessageArguments()

    /// Adds a pair; a seventh is a check bug (no outcome has more than six placeholders).
    @inline(__always)
    public mutating func append(_ pair: Pair) {
        switch count {
        case 0: p0 = pair
        case 1: p1 = pair
        case 2: p2 = pair
        case 3: p3 = pair
        case 4: p4 = pair
        case 5: p5 = pair
        default: assertionFailure("more than \(Self.capacity) message arguments")
        }
        count += 1
    }

    public subscript(argument: MessageArgument) -> MessageValue? {
        if let p = p0, p.0 == argument { return p.1 }
        if let p = p1, p.0 == argument { return p.1 }
        if let p = p2, p.0 == argument { return p.1 }
        if let p = p3, p.0 == argument { return p.1 }
        if let p = p4, p.0 == argument { return p.1 }
        if let p = p5, p.0 == argument { return p.1 }
        return nil
    }

    /// Formats the value of `argument` into `bytes`; false when there is none. The pairs are
    /// read in place (a lookup through the subscript copies the value, a retain and a release).
    func format(_ argument: MessageArgument, into bytes: inout MessageBytes, _ language: Language) -> Bool {
        if p0?.0 == argument { p0!.1.format(into: &bytes, language); return true }
        if p1?.0 == argument { p1!.1.format(into: &bytes, language); return true }
        if p2?.0 == argument { p2!.1.format(into: &bytes, language); return true }
        if p3?.0 == argument { p3!.1.format(into: &bytes, language); return true }
        if p4?.0 == argument { p4!.1.format(into: &bytes, language); return true }
        if p5?.0 == argument { p5!.1.format(into: &bytes, language); return true }
        return false
    }

    /// The names given (tests check that every placeholder of an outcome is filled).
    public var names: [MessageArgument] { [p0, p1, p2, p3, p4, p5].compactMap { $0?.0 } }
}
