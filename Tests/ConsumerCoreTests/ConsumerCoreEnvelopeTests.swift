import AMQP
import PlanReview
import PlanReviewContract
@testable import ReviewWorker
import Testing

/// Issue 11's envelope rows that the core decides: reply_to policy, returns, ids AMQP cannot carry,
/// what a retry copy carries. Each job settles alone; its neighbours are acked as usual.
@Suite struct ConsumerCoreEnvelopeTests {
    /// reply_to -> whether a copy is published, and why not.
    @Test(arguments: [
        ("amq.rabbitmq.reply-to.g1h2AA5yZXBseUA2ODc4MTMzNAAAcEoAAAAAaS8eQg==", nil),
        ("amq.gen-JzTY20BRgKO-HjmUJj0wLg", nil),
        ("planreview.reply.kommune-101", nil),
        ("amq.rabbitmq.reply-to", ReplyRefusal.directReplyToNotRewritten),
        ("amq.rabbitmq.reply-to.made-up", .madeUpDirectReplyTo),
        ("amq.rabbitmq.reply-to.", .madeUpDirectReplyTo),
        ("t.jobs", .notAReplyQueue),
        ("planreview.jobs", .notAReplyQueue),
        ("planreview.dead", .notAReplyQueue),
        ("other-system.orders", .notAReplyQueue),
        ("amq.gen-", .notAReplyQueue),
        ("amq.direct", .notAReplyQueue),
        ("xplanreview.reply.", .notAReplyQueue),
    ] as [(String, ReplyRefusal?)])
    func replyToGetsACopyOnlyWhenThePolicyAllowsIt(_ replyTo: String, _ refusal: ReplyRefusal?) throws {
        var harness = CoreHarness()
        harness.deliver(1, replyTo: replyTo)
        #expect(harness.published.count == (refusal == nil ? 2 : 1))
        #expect(harness.published[0].exchange == "t.results", "the result always goes to the results exchange")
        if refusal == nil {
            #expect(harness.published[1].exchange == "" && harness.published[1].routingKey == replyTo && harness.published[1].mandatory)
        } else {
            #expect(harness.observations.contains(.replyCopySkipped(jobId: "job-1", replyTo: replyTo, reason: refusal!)))
        }
        harness.confirm(harness.published.last!.sequenceNumber, multiple: true)
        #expect(harness.acks == [1])
    }

    @Test func thePatternIsConfigurable() {
        var harness = CoreHarness(replyPolicy: ReplyToPolicy(pattern: #"^kommune\.[0-9]{3}\.svar$"#))
        harness.deliver(1, replyTo: "kommune.101.svar")
        harness.deliver(2, replyTo: "planreview.reply.x")
        #expect(harness.published.map(\.routingKey) == ["result.101.compliant", "kommune.101.svar", "result.101.compliant"])
        #expect(ReplyToPolicy.problem(with: "([") != nil)
        #expect(ReplyToPolicy.problem(with: ReplyToPolicy.defaultPattern) == nil)
    }

    /// The reviewer learns why no copy was sent, for the result's notes.
    @Test func theReviewerIsToldWhyNoCopyWasSent() {
        final class Capture: @unchecked Sendable { var refusal: ReplyRefusal?? }
        struct Recording: JobReviewing {
            let capture: Capture
            func review(_ job: IncomingJob) -> ReviewedJob {
                capture.refusal = job.replyRefusal
                return FakeReview().review(job)
            }
        }
        let capture = Capture()
        var harness = CoreHarness(review: Recording(capture: capture))
        harness.deliver(1, replyTo: "planreview.dead")
        #expect(capture.refusal == .some(.notAReplyQueue))
        #expect(ReplyRefusal.notAReplyQueue.text(.da).contains("svarkø") && ReplyRefusal.notAReplyQueue.text(.en).contains("reply queue"))
    }

    /// A returned or nacked copy to reply_to never fails the job: it is acked on its result.
    @Test(arguments: ["return", "nack"])
    func aFailedReplyCopyNeverRetriesOrDeadLettersTheJob(_ failure: String) {
        var harness = CoreHarness()
        harness.deliver(1, replyTo: "planreview.reply.gone")
        harness.deliver(2)
        if failure == "return" {
            harness.send(.returned(replyCode: 312, replyText: "NO_ROUTE", exchange: "", routingKey: "planreview.reply.gone", messageId: "job-1"))
            harness.confirm(3, multiple: true)
        } else {
            harness.confirm(1)
            harness.confirm(2, ack: false)
            harness.confirm(3)
        }
        #expect(harness.published.count == 3, "no retry, no dead letter")
        #expect(harness.acks.last == 2)
        #expect(harness.observations.contains { if case .replyCopyFailed(let id, "planreview.reply.gone", _) = $0 { id == "job-1" } else { false } })
    }

    /// A returned retry publish (the retry queue is missing) dead-letters the job with the reason; a
    /// returned dead-letter publish requeues it.
    @Test func aReturnedRetryGoesToTheDeadLettersWithTheReason() throws {
        var harness = CoreHarness()
        harness.deliver(1)
        harness.confirm(1, ack: false)
        let retry = try #require(harness.published.last)
        #expect(retry.routingKey == "t.retry.1")
        harness.send(.returned(replyCode: 312, replyText: "NO_ROUTE", exchange: "", routingKey: "t.retry.1", messageId: "job-1"))
        harness.confirm(2)
        let dead = try #require(harness.published.last)
        #expect(dead.exchange == "t.dlx" && dead.mandatory)
        let reason = try #require(dead.properties.headers?[RetryHeaders.error]?.stringValue)
        #expect(reason.contains("returned unroutable") && reason.contains("t.retry.1"), "\(reason)")
        harness.send(.returned(replyCode: 312, replyText: "NO_ROUTE", exchange: "t.dlx", routingKey: "", messageId: "job-1"))
        harness.confirm(3)
        #expect(harness.requeued == [1], "nowhere to put it: back to the queue, which counts the delivery")
        #expect(harness.acks.isEmpty)
    }

    /// A result returned on every attempt ends in the dead letters after the last retry, with the reason.
    @Test func aResultReturnedEveryTimeIsDeadLetteredAfterTheRetries() throws {
        var harness = CoreHarness()
        for attempts in 0...3 {
            let tag = UInt64(attempts + 1)
            harness.deliver(tag, headers: attempts == 0 ? nil : [RetryHeaders.attempts: .int64(Int64(attempts))])
            let result = try #require(harness.published.last)
            harness.send(.returned(replyCode: 312, replyText: "NO_ROUTE", exchange: "t.results", routingKey: result.routingKey, messageId: "job-\(tag)"))
            harness.confirm(result.sequenceNumber)
            let next = try #require(harness.published.last)
            #expect(next.exchange == (attempts < 3 ? "" : "t.dlx"))
            if attempts == 3 { #expect(next.properties.headers?[RetryHeaders.error]?.stringValue?.contains("4 times") == true) }
            harness.confirm(next.sequenceNumber)
        }
        #expect(harness.acks == [1, 2, 3, 4], "each acked once its retry or dead letter is confirmed")
    }

    /// A job id AMQP cannot carry as message_id: a rejected result that says so, published; the
    /// neighbours are untouched.
    @Test(arguments: [256, 1_000, 70_000])
    func aJobIdOver255BytesGetsARejectedResult(_ length: Int) throws {
        var harness = CoreHarness()
        harness.deliver(1)
        harness.deliver(2, id: String(repeating: "å", count: length / 2 + 1))
        harness.deliver(3)
        #expect(harness.published.count == 3)
        let rejected = harness.published[1]
        #expect(rejected.properties.oversizedShortString == nil)
        #expect(rejected.routingKey == "result.unknown.rejected")
        #expect(rejected.properties.headers?[ResultHeaders.status] == "rejected")
        let body = String(decoding: rejected.body, as: UTF8.self)
        #expect(body.contains("string_too_long") && body.contains("255"), "\(body.prefix(300))")
        #expect(harness.observations.contains { if case .outgoingRefused(_, 2, .jobIdTooLong) = $0 { true } else { false } })
        harness.confirm(3, multiple: true)
        #expect(harness.acks == [3])
    }

    /// A retry copy carries only the job's own properties: no user_id (406 under the worker's user), no expiration.
    @Test func aRetryCopyDropsUserIdAndExpiration() throws {
        var harness = CoreHarness()
        harness.deliver(1, userId: "municipality-101", expiration: "60000")
        harness.confirm(1, ack: false)
        let retry = try #require(harness.published.last)
        #expect(retry.routingKey == "t.retry.1")
        #expect(retry.properties.userId == nil && retry.properties.expiration == nil)
        #expect(retry.properties.messageId == "job-1" && retry.properties.correlationId == "c-1")
    }

    /// Envelope values out of range are noted (log and metric), never trusted.
    @Test func implausibleEnvelopeValuesAreNoted() throws {
        var harness = CoreHarness()
        harness.deliver(
            1, headers: [JobHeaders.timestampMilliseconds: .int64(.min), RetryHeaders.attempts: .int64(.max), "x-delivery-count": .string("many")],
            timestamp: 1_700_000_000_000_000_000)
        let notes = try #require(harness.observations.compactMap { if case .envelopeNoted(_, _, let n) = $0 { n } else { nil } }.first)
        #expect(Set(notes.map(\.code)) == [.timestampImplausible, .timestampHeaderUnreadable, .attemptsOutOfRange, .deliveryCountUnreadable])
        #expect(harness.published.first?.properties.headers?[ResultHeaders.jobTimestampMilliseconds] == nil)
    }

    @Test(arguments: [
        (AMQPFieldValue.int8(2), 2), (.uint8(3), 3), (.int16(1), 1), (.uint16(0), 0), (.int32(3), 3), (.uint32(2), 2), (.int64(3), 3),
        (.int64(4), 0), (.int64(-1), 0), (.int64(.min), 0), (.string("2"), 2), (.double(2), 2), (.double(2.5), 0), (.bool(true), 0),
        (.array([.int64(1)]), 0), (.table(["n": .int64(1)]), 0), (.bytes([2]), 0), (.void, 0),
    ] as [(AMQPFieldValue, Int)])
    func attemptsAreTakenOnlyWithinTheRetryCount(_ header: AMQPFieldValue, _ attempts: Int) {
        let envelope = IncomingEnvelope(AMQPProperties(headers: [RetryHeaders.attempts: header]), limits: .init(retryCount: 3))
        #expect(envelope.attempts == attempts)
    }
}
