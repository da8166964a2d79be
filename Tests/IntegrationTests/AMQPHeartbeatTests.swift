import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
import Testing

/// Heartbeats are serviced by a loop that only calls nextEvent.
@Suite struct AMQPHeartbeatTests {
    @Test func idleEventLoopKeepsAShortHeartbeatConnectionAlive() throws {
        try withBroker(heartbeatSeconds: 2) { connection, channel, resources in
            #expect(connection.heartbeatSeconds == 2)
            let queue = resources.queue("heartbeat")
            try channel.queueDeclare(queue, durable: false)
            try channel.consume(queue: queue)

            // Three heartbeat intervals without any traffic but nextEvent: the broker closes a
            // connection after two missed heartbeats, librabbitmq after two silent intervals.
            let idleUntil = ContinuousClock.now.advanced(by: .seconds(6))
            var polls = 0
            while ContinuousClock.now < idleUntil, polls < 200 {
                polls += 1
                let event = try connection.nextEvent(timeout: .milliseconds(200))
                guard case .timeout = event else {
                    Issue.record("unexpected event while idle: \(event)")
                    return
                }
            }
            #expect(connection.isOpen)

            try channel.publish(exchange: "", routingKey: queue, body: Array("still here".utf8))
            let delivery = try #require(try connection.waitFor { $0.delivery })
            #expect(delivery.body == Array("still here".utf8))
            try channel.ack(deliveryTag: delivery.deliveryTag)
        }
    }
}

/// A connection that is not serviced for longer than two heartbeat intervals is lost, and the
/// loss is thrown as `connectionLost` (what a worker that blocks too long will see).
@Suite struct AMQPConnectionLossTests {
    @Test func unservicedConnectionIsLostAndThrows() throws {
        let connection = try TestBroker.connect(name: TestBroker.uniqueName("unserviced"), heartbeatSeconds: 1)
        defer { connection.close() }
        let channel = try connection.openChannel()
        Thread.sleep(forTimeInterval: 5)  // > 2 heartbeat intervals without calling into the connection

        var thrown: AMQPError?
        for _ in 0..<100 where thrown == nil {
            do {
                _ = try connection.nextEvent(timeout: .milliseconds(200))
            } catch {
                thrown = error
            }
        }
        let error = try #require(thrown)
        #expect(error.code == .connectionLost)
        #expect(error.isConnectionLevel)
        #expect(error.libraryStatus != nil)
        #expect(!connection.isOpen)
        #expect(!channel.isOpen)
        #expect {
            try channel.publish(exchange: "", routingKey: "x", body: [])
        } throws: { error in
            (error as? AMQPError)?.code == .closed
        }
    }
}
