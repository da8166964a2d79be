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

    static func delivery(_ tag: UInt64, redelivered: Bool = false) -> AMQPEvent {
        .delivery(
            AMQPDelivery(
                channel: 1, consumerTag: "w#0", deliveryTag: tag, redelivered: redelivered, exchange: "t.jobs", routingKey: "job",
                properties: AMQPProperties(messageId: "job-\(tag)"), body: Array("job".utf8)))
    }

    static func confirm(_ seq: UInt64, multiple: Bool = false, ack: Bool = true) -> AMQPEvent {
        .confirm(AMQPConfirm(channel: 1, deliveryTag: seq, multiple: multiple, isAck: ack))
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

    /// A session over `channel` with the fake review; probing on.
    func session(_ channel: FakeChannel, probe: @escaping ([UInt8], JobEnvelope) -> ReviewProbe.Outcome = { _, _ in .survived }) -> ConsumerSession<FakeChannel> {
        let ticks = Ticks()
        return ConsumerSession(
            core: ConsumerCore(configuration: .init(topology: Topology(prefix: "t"), probesRedeliveries: true), reviewer: FakeReview()),
            channel: channel, consumerTag: "w#0", pollInterval: .milliseconds(1), control: channel.control,
            now: { ticks.advance() }, probe: probe)
    }

    @Test func aSessionAnswersAcksAndDrainsOnStop() throws {
        let control = ConsumerControl()
        let channel = FakeChannel(events: [FakeChannel.delivery(1), FakeChannel.delivery(2), FakeChannel.confirm(2, multiple: true)], control: control)
        var session = session(channel)
        try session.run()
        #expect(channel.calls == ["publish t.results/result.101.compliant", "publish t.results/result.101.compliant", "ack 2 multiple=true", "cancel w#0", "close"])
        #expect(control.state == .draining)
    }

    @Test func aProbeRunsInlineAndAFailedOneRequeues() throws {
        let control = ConsumerControl()
        let channel = FakeChannel(events: [FakeChannel.delivery(1, redelivered: true), FakeChannel.delivery(2), FakeChannel.confirm(1)], control: control)
        var probed: [JobEnvelope] = []
        var session = session(channel) { _, envelope in
            probed.append(envelope)
            return .failed(reason: "signal 11")
        }
        try session.run()
        #expect(probed.map(\.messageId) == ["job-1"])
        #expect(channel.calls == ["nack 1 requeue=true", "publish t.results/result.101.compliant", "ack 2 multiple=true", "cancel w#0", "close"])
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
