import AMQP
import Configuration
import PlanReviewContract
@testable import ReviewWorker
import Synchronization
import Testing

/// What /readyz says about publishing: blocked, results refused or returned, confirms stalled.
@Suite struct PublishingHealthTests {
    let timeout: Duration = .seconds(15)

    @Test func healthyWhenConfirmsArrive() {
        var health = PublishingHealth()
        health.published(sequenceNumber: 1, isResult: true, now: .seconds(0))
        health.published(sequenceNumber: 2, isResult: true, now: .seconds(1))
        health.confirmed(deliveryTag: 2, multiple: true, isAck: true, now: .seconds(2))
        #expect(health.problems(now: .seconds(100), confirmTimeout: timeout).isEmpty)
        #expect(health.unconfirmed == 0)
    }

    @Test func blockedUntilUnblocked() {
        var health = PublishingHealth()
        health.blocked(reason: "low on memory")
        #expect(health.problems(now: .zero, confirmTimeout: timeout) == [.blocked(reason: "low on memory")])
        health.unblocked()
        #expect(health.problems(now: .zero, confirmTimeout: timeout).isEmpty)
        health.blocked(reason: "low on disk")
        health.channelOpened()
        #expect(health.problems(now: .zero, confirmTimeout: timeout).isEmpty, "a new connection starts unblocked")
    }

    /// Outstanding publishes without a confirm for longer than the timeout; the clock restarts at each confirm.
    @Test func confirmsStalledAfterTheTimeoutWithPublishesOutstanding() {
        var health = PublishingHealth()
        health.published(sequenceNumber: 1, isResult: true, now: .seconds(0))
        health.published(sequenceNumber: 2, isResult: true, now: .seconds(10))
        #expect(health.problems(now: .seconds(15), confirmTimeout: timeout).isEmpty)
        #expect(health.problems(now: .seconds(16), confirmTimeout: timeout) == [.confirmsStalled(outstanding: 2, for: .seconds(16))])
        health.confirmed(deliveryTag: 1, multiple: false, isAck: true, now: .seconds(16))
        #expect(health.problems(now: .seconds(30), confirmTimeout: timeout).isEmpty, "a confirm restarts the clock")
        #expect(health.problems(now: .seconds(32), confirmTimeout: timeout) == [.confirmsStalled(outstanding: 1, for: .seconds(16))])
        health.confirmed(deliveryTag: 2, multiple: false, isAck: true, now: .seconds(40))
        #expect(health.problems(now: .seconds(400), confirmTimeout: timeout).isEmpty, "nothing outstanding, nothing stalled")
    }

    /// A nacked result makes the consumer unready until a result published after it is confirmed.
    @Test func refusedUntilALaterResultIsConfirmed() {
        var health = PublishingHealth()
        health.published(sequenceNumber: 1, isResult: true, now: .seconds(0))
        health.published(sequenceNumber: 2, isResult: true, now: .seconds(0))
        health.confirmed(deliveryTag: 1, multiple: false, isAck: false, now: .seconds(1))
        #expect(health.problems(now: .seconds(1), confirmTimeout: timeout) == [.resultsRefused(nacked: 1, returned: 0)])
        // 2 was published before the refusal: its ack does not prove the condition cleared.
        health.confirmed(deliveryTag: 2, multiple: false, isAck: true, now: .seconds(2))
        #expect(!health.problems(now: .seconds(2), confirmTimeout: timeout).isEmpty)
        // A retry publish (not a result) confirmed does not either.
        health.published(sequenceNumber: 3, isResult: false, now: .seconds(3))
        health.confirmed(deliveryTag: 3, multiple: false, isAck: true, now: .seconds(3))
        #expect(!health.problems(now: .seconds(3), confirmTimeout: timeout).isEmpty)
        health.published(sequenceNumber: 4, isResult: true, now: .seconds(4))
        health.confirmed(deliveryTag: 4, multiple: true, isAck: true, now: .seconds(4))
        #expect(health.problems(now: .seconds(4), confirmTimeout: timeout).isEmpty)
        #expect(health.resultsNacked == 1)
    }

    /// A returned result (mandatory, no queue bound) counts the same; an idle worker is ready again after the hold.
    @Test func returnedResultsAndTheHold() {
        var health = PublishingHealth()
        health.published(sequenceNumber: 1, isResult: true, now: .seconds(0))
        health.resultReturned(now: .seconds(0))
        health.confirmed(deliveryTag: 1, multiple: false, isAck: true, now: .seconds(0))
        #expect(health.problems(now: .seconds(1), confirmTimeout: timeout) == [.resultsRefused(nacked: 0, returned: 1)])
        #expect(health.problems(now: PublishingHealth.refusalHold, confirmTimeout: timeout).isEmpty)
    }

    /// ReportingChannel reports every publish, confirm, result return and blocked/unblocked to the control.
    @Test func theReportingChannelFeedsTheControl() throws {
        let clock = Mutex(Duration.zero)
        let control = ConsumerControl(clock: { clock.withLock { $0 } })
        let base = ScriptedChannel(events: [
            .blocked(reason: "low on memory"), .unblocked,
            .returned(AMQPReturnedMessage(channel: 1, replyCode: 312, replyText: "NO_ROUTE", exchange: "p.results", routingKey: "result.101.compliant", properties: AMQPProperties(), body: [])),
            .confirm(AMQPConfirm(channel: 1, deliveryTag: 1, multiple: false, isAck: true)),
        ])
        let channel = ReportingChannel(base, control: control, resultsExchange: "p.results")
        _ = try channel.publish(exchange: "p.results", routingKey: "result.101.compliant", body: [], properties: AMQPProperties(), mandatory: true)
        _ = try channel.nextEvent(timeout: .zero)
        #expect(control.publishingProblems(confirmTimeout: timeout) == [.blocked(reason: "low on memory")])
        _ = try channel.nextEvent(timeout: .zero)
        #expect(control.publishingProblems(confirmTimeout: timeout).isEmpty)
        _ = try channel.nextEvent(timeout: .zero)
        _ = try channel.nextEvent(timeout: .zero)
        #expect(control.publishingProblems(confirmTimeout: timeout) == [.resultsRefused(nacked: 0, returned: 1)])
        #expect(control.publishingHealth.unconfirmed == 0)
    }

    /// The consumers drain for the deadline less a moment for cancel and close; the service stops
    /// waiting at the deadline, so the process exits within it.
    @Test(arguments: [(10.0, 9.0), (2.0, 1.8), (0.5, 0.45)])
    func theDrainEndsBeforeTheShutdownDeadline(_ deadline: Double, _ drain: Double) {
        var configuration = WorkerConfiguration()
        configuration.shutdownDeadline = .seconds(deadline)
        #expect(abs(configuration.drainDeadline.inSeconds - drain) < 1e-9)
    }

    @Test func readinessNeedsEveryConsumerConsumingAndPublishing() {
        typealias Readiness = ReviewWorkerService.Readiness
        #expect(Readiness(consumers: [.init(state: .consuming, problems: [])]).isReady)
        #expect(!Readiness(consumers: []).isReady)
        #expect(!Readiness(consumers: [.init(state: .consuming, problems: []), .init(state: .reconnecting, problems: [])]).isReady)
        let blocked = Readiness(consumers: [.init(state: .consuming, problems: [.blocked(reason: "low on memory")])])
        #expect(!blocked.isReady)
        #expect(blocked.description == "consumer 0: consuming\n  connection blocked by the broker (low on memory)")
    }

    @Test func theConfirmTimeoutIsAKey() throws {
        let reader = ConfigReader(provider: InMemoryProvider(
            name: "file", values: [AbsoluteConfigKey(ConfigKey("readiness.confirmTimeout")): ConfigValue(.int(4), isSecret: false)]))
        #expect(try WorkerSettings(reader: reader).worker.confirmTimeout == .seconds(4))
        #expect(WorkerSettings.Key.confirmTimeout.environment == "PLANREVIEW_READINESS_CONFIRM_TIMEOUT")
    }
}

/// A channel that returns scripted events and numbers publishes.
final class ScriptedChannel: ConsumerChannel {
    var events: [AMQPEvent]
    var published: UInt64 = 0

    init(events: [AMQPEvent]) { self.events = events }

    func publish(exchange: String, routingKey: String, body: [UInt8], properties: AMQPProperties, mandatory: Bool) throws -> UInt64 {
        published += 1
        return published
    }
    func ack(deliveryTag: UInt64, multiple: Bool) throws {}
    func nack(deliveryTag: UInt64, multiple: Bool, requeue: Bool) throws {}
    func reject(deliveryTag: UInt64, requeue: Bool) throws {}
    func cancel(consumerTag: String) throws {}
    func close() throws {}
    func nextEvent(timeout: Duration) throws -> AMQPEvent { events.isEmpty ? .timeout : events.removeFirst() }
}
