import AMQP
import PlanReview
import PlanReviewContract
@testable import ReviewWorker
import Testing


/// A channel that plays back scripted broker events and records what the session did on it.
final class FakeChannel: ConsumerChannel {
    var events: [AMQPEvent]
    private(set) var calls: [String] = []
    private var nextSequenceNumber: UInt64
    /// Stop the session (through its control) when the script runs out.
    let control: ConsumerControl

    init(events: [AMQPEvent], control: ConsumerControl, firstSequenceNumber: UInt64 = 1) {
        self.events = events
        self.control = control
        self.nextSequenceNumber = firstSequenceNumber
    }

    func publish(exchange: String, routingKey: String, body: [UInt8], properties: AMQPProperties, mandatory: Bool) throws -> UInt64 {
        calls.append("publish \(exchange)/\(routingKey)")
        defer { nextSequenceNumber += 1 }
        return nextSequenceNumber
    }
    func ack(deliveryTag: UInt64, multiple: Bool) throws { calls.append("ack \(deliveryTag) multiple=\(multiple)") }
    func nack(deliveryTag: UInt64, multiple: Bool, requeue: Bool) throws { calls.append("nack \(deliveryTag) requeue=\(requeue)") }
    func reject(deliveryTag: UInt64, requeue: Bool) throws { calls.append("reject \(deliveryTag)") }
    func cancel(consumerTag: String) throws { calls.append("cancel \(consumerTag)") }
    func close() throws { calls.append("close") }
    func nextEvent(timeout: Duration) throws -> AMQPEvent {
        if events.isEmpty {
            control.requestStop()
            return .timeout
        }
        return events.removeFirst()
    }

    static func delivery(_ tag: UInt64, redelivered: Bool = false, channel: UInt16 = 1) -> AMQPEvent {
        .delivery(
            AMQPDelivery(
                channel: channel, consumerTag: channel == 1 ? "w#0" : "w#0/quarantine", deliveryTag: tag, redelivered: redelivered, exchange: "t.jobs", routingKey: "job",
                properties: AMQPProperties(messageId: "job-\(tag)"), body: Array("job".utf8)))
    }

    static func confirm(_ seq: UInt64, multiple: Bool = false, ack: Bool = true, channel: UInt16 = 1) -> AMQPEvent {
        .confirm(AMQPConfirm(channel: channel, deliveryTag: seq, multiple: multiple, isAck: ack))
    }
}

/// The driver loop over a fake channel: events in, channel calls out.
@Suite struct ConsumerSessionTests {
    /// The clock moves 1 s per reading, so a drain that cannot finish meets its 10 s deadline.
    final class Ticks {
        var now = ConsumerTime(monotonic: .zero, unixMilliseconds: 0)
        func advance() -> ConsumerTime {
            now.monotonic += .seconds(1)
            return now
        }
    }

    /// A session over `channel` with the fake review; redeliveries quarantined, and the quarantine
    /// consumed on channel 2 (`quarantine`) when given.
    func session(_ channel: FakeChannel, quarantine: FakeChannel? = nil) -> ConsumerSession<FakeChannel> {
        let ticks = Ticks()
        let lane = quarantine.map {
            ConsumerSession<FakeChannel>.Lane(
                core: ConsumerCore(configuration: .init(topology: Topology(prefix: "t")), reviewer: FakeReview()), channel: $0, channelId: 2,
                consumerTag: "w#0/quarantine")
        }
        return ConsumerSession(
            core: ConsumerCore(configuration: .init(topology: Topology(prefix: "t"), quarantinesRedeliveries: true), reviewer: FakeReview()),
            channel: channel, consumerTag: "w#0", quarantine: lane, pollInterval: .milliseconds(1), control: channel.control,
            now: { ticks.advance() })
    }

    @Test func aSessionAnswersAcksAndDrainsOnStop() throws {
        let control = ConsumerControl()
        let channel = FakeChannel(events: [FakeChannel.delivery(1), FakeChannel.delivery(2), FakeChannel.confirm(2, multiple: true)], control: control)
        var session = session(channel)
        try session.run()
        #expect(channel.calls == ["publish t.results/result.101.compliant", "publish t.results/result.101.compliant", "ack 2 multiple=true", "cancel w#0", "close"])
        #expect(control.state == .draining)
    }

    /// A redelivered job on channel 1 goes to the quarantine; the quarantine's delivery on channel 2 is
    /// reviewed and acked there, with its own sequence numbers; stop cancels and closes both.
    @Test func theQuarantineLaneRunsOnItsOwnChannel() throws {
        let control = ConsumerControl()
        let quarantine = FakeChannel(events: [], control: control)
        let channel = FakeChannel(
            events: [
                FakeChannel.delivery(1, redelivered: true), FakeChannel.delivery(7, redelivered: true, channel: 2), FakeChannel.delivery(2),
                FakeChannel.confirm(1, channel: 2), FakeChannel.confirm(2, multiple: true),
            ], control: control)
        var session = session(channel, quarantine: quarantine)
        try session.run()
        #expect(channel.calls == ["publish t.jobs/quarantine", "publish t.results/result.101.compliant", "ack 2 multiple=true", "cancel w#0", "close"])
        #expect(quarantine.calls == ["publish t.results/result.101.compliant", "ack 7 multiple=true", "cancel w#0/quarantine", "close"])
    }

    @Test func theJobsOfBothChannelsAreAbandonedWhenTheConnectionEnds() {
        let control = ConsumerControl()
        let quarantine = FakeChannel(events: [], control: control)
        let channel = FakeChannel(
            events: [FakeChannel.delivery(1), FakeChannel.delivery(7, channel: 2), .connectionClosed(AMQPError(code: .connectionClosedByServer, operation: "test", isConnectionLevel: true))],
            control: control)
        var session = session(channel, quarantine: quarantine)
        #expect(throws: (any Error).self) { try session.run() }
        #expect(session.lostJobs == 2)
    }

    @Test(arguments: [
        AMQPEvent.consumerCancelled(channel: 1, consumerTag: "w#0"),
        .channelClosed(channel: 1, error: AMQPError(code: .channelClosedByServer, operation: "test", isConnectionLevel: false)),
        .connectionClosed(AMQPError(code: .connectionClosedByServer, operation: "test", isConnectionLevel: true)),
    ])
    func theEndsOfASessionThrowAndAbandonTheJobs(_ end: AMQPEvent) {
        let control = ConsumerControl()
        let channel = FakeChannel(events: [FakeChannel.delivery(1), end], control: control)
        var session = session(channel)
        #expect(throws: (any Error).self) { try session.run() }
        #expect(session.lostJobs == 1)
        #expect(session.core.isFinished)
    }

    @Test func aChannelThatNumbersPublishesDifferentlyEndsTheSession() {
        let control = ConsumerControl()
        let channel = FakeChannel(events: [FakeChannel.delivery(1)], control: control, firstSequenceNumber: 5)
        var session = session(channel)
        #expect(throws: ConsumerInterruption.self) { try session.run() }
    }
}
