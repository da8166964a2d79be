import AMQP
import PlanReview
import PlanReviewContract
@testable import ReviewWorker
import Testing


/// Blocked broker, redeliveries and the probe, stop and drain.
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

    /// A redelivered job, with and without the probe, by outcome.
    @Test(arguments: [
        (false, ReviewProbe.Outcome.survived, false, false),
        (true, .survived, true, false),
        (true, .unavailable(reason: "no tmp"), true, false),
        (true, .failed(reason: "signal 4"), true, true),
    ])
    func aRedeliveredJobIsProbedFirstWhenProbingIsOn(_ probes: Bool, _ outcome: ReviewProbe.Outcome, _ probed: Bool, _ requeued: Bool) {
        var harness = CoreHarness(probes: probes)
        let first = harness.deliver(1, redelivered: true)
        if probed {
            #expect(first == [.probe(deliveryTag: 1, body: Array("job 1".utf8), envelope: JobEnvelope(messageId: "job-1", correlationId: "c-1", contentType: "application/json", type: ContractTypes.job))])
            harness.deliver(2)
            #expect(harness.published.isEmpty, "later deliveries wait for the probe")
            #expect(harness.core.jobsHeld == 2)
            harness.send(.probed(deliveryTag: 1, outcome: outcome))
        }
        harness.deliver(3, redelivered: false)
        let reviewed = harness.published.map { $0.properties.messageId ?? "" }
        #expect(reviewed == (requeued ? ["job-2", "job-3"] : probed ? ["job-1", "job-2", "job-3"] : ["job-1", "job-3"]))
        #expect(harness.requeued == (requeued ? [1] : []))
        if requeued { #expect(harness.observations.contains(.probeFailed(jobId: "job-1", deliveryTag: 1, reason: "signal 4"))) }
        if case .unavailable(let reason) = outcome { #expect(harness.observations.contains(.probeUnavailable(reason: reason))) }
    }

    @Test func twoRedeliveredJobsAreProbedOneAfterTheOther() {
        var harness = CoreHarness(probes: true)
        harness.deliver(1, redelivered: true)
        harness.deliver(2, redelivered: true)
        #expect(harness.probes == [1])
        harness.send(.probed(deliveryTag: 1, outcome: .survived))
        #expect(harness.probes == [1, 2])
        #expect(harness.published.count == 1)
        harness.send(.probed(deliveryTag: 2, outcome: .failed(reason: "deadline")))
        #expect(harness.requeued == [2])
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
