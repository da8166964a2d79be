import AMQP
import PlanReview
import PlanReviewContract
@testable import ReviewWorker


/// A review that answers at once: job id from `message_id`, a fixed status and routing key.
struct FakeReview: JobReviewing {
    var status: ReviewStatus = .compliant
    var contentHash: String? = "sha256:feed"

    func review(_ job: IncomingJob) -> ReviewedJob {
        ReviewedJob(
            jobId: job.envelope.messageId ?? "", status: status, routingKey: "result.101.\(status.rawValue)", contentHash: contentHash,
            body: Array("result of \(job.envelope.messageId ?? "?")".utf8), kommunekode: 101, reviewDuration: .microseconds(40))
    }
}

/// Records every observation, in order.
final class RecordingObserver: ConsumerObserving {
    private(set) var observations: [ConsumerObservation] = []
    func observe(_ observation: ConsumerObservation) { observations.append(observation) }
}

/// A fake clock for the core: starts at 2023-11-14T22:13:20Z and moves only when told.
struct FakeClock {
    var now = ConsumerTime(monotonic: .seconds(100), unixMilliseconds: 1_700_000_000_000)

    mutating func advance(_ duration: Duration) {
        now.monotonic += duration
        now.unixMilliseconds += Int64(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }
}

/// Drives a core the way a channel would: numbers publishes 1, 2, 3 … (confirm mode), checks that the
/// core expected that number, and records what was acked, requeued, cancelled, closed.
struct CoreHarness {
    var core: ConsumerCore
    var clock = FakeClock()
    let observer = RecordingObserver()
    private(set) var published: [ConsumerPublish] = []
    private(set) var acks: [UInt64] = []
    private(set) var requeued: [UInt64] = []
    /// basic.reject(requeue: false) asked for.
    private(set) var rejected: [UInt64] = []
    /// How often the core asked to reopen its publishing channel.
    private(set) var reopened = 0
    /// The publishes on the current publishing channel not yet confirmed by ``confirm(_:multiple:ack:)`` (a broker's view).
    private(set) var unconfirmedOnChannel: [ConsumerPublish] = []
    /// Publishes before the current channel was opened.
    private var publishedBeforeChannel = 0
    private(set) var cancelled = 0
    private(set) var closed = false
    private(set) var finished = false
    private(set) var log: [ConsumerAction] = []
    /// The highest sequence number confirmed (by ``confirm(_:multiple:ack:)``).
    private(set) var confirmedUpTo: UInt64 = 0

    init(
        topology: Topology = Topology(prefix: "t"), shutdownDeadline: Duration = .seconds(10), quarantines: Bool = false, review: any JobReviewing = FakeReview(),
        replyPolicy: ReplyToPolicy = ReplyToPolicy()
    ) {
        let observer = observer
        core = ConsumerCore(
            configuration: ConsumerCore.Configuration(topology: topology, shutdownDeadline: shutdownDeadline, quarantinesRedeliveries: quarantines, replyPolicy: replyPolicy),
            reviewer: review, observer: observer)
    }

    var observations: [ConsumerObservation] { observer.observations }

    @discardableResult
    mutating func send(_ event: ConsumerEvent) -> [ConsumerAction] {
        let actions = core.handle(event, now: clock.now)
        for action in actions {
            log.append(action)
            switch action {
            case .publish(let publish):
                precondition(publish.sequenceNumber == UInt64(published.count - publishedBeforeChannel + 1), "the core numbers publishes as the channel does")
                published.append(publish)
                unconfirmedOnChannel.append(publish)
            case .reject(let tag): rejected.append(tag)
            case .reopenPublishChannel:
                reopened += 1
                publishedBeforeChannel = published.count
                unconfirmedOnChannel = []
            case .ack(let tag): acks.append(tag)
            case .requeue(let tag): requeued.append(tag)
            case .cancelConsumer: cancelled += 1
            case .closeChannel: closed = true
            case .finished: finished = true
            }
        }
        return actions
    }

    @discardableResult
    mutating func deliver(
        _ tag: UInt64, id: String? = nil, replyTo: String? = nil, redelivered: Bool = false, headers: AMQPTable? = nil, timestamp: UInt64? = 1_700_000_000,
        userId: String? = nil, expiration: String? = nil
    ) -> [ConsumerAction] {
        let properties = AMQPProperties(
            contentType: "application/json", headers: headers, deliveryMode: 2, correlationId: "c-\(tag)", replyTo: replyTo, expiration: expiration,
            messageId: id ?? "job-\(tag)", timestamp: timestamp, type: ContractTypes.job, userId: userId)
        return send(.delivery(ConsumerDelivery(deliveryTag: tag, redelivered: redelivered, properties: properties, body: Array("job \(tag)".utf8))))
    }

    @discardableResult
    mutating func confirm(_ sequenceNumber: UInt64, multiple: Bool = false, ack: Bool = true) -> [ConsumerAction] {
        confirmedUpTo = max(confirmedUpTo, sequenceNumber)
        unconfirmedOnChannel.removeAll { multiple ? $0.sequenceNumber <= sequenceNumber : $0.sequenceNumber == sequenceNumber }
        return send(.confirm(sequenceNumber: sequenceNumber, multiple: multiple, isAck: ack))
    }
}

extension CoreHarness {
    static let sizeRefusal = "PRECONDITION_FAILED - message size 2500000 is larger than configured max size 2097152"

    /// A broker that takes the publishes of the current channel in order, acks each one, and closes
    /// the channel (406) at the first one `refuses` names, until nothing is unconfirmed.
    mutating func runBroker(refusing refuses: (ConsumerPublish) -> Bool) {
        var rounds = 0
        while let first = unconfirmedOnChannel.first {
            rounds += 1
            precondition(rounds < 10_000, "the core keeps publishing")
            if refuses(first) {
                send(.publishChannelClosed(replyCode: 406, replyText: Self.sizeRefusal))
            } else {
                confirm(first.sequenceNumber)
            }
        }
    }
}
