import AMQP
import PlanReview
import PlanReviewContract
@testable import ReviewWorker
import Testing


/// Blocked broker, redeliveries and the quarantine, stop and drain.
@Suite struct ConsumerCoreFlowTests {
    @Test(arguments: [0, 1, 5])
    func whileBlockedDeliveriesAreHeldAndReviewedOnUnblock(_ held: Int) {
        var harness = CoreHarness()
        harness.deliver(1)
        harness.send(.blocked(reason: "low on memory"))
        for tag in 0..<held { harness.deliver(UInt64(2 + tag)) }
        #expect(harness.published.count == 1, "nothing is published while the broker blocks")
        #expect(harness.core.jobsHeld == held)
        // Confirms and acks go on while blocked.
        harness.confirm(1)
        #expect(harness.acks == [1])
        harness.send(.unblocked)
        #expect(harness.observations.contains(.unblocked(jobsHeld: held)))
        #expect(harness.published.dropFirst().map(\.properties.messageId) == (0..<held).map { "job-\(2 + $0)" }, "in delivery order")
        #expect(harness.core.jobsHeld == 0)
        #expect(harness.core.jobsInFlight == held)
    }

    @Test func stopCancelsThenFinishesOnTheFirstTickWithNothingInFlight() {
        var harness = CoreHarness()
        harness.deliver(1)
        harness.deliver(2)
        #expect(harness.send(.stopRequested) == [.cancelConsumer])
        #expect(harness.send(.stopRequested).isEmpty, "a second stop changes nothing")
        #expect(harness.observations.contains(.draining(jobsInFlight: 2)))
        // Deliveries already on their way are still answered.
        harness.deliver(3)
        #expect(harness.published.count == 3)
        #expect(harness.send(.tick).isEmpty, "jobs in flight: keep draining")
        harness.confirm(3, multiple: true)
        #expect(harness.acks == [3])
        #expect(harness.send(.tick) == [.closeChannel, .finished])
        #expect(harness.core.isFinished)
        #expect(harness.observations.last == .drained)
        #expect(harness.send(.tick).isEmpty, "a finished core does nothing")
    }

    /// How long the drain has run when the tick comes, and whether that ends it without acks.
    @Test(arguments: [
        (Duration.seconds(9), false),
        (.milliseconds(9_999), false),
        (.seconds(10), true),
        (.seconds(30), true),
    ])
    func theDeadlineEndsADrainWithJobsInFlight(_ elapsed: Duration, _ ends: Bool) {
        var harness = CoreHarness(shutdownDeadline: .seconds(10))
        harness.deliver(1)
        harness.send(.blocked(reason: "disk"))
        harness.deliver(2)
        harness.send(.stopRequested)
        harness.clock.advance(elapsed)
        let actions = harness.send(.tick)
        #expect(actions == (ends ? [.finished] : []))
        #expect(harness.closed == false, "the channel is not closed cleanly over unanswered jobs")
        #expect(harness.acks.isEmpty)
        if ends { #expect(harness.observations.last == .deadlinePassed(jobsInFlight: 1, jobsHeld: 1)) }
    }

    @Test func stopWithNothingHeldFinishesAtOnce() {
        var harness = CoreHarness()
        harness.send(.stopRequested)
        #expect(harness.send(.tick) == [.closeChannel, .finished])
    }

    /// On the jobs queue a redelivery (`x-delivery-count` ≥ 1, or the flag without the header) is not
    /// reviewed: it goes to the quarantine with its own properties and the reason, and is acked once
    /// that publish is confirmed. A first delivery (count 0, even with the flag) is reviewed.
    @Test(arguments: [
        (true, AMQPTable?.none, "redelivered (redelivered flag)" as String?),
        (false, [IncomingEnvelope.deliveryCountHeader: .int64(2)], "redelivered (x-delivery-count 2)"),
        (true, [IncomingEnvelope.deliveryCountHeader: .int64(0)], nil),
        (false, nil, nil),
    ])
    func aRedeliveredJobIsQuarantinedAndAckedAfterTheConfirm(_ flag: Bool, _ headers: AMQPTable?, _ reason: String?) {
        var harness = CoreHarness(quarantines: true)
        var withAttempts = headers ?? [:]
        withAttempts[RetryHeaders.attempts] = .int64(1)
        harness.deliver(1, redelivered: flag, headers: withAttempts, userId: "someone-else", expiration: "60000")
        harness.deliver(2)
        let first = harness.published[0]
        if let reason {
            #expect(first.exchange == "t.jobs" && first.routingKey == Topology.quarantineRoutingKey && first.mandatory)
            #expect(first.body == Array("job 1".utf8), "the job itself, not a result")
            #expect(first.properties.messageId == "job-1" && first.properties.correlationId == "c-1" && first.properties.type == ContractTypes.job)
            #expect(first.properties.userId == nil && first.properties.expiration == nil)
            #expect(first.properties.headers?[QuarantineHeaders.reason] == .string(reason))
            #expect(first.properties.headers?[RetryHeaders.attempts] == .int64(1), "the job's own headers are kept")
            #expect(first.properties.headers?[IncomingEnvelope.deliveryCountHeader] == nil)
            #expect(harness.observations.contains(.quarantined(jobId: "job-1", deliveryTag: 1, reason: reason)))
            #expect(!harness.observations.contains { if case .reviewed(let job) = $0 { job.jobId == "job-1" } else { false } }, "not reviewed in the batch")
        } else {
            #expect(first.exchange == "t.results")
        }
        harness.confirm(2)
        #expect(harness.acks.isEmpty, "nothing acked before the quarantine publish is confirmed")
        harness.confirm(1)
        #expect(harness.acks == [2])
        #expect(harness.core.jobsInFlight == 0)
    }

    /// A quarantine publish the broker nacks or returns (binding missing) requeues the job: not lost, not acked.
    @Test(arguments: [false, true])
    func aRefusedQuarantinePublishRequeuesTheJob(_ returned: Bool) {
        var harness = CoreHarness(quarantines: true)
        harness.deliver(1, redelivered: true)
        harness.deliver(2)
        if returned {
            harness.send(.returned(replyCode: 312, replyText: "NO_ROUTE", exchange: "t.jobs", routingKey: Topology.quarantineRoutingKey, messageId: "job-1"))
        }
        harness.confirm(1, ack: returned)  // a return is followed by an ack; otherwise a nack
        #expect(harness.requeued == [1])
        #expect(harness.acks.isEmpty)
        #expect(harness.published.count == 2, "no retry or dead-letter publish for a quarantine failure")
        #expect(harness.observations.contains(.requeued(jobId: "job-1", deliveryTag: 1)))
        harness.confirm(2)
        #expect(harness.acks == [2])
        #expect(harness.core.jobsInFlight == 0)
    }

    /// The quarantine consumer's core reviews every delivery, a redelivered one too (alone, prefetch 1).
    @Test func aDeliveryFromTheQuarantineIsReviewed() {
        var harness = CoreHarness(quarantines: false)
        harness.deliver(1, redelivered: true, headers: [IncomingEnvelope.deliveryCountHeader: .int64(3), QuarantineHeaders.reason: .string("redelivered (redelivered flag)")])
        #expect(harness.published.map(\.exchange) == ["t.results"])
        #expect(harness.published.first?.properties.messageId == "job-1")
        #expect(!harness.observations.contains { if case .quarantined = $0 { true } else { false } })
        harness.confirm(1)
        #expect(harness.acks == [1])
    }

    @Test func abandoningForgetsEveryJob() {
        var harness = CoreHarness()
        harness.deliver(1)
        harness.deliver(2)
        harness.core.abandon()
        #expect(harness.observations.last == .abandoned(jobsInFlight: 2))
        #expect(harness.core.jobsInFlight == 0)
        #expect(harness.core.isFinished)
    }
}
