import AMQP
import Foundation
import Logging
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
@testable import ReviewWorker
import ServiceLifecycle
import Testing

/// Issue 11's `user_id` row under the least-privilege worker user (Scripts/broker: `planreview-worker`,
/// vhost `planreview`): a job carrying a `user_id` that is not the worker's (`guest`, who published
/// it) has its result returned (the results stream unbound), so the worker publishes a retry copy. The
/// broker refuses (406) a publish whose `user_id` is not the connection's user; the copy carries only
/// the job's own properties, so it is taken, comes back through the retry queue and is answered.
@Suite(.serialized) struct LeastPrivilegeRetryTests {
    @Test(.enabled(if: WorkerUser.isConfigured))
    func aJobWithAForeignUserIdIsRetriedAndAnsweredUnderTheWorkerUser() async throws {
        var guest = try AMQPConfiguration(url: BrokerHarness.url)
        guest.virtualHost = "planreview"
        guest.connectionName = "least privilege retry test"
        let connection = try AMQPConnection(guest)
        defer { connection.close() }
        let channel = try connection.openChannel(1)
        let topology = Topology(prefix: "planreview.uid-\(UUID().uuidString.prefix(8).lowercased())")
        _ = try topology.declare(on: channel)
        defer { try? SecurityTests.deleteTopology(prefix: topology.prefix, vhost: "planreview") }
        try channel.confirmSelect()
        var configuration = WorkerConfiguration()
        configuration.brokers = [try WorkerUser.configuration()]
        configuration.consumers = 1
        configuration.topology = topology
        configuration.workerId = "uid-test-worker"
        let worker = ReviewWorkerService(configuration: configuration, reviewer: BrokerHarness.reviewer, logger: Logger(label: "uid-test-worker"))
        let group = ServiceGroup(services: [worker], logger: Logger(label: "uid-test-group"))
        async let running: Void = group.run()

        // The worker declares the topology (bindings included) when it connects: unbind after that.
        let ready = ContinuousClock.now + .seconds(60)
        while !worker.isReady, ContinuousClock.now < ready { try await Task.sleep(for: .milliseconds(50)) }
        let keys = [Topology.resultsBindingKey, Topology.progressBindingKey]
        for key in keys { try channel.queueUnbind(topology.resultsQueue, exchange: topology.resultsExchange, routingKey: key) }

        var properties = FaultJobs.properties("uid-job")
        properties.userId = guest.user
        let sequence = try channel.publish(
            exchange: topology.jobsExchange, routingKey: Topology.jobRoutingKey, body: FaultJobs.body("uid-job"), properties: properties, mandatory: true)
        #expect(sequence == 1)

        // The result is returned while unbound, so the job is acked only once its retry copy (to
        // retry.1) is confirmed: the jobs queue empties. A refused copy would dead-letter it instead.
        var taken = false
        let unboundUntil = ContinuousClock.now + .seconds(30)
        while !taken, ContinuousClock.now < unboundUntil {
            try await Task.sleep(for: .milliseconds(300))
            let counts = try BrokerInspection.counts(topology.jobsQueue, vhost: "planreview")
            taken = counts.ready + counts.unacked == 0
        }
        let answeredWhileUnbound = try BrokerInspection.counts(topology.resultsQueue, vhost: "planreview").ready
        for key in keys { try channel.queueBind(topology.resultsQueue, exchange: topology.resultsExchange, routingKey: key) }
        var results = 0
        let answeredUntil = ContinuousClock.now + .seconds(30)
        while results == 0, ContinuousClock.now < answeredUntil {
            results = try BrokerInspection.counts(topology.resultsQueue, vhost: "planreview").ready
            if results == 0 { try await Task.sleep(for: .milliseconds(200)) }
        }
        let jobs = try BrokerInspection.counts(topology.jobsQueue, vhost: "planreview")
        let dead = try BrokerInspection.counts(topology.deadQueue, vhost: "planreview")
        await group.triggerGracefulShutdown()
        try await running

        #expect(taken, "the worker took the job and settled it while the results were unbound")
        #expect(answeredWhileUnbound == 0, "its result was returned, not stored")
        #expect(results == 1, "the retried job was answered once the results were bound again")
        #expect(dead.ready + dead.unacked == 0, "nothing dead-lettered")
        #expect(jobs.ready + jobs.unacked == 0, "nothing left: \(jobs)")
    }
}
