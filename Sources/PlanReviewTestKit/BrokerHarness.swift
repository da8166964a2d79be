import AMQP
import Foundation
import Logging
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewOps
import PlanReviewReports
import PlanReviewResources
import ReviewWorker
import ServiceLifecycle


/// Shared support for the tests that run against the real RabbitMQ that Scripts/test starts.
/// Each harness has its own topology prefix, so tests run in parallel on one broker and clean up after themselves.
package final class BrokerHarness {
    package static var url: String { TestBroker.url }
    /// The repository root, from this file's path (Sources/PlanReviewTestKit/BrokerHarness.swift).
    package static var repository: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }
    package static var configDirectory: String { repository.appendingPathComponent("Config").path }
    /// Executables built next to the test bundle (`swift build --build-tests` builds them).
    package static var binDirectory: URL { URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent() }
    package static let reviewer: Reviewer = {
        do { return Reviewer(configuration: try ReviewConfiguration.load(configDirectory: configDirectory)) } catch { fatalError("cannot load \(configDirectory): \(error)") }
    }()

    package let topology: Topology
    package let connection: AMQPConnection
    package let channel: AMQPChannel
    /// Exclusive queue that receives every result through `reply_to`.
    package let replyQueue: String

    /// - Parameter retryDelaysMilliseconds: the worker processes a test starts use the default delays,
    ///   so only in-process workers may use others.
    package init(retryDelaysMilliseconds: [Int] = Topology().retryDelaysMilliseconds, name: String = #function) throws {
        topology = Topology(prefix: "test-\(UUID().uuidString.prefix(8).lowercased())", retryDelaysMilliseconds: retryDelaysMilliseconds)
        var configuration = try AMQPConfiguration(url: Self.url)
        configuration.connectionName = "test harness \(name)"
        connection = try AMQPConnection(configuration)
        channel = try connection.openChannel(1)
        try topology.declare(on: channel)
        replyQueue = try channel.queueDeclare("", durable: false, exclusive: true, autoDelete: true).name
        try channel.consume(queue: replyQueue, noAck: true)
        try channel.confirmSelect()
    }

    deinit {
        for queue in topology.queues { _ = try? channel.queueDelete(queue.name) }
        for exchange in topology.exchanges { try? channel.exchangeDelete(exchange.name) }
        connection.close()
    }

    package func workerConfiguration(consumers: Int = 1, prefetch: Int = 64) throws -> WorkerConfiguration {
        var configuration = WorkerConfiguration()
        configuration.brokers = [try AMQPConfiguration(url: Self.url)]
        configuration.consumers = consumers
        configuration.prefetch = prefetch
        configuration.topology = topology
        configuration.workerId = "test-worker"
        configuration.shutdownDeadlineSeconds = 10
        return configuration
    }

    /// Runs an in-process worker for the duration of `body`, then shuts it down gracefully.
    package func withWorker<T>(consumers: Int = 1, _ body: () async throws -> T) async throws -> T {
        let worker = ReviewWorkerService(configuration: try workerConfiguration(consumers: consumers), reviewer: Self.reviewer, logger: Logger(label: "test-worker"))
        let group = ServiceGroup(services: [worker], logger: Logger(label: "test-group"))
        async let running: Void = group.run()
        do {
            // The body may block (librabbitmq calls, bounded waits): let every consumer connect first.
            let ready = ContinuousClock.now + .seconds(60)
            while !worker.isReady, ContinuousClock.now < ready { try await Task.sleep(for: .milliseconds(20)) }
            let value = try await body()
            await group.triggerGracefulShutdown()
            try await running
            return value
        } catch {
            await group.triggerGracefulShutdown()
            try? await running
            throw error
        }
    }

    /// Publishes a job body to the jobs exchange (persistent, confirmed later by `awaitConfirms`).
    @discardableResult
    package func publish(_ body: [UInt8], messageId: String? = nil, correlationId: String = UUID().uuidString, contentType: String? = "application/json") throws -> String {
        try channel.publish(
            exchange: topology.jobsExchange, routingKey: Topology.jobRoutingKey, body: body,
            properties: AMQPProperties(
                contentType: contentType, deliveryMode: 2, correlationId: correlationId, replyTo: replyQueue,
                messageId: messageId, timestamp: UInt64(Date().timeIntervalSince1970), type: ContractTypes.job
            )
        )
        return correlationId
    }

    /// Publishes a job body with exactly these properties (fault tests send no `reply_to` and read the
    /// durable results queue, which outlives connections and broker restarts).
    /// Returns the publish sequence number for `awaitConfirms(through:)`.
    @discardableResult
    package func publish(_ body: [UInt8], properties: AMQPProperties) throws -> UInt64 {
        let sequenceNumber = try channel.publish(exchange: topology.jobsExchange, routingKey: Topology.jobRoutingKey, body: body, properties: properties)
        // Keep the socket drained while publishing many: unread confirms would stall the broker's writer.
        if sequenceNumber % 256 == 0 { _ = try awaitConfirms(through: 0, seconds: 0) }
        return sequenceNumber
    }

    private var confirms = ConfirmCount()
    /// Publishes the broker nacked (counted by `awaitConfirms`).
    package var nackedPublishes: Int { confirms.nacked }

    /// Reads publisher confirms until every publish up to `last` is confirmed (true) or `seconds` pass
    /// (false). Nacks are counted in `nackedPublishes`. Other events on this connection are dropped, so
    /// use it only in tests that read results elsewhere (`ResultCollector`).
    package func awaitConfirms(through last: UInt64, seconds: Double = 60) throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while true {
            let event = try connection.nextEvent(timeout: seconds == 0 ? .zero : .milliseconds(100))
            switch event {
            case .confirm(let confirm):
                confirms.apply(confirm)
            case .timeout:
                if seconds == 0 { return confirms.settledThrough >= last }
            case .channelClosed(_, let error), .connectionClosed(let error):
                throw error
            default:
                break
            }
            // Draining (seconds == 0) goes on until nothing is left to read.
            if seconds > 0, confirms.settledThrough >= last || ContinuousClock.now >= deadline { return confirms.settledThrough >= last }
        }
    }

    /// Reads events until `count` results arrived on the reply queue or `seconds` passed; returns them.
    /// Publisher confirms read meanwhile are counted, so a later `awaitConfirms` sees them.
    package func collectResults(_ count: Int, seconds: Double = 60) throws -> [AMQPDelivery] {
        var results: [AMQPDelivery] = []
        let deadline = ContinuousClock.now + .seconds(seconds)
        while results.count < count, ContinuousClock.now < deadline {
            switch try connection.nextEvent(timeout: .milliseconds(100)) {
            case .delivery(let delivery): results.append(delivery)
            case .confirm(let confirm): confirms.apply(confirm)
            default: break
            }
        }
        return results
    }

    /// Ready messages in a queue (passive declare).
    package func messageCount(_ queue: String) throws -> UInt32 {
        try channel.queueDeclare(queue, passive: true).messageCount
    }

    /// Ready messages in a queue once it settles on `expected` (or the last count after `seconds`):
    /// messages another connection just returned reach a quorum queue's count a moment later.
    package func messageCount(_ queue: String, settlingOn expected: UInt32, seconds: Double = 10) throws -> UInt32 {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var count = try messageCount(queue)
        while count != expected, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            count = try messageCount(queue)
        }
        return count
    }

    /// A valid job body: the contract's example with its own jobId.
    package static func exampleJob(jobId: String) throws -> [UInt8] {
        let data = try Data(contentsOf: repository.appendingPathComponent("Config/samples/example-holbaek.json"))
        guard var object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw TestFailure("the example job is not a JSON object") }
        object["jobId"] = jobId
        return Array(try JSONSerialization.data(withJSONObject: object))
    }

    package static func json(_ body: [UInt8]) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }
}
