import Synchronization

/// What the results consumer is doing, for `/readyz` and the logs; shared between its thread and
/// the HTTP handlers.
public final class ConsumerState: Sendable {
    public enum State: Sendable, Equatable, CustomStringConvertible {
        case starting
        case consuming(queue: String, stream: Bool)
        case reconnecting(reason: String)
        case stopped

        public var isReady: Bool { if case .consuming = self { true } else { false } }

        public var description: String {
            switch self {
            case .starting: "starting"
            case .consuming(let queue, let stream): "consuming \(stream ? "stream" : "queue") \(queue)"
            case .reconnecting(let reason): "reconnecting (\(reason))"
            case .stopped: "stopped"
            }
        }
    }

    private let state = Mutex<State>(.starting)
    private let stopRequested = Atomic<Bool>(false)

    public init() {}

    public var current: State { state.withLock { $0 } }
    func set(_ new: State) { state.withLock { $0 = new } }

    var isStopping: Bool { stopRequested.load(ordering: .acquiring) }
    func requestStop() { stopRequested.store(true, ordering: .releasing) }
}
