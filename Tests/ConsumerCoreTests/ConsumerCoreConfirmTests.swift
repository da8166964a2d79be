import AMQP
import PlanReview
import PlanReviewContract
import PlanReviewTestKit
@testable import ReviewWorker
import Testing


/// Publish, confirm, ack: the pipelining rules of ``ConsumerCore``.
@Suite struct ConsumerCoreConfirmTests {
    /// Confirms for five jobs (one publish each, seqs 1…5) and the multiple-acks they produce.
    @Test(arguments: [
        // (confirms as (seq, multiple), acks expected after all of them)
        ([(1, false)], [1]),
        ([(1, false), (2, false), (3, false), (4, false), (5, false)], [1, 2, 3, 4, 5]),
        ([(3, true)], [3]),
        ([(3, true), (5, true)], [3, 5]),
        ([(5, true)], [5]),
        ([(2, false), (1, false)], [2]),  // out of order: nothing until 1, then one ack up to 2
        ([(5, false), (4, false), (3, false), (1, false)], [1]),  // 2 outstanding: ack stops before it
        ([(5, false), (4, false), (3, false), (1, false), (2, false)], [1, 5]),
        ([(2, false), (4, true)], [4]),  // a multiple confirm covering an earlier single one
    ] as [([(UInt64, Bool)], [UInt64])])
    func confirmsAckTheLongestSettledPrefixWithOneMultipleAck(_ confirms: [(UInt64, Bool)], _ expectedAcks: [UInt64]) {
        var harness = CoreHarness()
        for tag in 1...5 { harness.deliver(UInt64(tag)) }
        #expect(harness.published.map(\.sequenceNumber) == [1, 2, 3, 4, 5])
        for (seq, multiple) in confirms { harness.confirm(seq, multiple: multiple) }
        #expect(harness.acks == expectedAcks)
        #expect(harness.core.jobsInFlight == 5 - Int(expectedAcks.last ?? 0))
    }

    @Test func aResultCarriesTheContractsHeadersAndProperties() throws {
        var harness = CoreHarness()
        harness.deliver(7, id: "j-7", headers: ["timestamp_in_ms": .int64(1_699_999_999_123)])
        let publish = try #require(harness.published.first)
        #expect(publish.exchange == "t.results")
        #expect(publish.routingKey == "result.101.compliant")
        #expect(publish.mandatory, "a result no queue takes comes back instead of being dropped")
        #expect(publish.body == Array("result of j-7".utf8))
        let properties = publish.properties
        #expect(properties.headers?["x-planreview-status"] == .string("compliant"))
        #expect(properties.headers?["x-planreview-content-hash"] == .string("sha256:feed"))
        #expect(properties.headers?[ResultHeaders.jobTimestampMilliseconds] == .int64(1_699_999_999_123))
        #expect(properties.messageId == "j-7")
        #expect(properties.correlationId == "c-7")
        #expect(properties.contentType == "application/json")
        #expect(properties.deliveryMode == AMQPProperties.persistentDeliveryMode)
        #expect(properties.type == ContractTypes.result)
        #expect(properties.appId == "planreview-worker")
        #expect(properties.timestamp == 1_700_000_000, "the wall clock the driver passed, in seconds")
    }

    /// The submission time: `timestamp_in_ms` header, else the `timestamp` property in seconds, else
    /// none; values outside 2000…2100 (ms, ns, −2⁶³, 2⁶³−1, wrong types) are ignored, never multiplied.
    @Test(arguments: [
        (AMQPTable?.some(["timestamp_in_ms": .int64(1_700_000_000_500)]), UInt64?.some(1_700_000_009), Int64?.some(1_700_000_000_500)),
        (nil, 1_700_000_009, 1_700_000_009_000),
        (nil, nil, nil),
        (nil, 9, nil),
        (nil, 1_700_000_000_000_000_000, nil),  // time.time_ns()
        (nil, 1_700_000_000_000, nil),  // ms
        (nil, UInt64.max, nil),
        (["timestamp_in_ms": .int64(.min)], 1_700_000_009, 1_700_000_009_000),
        (["timestamp_in_ms": .int64(.max)], nil, nil),
        (["timestamp_in_ms": .string("1700000000500")], nil, 1_700_000_000_500),
        (["timestamp_in_ms": .double(1.7000000005e12)], nil, 1_700_000_000_500),
        (["timestamp_in_ms": .double(.nan)], nil, nil),
        (["timestamp_in_ms": .int8(-1)], nil, nil),
        (["timestamp_in_ms": ["nested": ["deeper": .int64(1)]]], nil, nil),
    ] as [(AMQPTable?, UInt64?, Int64?)])
    func theJobTimestampHeaderComesFromTheJob(_ headers: AMQPTable?, _ timestamp: UInt64?, _ expected: Int64?) throws {
        var harness = CoreHarness()
        harness.deliver(1, headers: headers, timestamp: timestamp)
        let publish = try #require(harness.published.first)
        #expect(publish.properties.headers?[ResultHeaders.jobTimestampMilliseconds] == expected.map(AMQPFieldValue.int64))
    }

    @Test func aResultWithoutJobIdNamesTheJobsMessageId() throws {
        struct Anonymous: JobReviewing {
            func review(_ job: IncomingJob) -> ReviewedJob {
                ReviewedJob(jobId: "", status: .rejected, routingKey: "result.unknown.rejected", contentHash: nil, body: [1], errorCount: 2)
            }
        }
        var harness = CoreHarness(review: Anonymous())
        harness.deliver(1, id: "from-envelope")
        let publish = try #require(harness.published.first)
        #expect(publish.properties.messageId == "from-envelope")
        #expect(publish.properties.headers?["x-planreview-content-hash"] == .string(""))
        #expect(publish.properties.headers?["x-planreview-status"] == .string("rejected"))
    }

    /// The `reply_to` copy is a second publish; the job is acked only when both are confirmed, in any order.
    @Test(arguments: [
        ([(1, false)], [UInt64]()),
        ([(2, false)], []),
        ([(1, false), (2, false)], [1]),
        ([(2, false), (1, false)], [1]),
        ([(2, true)], [1]),
        ([(3, false)], []),  // the next job's result alone
        ([(3, false), (1, false)], []),
        ([(3, false), (1, false), (2, false)], [2]),
    ] as [([(UInt64, Bool)], [UInt64])])
    func aReplyToCopyNeedsBothConfirmsBeforeTheAck(_ confirms: [(UInt64, Bool)], _ expectedAcks: [UInt64]) throws {
        var harness = CoreHarness()
        harness.deliver(1, replyTo: "amq.gen-reply")
        harness.deliver(2)
        #expect(harness.published.map(\.exchange) == ["t.results", "", "t.results"])
        #expect(harness.published[1].routingKey == "amq.gen-reply")
        #expect(harness.published[1].body == harness.published[0].body)
        #expect(harness.published[1].properties == harness.published[0].properties)
        for (seq, multiple) in confirms { harness.confirm(seq, multiple: multiple) }
        #expect(harness.acks == expectedAcks)
    }

    @Test func anEmptyReplyToGetsNoCopy() {
        var harness = CoreHarness()
        harness.deliver(1, replyTo: "")
        #expect(harness.published.count == 1)
    }

    @Test func aReturnedResultIsRetriedNotAckedIntoTheVoid() throws {
        var harness = CoreHarness()
        harness.deliver(1)
        harness.deliver(2)
        #expect(harness.send(.returned(replyCode: 312, replyText: "NO_ROUTE", exchange: "t.results", routingKey: "result.101.compliant", messageId: "job-1")).isEmpty)
        let returned = try #require(harness.observations.compactMap { if case .returned(let r) = $0 { r } else { nil } }.first)
        #expect(returned.role == .result && returned.replyCode == 312 && returned.jobId == "job-1")
        harness.confirm(2, multiple: true)  // the broker acks a returned message after the return
        #expect(harness.acks.isEmpty, "job 1's result reached no queue: it is not acked")
        let retry = try #require(harness.published.last)
        #expect(retry.routingKey == "t.retry.1" && retry.properties.messageId == "job-1" && retry.mandatory)
        harness.confirm(3)
        #expect(harness.acks == [2], "acked once the retry copy is confirmed, with its neighbour")
    }

    @Test func metricsSeeReceivedReviewedAndAckedWithLatency() {
        var harness = CoreHarness()
        harness.deliver(1, headers: ["timestamp_in_ms": .int64(1_699_999_999_000)])
        harness.deliver(2, timestamp: nil)
        harness.clock.advance(.milliseconds(500))
        harness.confirm(2, multiple: true)
        let reviewed = harness.observations.compactMap { if case .reviewed(let summary) = $0 { summary } else { nil } }
        #expect(reviewed.map(\.jobId) == ["job-1", "job-2"])
        #expect(reviewed.first?.reviewDuration == .microseconds(40))
        #expect(reviewed.first?.kommunekode == 101)
        #expect(harness.observations.filter { $0 == .received(deliveryTag: 1) || $0 == .received(deliveryTag: 2) }.count == 2)
        #expect(harness.observations.last == .acked(upToDeliveryTag: 2, jobs: 2, latenciesMilliseconds: [1_500]))
    }

    @Test func theEchoReviewerAnswersWithItsReply() throws {
        let result = ReviewResult(
            jobId: "typical", correlationId: nil, status: .nonCompliant, municipality: MunicipalityRef(code: 316, name: "Holbæk"),
            ruleset: RulesetRef(id: "dk2020", version: "1"), language: .da, scores: nil, rules: [], pathway: nil, errors: nil,
            contentHash: "sha256:abc")
        let reply = EchoReply(result: result, worker: WorkerInfo(id: "w", version: "0"))
        var harness = CoreHarness(review: EchoReviewer(reply: reply))
        harness.deliver(1, id: "mine")
        let publish = try #require(harness.published.first)
        #expect(publish.body == reply.body)
        #expect(publish.routingKey == "result.316.non_compliant")
        #expect(publish.properties.messageId == "mine", "the reply's job id is empty: each result names its own job")
        #expect(publish.properties.headers?["x-planreview-content-hash"] == .string("sha256:abc"))
    }
}
