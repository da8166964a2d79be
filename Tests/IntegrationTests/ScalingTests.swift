import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
@testable import ReviewWorker
import Testing


/// Horizontal scaling: worker processes are competing consumers on one jobs queue.
@Suite(.serialized) struct ScalingTests {
    @Test func twoWorkerProcessesShareTheQueueFairlyAndAnswerEveryJobOnce() async throws {
        let harness = try BrokerHarness()
        let count = 10_000
        // Publish everything first, then start both workers together, so neither takes it all.
        for index in 0..<count {
            let jobId = "scale-\(index)"
            try harness.publish(try BrokerHarness.exampleJob(jobId: jobId), messageId: jobId)
            // Read the confirms as they come, so they do not pile up in the socket.
            if index % 256 == 255 { while case .confirm(_) = try harness.connection.nextEvent(timeout: .zero) {} }
        }
        let queued = await BrokerHarness.eventually(seconds: 60) { (try? harness.messageCount(harness.topology.jobsQueue)) == UInt32(count) }
        try #require(queued, "all jobs are in the queue before the workers start")

        let workers = try ["scale-a", "scale-b"].map { id in try harness.startWorker(id: id, consumers: 1, prefetch: 64) }
        defer { for worker in workers { worker.process.terminate() } }
        let results = try harness.collectResults(count, seconds: 240)

        var answers: [String: Int] = [:]
        var byWorker: [String: Int] = [:]
        for delivery in results {
            let result = BrokerHarness.json(delivery.body)
            let jobId = try #require(result["jobId"] as? String)
            answers[jobId, default: 0] += 1
            let worker = (result["worker"] as? [String: Any])?["id"] as? String ?? "(none)"
            byWorker[worker, default: 0] += 1
        }
        #expect(results.count == count, "every job answered")
        #expect(answers.count == count && answers.values.allSatisfy { $0 == 1 }, "each exactly once")
        #expect(Set(byWorker.keys) == ["scale-a", "scale-b"], "\(byWorker)")
        for (worker, share) in byWorker {
            #expect(share * 4 >= count, "\(worker) took \(share) of \(count) jobs, at least 25 % expected (\(byWorker))")
        }
        for worker in workers {
            #expect(await worker.stop() == 0, "\(worker.log.suffix(2000))")
        }
        #expect(try harness.messageCount(harness.topology.jobsQueue) == 0)
        print("scaling: \(byWorker.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")) of \(count) jobs")
    }
}
