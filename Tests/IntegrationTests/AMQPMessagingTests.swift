import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
import Testing

/// Publish, consume, get, acknowledge against the broker.
@Suite struct AMQPMessagingTests {
    @Test func publishedPropertiesAndBodyArriveIntact() throws {
        try withBroker { connection, channel, resources in
            let exchange = resources.exchange("roundtrip")
            let queue = resources.queue("roundtrip")
            try channel.exchangeDeclare(exchange, type: "direct", durable: false)
            let info = try channel.queueDeclare(queue, durable: false)
            #expect(info == AMQPQueueInfo(name: queue, messageCount: 0, consumerCount: 0))
            try channel.queueBind(queue, exchange: exchange, routingKey: "job")

            let headers: AMQPTable = [
                "string": "værdi",
                "int64": 42,
                "negative": .int32(-7),
                "int8": .int8(-8), "uint8": .uint8(200), "int16": .int16(-300), "uint16": .uint16(60_000),
                "uint32": .uint32(4_000_000_000), "float": .float(0.25), "double": 2.5,
                "bool": false, "bytes": .bytes([0, 1, 2, 255]), "timestamp": .timestamp(1_700_000_000),
                "void": .void,
                "nested": ["level": 2, "array": [1, "two", ["deep": true], [3.5, .void]], "empty": [:]],
                "emptyArray": [],
            ]
            let properties = AMQPProperties(
                contentType: "application/json", contentEncoding: "identity", headers: headers,
                deliveryMode: AMQPProperties.persistentDeliveryMode, priority: 5, correlationId: "corr-1",
                replyTo: "reply.queue", expiration: "60000", messageId: "job-1", timestamp: 1_700_000_123,
                type: "planreview.job.v1", userId: connection.configuration.user, appId: "amqp-tests")
            let body = Array(#"{"jobId":"job-1","plan":"ø"}"#.utf8)
            try channel.publish(exchange: exchange, routingKey: "job", body: body, properties: properties)

            let tag = try channel.consume(queue: queue)
            #expect(!tag.isEmpty)
            let delivery = try #require(try connection.waitFor { $0.delivery })
            #expect(delivery.body == body)
            #expect(delivery.properties == properties)
            #expect(delivery.properties.headers?["nested"]?.tableValue?["array"]?.arrayValue?.count == 4)
            #expect(delivery.exchange == exchange)
            #expect(delivery.routingKey == "job")
            #expect(delivery.consumerTag == tag)
            #expect(delivery.channel == channel.id)
            #expect(!delivery.redelivered)
            #expect(delivery.messageCount == nil)
            try channel.ack(deliveryTag: delivery.deliveryTag)
            try channel.cancel(consumerTag: tag)

            let after = try channel.queueDeclare(queue, passive: true)
            #expect(after.messageCount == 0)
            #expect(after.consumerCount == 0)
        }
    }

    @Test func messagesLargerThanAFrameArriveWhole() throws {
        try withBroker { connection, channel, resources in
            let queue = resources.queue("large")
            try channel.queueDeclare(queue, durable: false)
            let body = (0..<(1 << 20) + 17).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            #expect(body.count > connection.frameMax)
            try channel.publish(exchange: "", routingKey: queue, body: body)
            try channel.publish(exchange: "", routingKey: queue, body: [])
            try channel.consume(queue: queue, noAck: true)
            var bodies: [[UInt8]] = []
            _ = try connection.waitFor { event -> Bool? in
                if let delivery = event.delivery { bodies.append(delivery.body) }
                return bodies.count == 2 ? true : nil
            }
            #expect(bodies.count == 2)
            #expect(bodies.first == body)
            #expect(bodies.last == [])
        }
    }

    @Test func getReturnsNilWhenEmptyAndNackRequeues() throws {
        try withBroker { connection, channel, resources in
            let queue = resources.queue("get")
            try channel.queueDeclare(queue, durable: false)
            #expect(try channel.get(queue: queue) == nil)

            try channel.confirmSelect()
            let sequence = try channel.publish(
                exchange: "", routingKey: queue, body: Array("hello".utf8),
                properties: AMQPProperties(messageId: "m1"))
            #expect(sequence == 1)
            let confirm = try #require(try connection.waitFor { $0.confirm })
            #expect(confirm.isAck && confirm.deliveryTag == 1)

            let first = try #require(try channel.get(queue: queue))
            #expect(first.body == Array("hello".utf8))
            #expect(first.properties.messageId == "m1")
            #expect(!first.redelivered)
            #expect(first.messageCount == 0)
            #expect(first.routingKey == queue)
            #expect(first.consumerTag == "")
            try channel.nack(deliveryTag: first.deliveryTag, requeue: true)

            let second = try #require(try channel.get(queue: queue))
            #expect(second.redelivered)
            #expect(second.body == first.body)
            try channel.reject(deliveryTag: second.deliveryTag, requeue: true)

            let third = try #require(try channel.get(queue: queue, noAck: false))
            try channel.ack(deliveryTag: third.deliveryTag)
            #expect(try channel.get(queue: queue) == nil)
            #expect(try channel.queuePurge(queue) == 0)
        }
    }

    @Test func deadLetterXDeathHeaderDecodes() throws {
        try withBroker { _, channel, resources in
            let dead = resources.queue("dead")
            let work = resources.queue("work")
            try channel.queueDeclare(dead, durable: false)
            try channel.queueDeclare(
                work, durable: false,
                arguments: ["x-dead-letter-exchange": "", "x-dead-letter-routing-key": .string(dead)])
            try channel.confirmSelect()
            try channel.publish(exchange: "", routingKey: work, body: [1, 2, 3], properties: AMQPProperties(messageId: "poison"))
            let delivery = try #require(try pollGet(channel, queue: work))
            try channel.reject(deliveryTag: delivery.deliveryTag, requeue: false)

            let deadLettered = try #require(try pollGet(channel, queue: dead))
            try channel.ack(deliveryTag: deadLettered.deliveryTag)
            #expect(deadLettered.body == [1, 2, 3])
            let deaths = try #require(deadLettered.properties.headers?["x-death"]?.arrayValue)
            let death = try #require(deaths.first?.tableValue)
            #expect(death["reason"]?.stringValue == "rejected")
            #expect(death["queue"]?.stringValue == work)
            #expect(death["count"]?.intValue == 1)
            #expect(death["routing-keys"]?.arrayValue == [.string(work)])
            if case .timestamp = death["time"] {} else { Issue.record("x-death time is not a timestamp") }
            #expect(deadLettered.properties.headers?["x-first-death-reason"]?.stringValue == "rejected")
        }
    }

    @Test func quorumQueueWithDeliveryLimitCountsRedeliveries() throws {
        try withBroker { _, channel, resources in
            let queue = resources.queue("quorum")
            let info = try channel.queueDeclare(
                queue, durable: true, arguments: ["x-queue-type": "quorum", "x-delivery-limit": 5])
            #expect(info.name == queue)
            // Redeclaring with the same arguments is idempotent (integer literals encode as 'l').
            try channel.queueDeclare(queue, durable: true, arguments: ["x-queue-type": "quorum", "x-delivery-limit": 5])
            try channel.confirmSelect()
            try channel.publish(exchange: "", routingKey: queue, body: [42])
            let first = try #require(try pollGet(channel, queue: queue))
            try channel.nack(deliveryTag: first.deliveryTag, requeue: true)
            let second = try #require(try pollGet(channel, queue: queue))
            #expect(second.redelivered)
            #expect(second.properties.headers?["x-delivery-count"]?.intValue == 1)
            try channel.ack(deliveryTag: second.deliveryTag)
        }
    }

    @Test func synchronousRequestsWhileConsumingKeepEveryDeliveryInOrder() throws {
        try withBroker { connection, channel, resources in
            let queue = resources.queue("rpc-while-consuming")
            try channel.queueDeclare(queue, durable: false)
            let total = 2_000
            for index in 0..<total {
                try channel.publish(exchange: "", routingKey: queue, body: Array(String(index).utf8))
            }
            try channel.qos(prefetchCount: 500)
            try channel.consume(queue: queue)
            var received: [Int] = []
            var requests = 0
            let end = ContinuousClock.now.advanced(by: .seconds(60))
            while received.count < total, ContinuousClock.now < end {
                guard let delivery = try connection.nextEvent(timeout: .milliseconds(200)).delivery else { continue }
                received.append(Int(String(decoding: delivery.body, as: UTF8.self)) ?? -1)
                try channel.ack(deliveryTag: delivery.deliveryTag)
                if received.count % 100 == 0 {
                    // A synchronous request while up to 500 deliveries are in flight.
                    try channel.queueDeclare(queue, passive: true)
                    try channel.qos(prefetchCount: 500)
                    requests += 1
                }
            }
            #expect(received == Array(0..<total))
            #expect(requests == total / 100)
        }
    }

    /// basic.get until a message is there (dead-lettering is asynchronous), bounded.
    private func pollGet(_ channel: AMQPChannel, queue: String) throws -> AMQPDelivery? {
        for _ in 0..<100 {
            if let delivery = try channel.get(queue: queue) { return delivery }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }
}
