import AMQP
import PlanReviewContract
@testable import ReviewWorker
import Testing


/// A publish the broker refuses by closing the publishing channel (406) settles that job alone:
/// the channel is reopened, the suspects are published again one at a time, the neighbours are
/// answered and acked, nothing is requeued (issue 11, "one bad message settles alone").
@Suite struct ConsumerCoreIsolationTests {
    private static func isOriginal(_ publish: ConsumerPublish, of jobId: String) -> Bool {
        publish.properties.messageId == jobId && publish.body == Array("result of \(jobId)".utf8)
    }

    private static func jobIds(of publishes: [ConsumerPublish], exchange: String) -> [String] {
        publishes.filter { $0.exchange == exchange }.compactMap(\.properties.messageId)
    }

    /// Six jobs; 1 and 2 confirmed before the close, the confirms of 3 and 4 lost with the channel,
    /// 5 refused (its result over `max_message_size`), 6 dropped by the broker after the close.
    @Test func theRefusedJobGetsARejectedResultAndItsNeighboursTheirs() throws {
        var harness = CoreHarness()
        for tag in 1...6 { harness.deliver(UInt64(tag)) }
        harness.confirm(1)
        harness.confirm(2)
        #expect(harness.acks == [1, 2])
        harness.send(.publishChannelClosed(replyCode: 406, replyText: CoreHarness.sizeRefusal))
        #expect(harness.reopened == 1)
        // A job delivered meanwhile waits until the culprit is found.
        harness.deliver(7)
        #expect(harness.core.jobsHeld == 1)
        #expect(harness.unconfirmedOnChannel.count == 1, "one suspect at a time")
        harness.runBroker { Self.isOriginal($0, of: "job-5") }

        #expect(harness.acks.last == 7, "every delivery is acked, the culprit's included")
        #expect(harness.requeued.isEmpty && harness.rejected.isEmpty)
        #expect(harness.core.jobsInFlight == 0 && harness.core.jobsHeld == 0)
        #expect(harness.reopened == 2, "the first close, then the culprit's own publish alone")
        let results = harness.published.filter { $0.exchange == "t.results" }
        let rejected = try #require(results.last { $0.properties.messageId == "job-5" })
        #expect(rejected.routingKey.hasSuffix(".rejected"))
        let body = String(decoding: rejected.body, as: UTF8.self)
        #expect(body.contains("result_too_large") && body.contains("larger than configured max size"))
        #expect(!harness.published.contains { $0.exchange == "t.dlx" }, "no dead letter")
        // Every innocent job's own result went out; those whose confirm was lost twice, at least once.
        for id in ["job-1", "job-2", "job-3", "job-4", "job-6", "job-7"] {
            #expect(results.contains { Self.isOriginal($0, of: id) }, "\(id) answered")
        }
        #expect(Self.jobIds(of: results, exchange: "t.results").filter { $0 == "job-7" }.count == 1, "a held job is published once")
        #expect(
            harness.observations.contains {
                if case .settledAlone("job-5", 5, "rejected_result", let reason) = $0 { reason.contains("406") } else { false }
            })
    }

    @Test func oneJobUnconfirmedIsTheCulpritAtOnce() throws {
        var harness = CoreHarness()
        harness.deliver(1)
        harness.deliver(2)
        harness.confirm(1)
        harness.send(.publishChannelClosed(replyCode: 406, replyText: CoreHarness.sizeRefusal))
        let next = try #require(harness.unconfirmedOnChannel.first)
        #expect(next.properties.messageId == "job-2" && !Self.isOriginal(next, of: "job-2"), "its rejected result, not its own again")
        harness.runBroker { _ in false }
        #expect(harness.acks == [1, 2])
    }

    @Test func aCulpritWhoseRejectedResultIsRefusedTooIsDeadLetteredWithTheReason() throws {
        var harness = CoreHarness()
        for tag in 1...3 { harness.deliver(UInt64(tag)) }
        harness.send(.publishChannelClosed(replyCode: 406, replyText: CoreHarness.sizeRefusal))
        harness.runBroker { $0.exchange == "t.results" && $0.properties.messageId == "job-2" }
        let deadLetter = try #require(harness.published.last { $0.exchange == "t.dlx" })
        #expect(deadLetter.properties.messageId == "job-2")
        #expect(deadLetter.body == Array("job 2".utf8))
        #expect(deadLetter.properties.headers?[RetryHeaders.error]?.stringValue?.contains("406") == true)
        #expect(harness.published.filter { $0.exchange == "t.dlx" }.count == 1)
        #expect(harness.acks.last == 3 && harness.rejected.isEmpty && harness.requeued.isEmpty)
    }

    /// Nothing of the job gets through: basic.reject to the queue's DLX, and no ack ever names its tag
    /// (RabbitMQ refuses an ack of an unknown delivery tag with 406 on the consuming channel).
    @Test(arguments: [UInt64(2), 3])
    func aJobNoneOfWhosePublishesGetsThroughIsRejectedAlone(_ culprit: UInt64) throws {
        var harness = CoreHarness()
        for tag in 1...3 { harness.deliver(UInt64(tag)) }
        harness.send(.publishChannelClosed(replyCode: 406, replyText: CoreHarness.sizeRefusal))
        harness.runBroker { $0.properties.messageId == "job-\(culprit)" }
        #expect(harness.rejected == [culprit])
        #expect(!harness.acks.contains(culprit))
        #expect(harness.acks.last == (culprit == 3 ? 2 : 3))
        #expect(harness.core.jobsInFlight == 0)
        #expect(harness.observations.contains { if case .settledAlone(_, culprit, ConsumerCore.Isolation.rejectedOutcome, _) = $0 { true } else { false } })
    }

    /// The reply copy goes out again with its result for a suspect; a nack during the isolation takes
    /// the usual way (retry queue), and the isolation waits for it.
    @Test func suspectsKeepTheirReplyCopyAndANackIsRetried() throws {
        var harness = CoreHarness()
        harness.deliver(1, replyTo: "planreview.reply.a")
        harness.deliver(2)
        harness.send(.publishChannelClosed(replyCode: 406, replyText: CoreHarness.sizeRefusal))
        #expect(harness.unconfirmedOnChannel.map(\.exchange) == ["t.results", ""], "job 1's result and reply copy, alone")
        harness.confirm(1)
        harness.confirm(2, ack: false)  // the reply copy nacked: never fails the job
        #expect(harness.acks == [1])
        harness.confirm(3, ack: false)  // job 2's result, alone after job 1, nacked
        #expect(harness.unconfirmedOnChannel.first?.routingKey == "t.retry.1")
        harness.runBroker { _ in false }
        #expect(harness.acks == [1, 2])
    }
}
