import AMQP
import PlanReviewContract
@testable import ReviewWorker
import Testing


/// A nacked result: retry queue n, then the dead letters, and a requeue when even that is nacked.
@Suite struct ConsumerCoreRetryTests {
    /// With three retry queues: attempts already made -> where the job goes on a nack.
    @Test(arguments: [
        (nil, "", "t.retry.1", 1, false),
        (Int64?.some(1), "", "t.retry.2", 2, false),
        (2, "", "t.retry.3", 3, false),
        (3, "t.dlx", "", 4, true),
        (7, "", "t.retry.1", 1, false),  // not a count this worker wrote: treated as 0
        (-7, "", "t.retry.1", 1, false),
        (Int64.max, "", "t.retry.1", 1, false),
    ] as [(Int64?, String, String, Int64, Bool)])
    func aNackedResultGoesToTheNextRetryQueueThenTheDeadLetters(
        _ previousAttempts: Int64?, _ exchange: String, _ routingKey: String, _ attempts: Int64, _ deadLettered: Bool
    ) throws {
        var harness = CoreHarness(topology: Topology(prefix: "t", retryDelaysMilliseconds: [1_000, 10_000, 60_000]))
        var headers: AMQPTable = ["custom": "kept"]
        if let previousAttempts { headers[RetryHeaders.attempts] = .int64(previousAttempts) }
        harness.deliver(1, headers: headers)
        harness.deliver(2)
        harness.confirm(1, ack: false)
        harness.confirm(2)
        #expect(harness.acks.isEmpty, "no ack passes the nacked job")
        let retry = try #require(harness.published.last)
        #expect(retry.sequenceNumber == 3)
        #expect(retry.exchange == exchange)
        #expect(retry.routingKey == routingKey)
        #expect(retry.body == Array("job 1".utf8), "the job as delivered, not its result")
        #expect(retry.properties.messageId == "job-1")
        #expect(retry.properties.type == ContractTypes.job)
        #expect(retry.properties.headers?[RetryHeaders.attempts] == .int64(attempts))
        #expect(retry.properties.headers?["custom"] == "kept")
        #expect((retry.properties.headers?[RetryHeaders.error]?.stringValue?.contains("\(attempts) times") ?? false) == deadLettered)
        #expect(
            harness.observations.contains {
                switch $0 {
                case .deadLettered(let id, let n, _): deadLettered && id == "job-1" && n == Int(attempts)
                case .retried(let id, let n, let queue): !deadLettered && id == "job-1" && n == Int(attempts) && queue == routingKey
                default: false
                }
            })
        harness.confirm(3)
        #expect(harness.acks == [2], "the job is acked once its retry publish is confirmed, with the ones after it")
        #expect(harness.core.jobsInFlight == 0)
    }

    @Test func aNackedRetryPublishRequeuesTheJobAndSettlingGoesOn() {
        var harness = CoreHarness()
        harness.deliver(1)
        harness.deliver(2)
        harness.deliver(3)
        harness.confirm(1, ack: false)  // -> retry publish, seq 4
        harness.confirm(3, multiple: true)
        harness.confirm(4, ack: false)  // the retry publish refused too
        #expect(harness.requeued == [1])
        #expect(harness.acks == [3], "jobs 2 and 3 follow with one ack")
        #expect(harness.observations.contains(.requeued(jobId: "job-1", deliveryTag: 1)))
        #expect(harness.core.jobsInFlight == 0)
        // Requeue comes before the ack that passes it, so no multiple ack covers the requeued delivery.
        #expect(harness.log.suffix(2) == [.requeue(deliveryTag: 1), .ack(upToDeliveryTag: 3)])
    }

    @Test func aNackCoveringManyJobsRetriesEachInOrder() {
        var harness = CoreHarness()
        for tag in 1...3 { harness.deliver(UInt64(tag)) }
        harness.confirm(2, multiple: true, ack: false)
        #expect(harness.published.suffix(1).map(\.routingKey) == ["t.retry.1"], "one job at a time: the next waits for the first's decision")
        harness.confirm(3)
        harness.confirm(4)  // job 1's retry publish confirmed
        #expect(harness.acks == [1])
        #expect(harness.published.last?.properties.messageId == "job-2")
        harness.confirm(5)
        #expect(harness.acks == [1, 3])
    }

    @Test func aNackOfOneOfTwoPublishesRetriesTheJobOnce() {
        var harness = CoreHarness()
        harness.deliver(1, replyTo: "amq.gen-reply")
        harness.confirm(1, ack: false)
        harness.confirm(2, ack: false)
        #expect(harness.published.count == 3, "one retry publish for the job, not one per nacked message")
        harness.confirm(3)
        #expect(harness.acks == [1])
    }
}
