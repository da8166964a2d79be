import AMQP

/// Publisher-confirm bookkeeping of a publisher on one channel: how many publishes are settled, and
/// up to which sequence number all are. The one confirm counter of the CLI, the benchmark and the
/// test kit (the worker's `ConfirmTracker` also maps confirms to the jobs they settle).
public struct ConfirmCount {
    public private(set) var acked = 0
    public private(set) var nacked = 0
    private var through: UInt64 = 0
    private var above: Set<UInt64> = []

    public init() {}

    public var settled: Int { acked + nacked }
    /// Every publish up to this sequence number is settled.
    public var settledThrough: UInt64 { through }

    public mutating func apply(_ confirm: AMQPConfirm) {
        let tag = confirm.deliveryTag
        var count = 0
        if confirm.multiple {
            guard tag > through else { return }
            let covered = above.filter { $0 <= tag }
            above.subtract(covered)
            count = Int(tag - through) - covered.count
            through = tag
        } else {
            guard tag > through, above.insert(tag).inserted else { return }
            count = 1
        }
        while above.remove(through + 1) != nil { through += 1 }
        if confirm.isAck { acked += count } else { nacked += count }
    }
}
