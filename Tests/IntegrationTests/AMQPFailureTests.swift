import AMQP
import Foundation
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
import Testing

/// Channel and connection failures, and recovering from them on the same connection.
@Suite struct AMQPFailureTests {
    @Test func conflictingRedeclareClosesOnlyTheChannel() throws {
        try withBroker { connection, channel, resources in
            let queue = resources.queue("conflict")
            try channel.queueDeclare(queue, durable: true)
            let other = try connection.openChannel(2)

            #expect {
                try channel.queueDeclare(queue, durable: false)
            } throws: { error in
                guard let error = error as? AMQPError else { return false }
                return error.code == .channelClosedByServer && error.replyCode == 406
                    && error.replyText?.contains("PRECONDITION_FAILED") == true && !error.isConnectionLevel
                    && error.channel == 1 && error.operation == "queue.declare" && error.classId == 50
            }
            #expect(!channel.isOpen)
            #expect(connection.isOpen)
            #expect(other.isOpen)
            #expect {
                try channel.publish(exchange: "", routingKey: queue, body: [1])
            } throws: { error in
                (error as? AMQPError)?.code == .closed && (error as? AMQPError)?.replyCode == 406
            }

            // Different arguments are a conflict too, on the other channel.
            #expect {
                try other.queueDeclare(queue, durable: true, arguments: ["x-max-length": 10])
            } throws: { error in
                (error as? AMQPError)?.replyCode == 406
            }

            // The same id opens again, and works.
            let reopened = try connection.openChannel(1)
            #expect(reopened.isOpen && channel.isOpen)
            try reopened.queueDeclare(queue, durable: true)
            try reopened.confirmSelect()
            #expect(try reopened.publish(exchange: "", routingKey: queue, body: [1]) == 1)
            let confirm = try #require(try connection.waitFor { $0.confirm })
            #expect(confirm.isAck)

            // A passive declare of a missing queue is a 404 that closes the channel.
            let third = try connection.openChannel(3)
            #expect {
                try third.queueDeclare(TestBroker.uniqueName("missing"), passive: true)
            } throws: { error in
                (error as? AMQPError)?.replyCode == 404
            }
            #expect(try connection.openChannel(3).queueDeclare(queue, passive: true).messageCount == 1)
        }
    }

    @Test func deliveriesOfAClosedChannelAreNotHandedOut() throws {
        try withBroker { connection, channel, resources in
            let queue = resources.queue("stale-deliveries")
            try channel.queueDeclare(queue, durable: false)
            try channel.confirmSelect()
            for index in 0..<10 {
                try channel.publish(exchange: "", routingKey: queue, body: [UInt8(index)])
            }
            _ = try connection.waitFor { ($0.confirm?.deliveryTag == 10) ? true : nil }
            try channel.qos(prefetchCount: 10)
            try channel.consume(queue: queue)
            // The deliveries arrive while this request waits; then the 406 closes the channel.
            #expect(throws: AMQPError.self) { try channel.queueDeclare(queue, durable: true) }

            let reopened = try connection.openChannel(channel.id)
            for _ in 0..<5 {
                let event = try connection.nextEvent(timeout: .milliseconds(100))
                #expect(event.delivery == nil, "a delivery from the closed channel was handed out")
            }
            try reopened.consume(queue: queue)
            var redelivered = 0
            _ = try connection.waitFor { event -> Bool? in
                guard let delivery = event.delivery else { return nil }
                #expect(delivery.redelivered)
                try reopened.ack(deliveryTag: delivery.deliveryTag)
                redelivered += 1
                return redelivered == 10 ? true : nil
            }
            #expect(redelivered == 10)
        }
    }

    @Test func brokerCancelsConsumerWhenItsQueueIsDeleted() throws {
        try withBroker { connection, channel, resources in
            let queue = resources.queue("cancelled")
            try channel.queueDeclare(queue, durable: false)
            let tag = try channel.consume(queue: queue, consumerTag: "tests-consumer")
            #expect(tag == "tests-consumer")

            let admin = try TestBroker.connect(name: "planreview-amqp-tests-admin")
            defer { admin.close() }
            try admin.openChannel().queueDelete(queue)

            let cancelled = try connection.waitFor { event -> (UInt16, String)? in
                if case .consumerCancelled(let channel, let tag) = event { return (channel, tag) }
                return nil
            }
            #expect(cancelled?.0 == channel.id)
            #expect(cancelled?.1 == "tests-consumer")
            #expect(channel.isOpen)
            try channel.queueDeclare(queue, durable: false)
        }
    }

    @Test func asynchronousChannelErrorArrivesAsEvent() throws {
        try withBroker { connection, channel, resources in
            let queue = resources.queue("async-close")
            let other = try connection.openChannel(7)
            try channel.ack(deliveryTag: 999)  // unknown tag: 406, sent asynchronously

            let closed = try connection.waitFor { event -> (UInt16, AMQPError)? in
                if case .channelClosed(let channel, let error) = event { return (channel, error) }
                return nil
            }
            let (id, error) = try #require(closed)
            #expect(id == channel.id)
            #expect(error.replyCode == 406)
            #expect(error.code == .channelClosedByServer)
            #expect(!error.isConnectionLevel)
            #expect(!channel.isOpen)
            #expect(other.isOpen)

            let reopened = try connection.openChannel(channel.id)
            try reopened.queueDeclare(queue, durable: false)
            try other.queueDeclare(queue, passive: true)
        }
    }

    @Test func serverClosedConnectionArrivesAsEvent() throws {
        let name = TestBroker.uniqueName("forced-close")
        let connection = try TestBroker.connect(name: name)
        defer { connection.close() }
        _ = try connection.openChannel()

        // The management API lists a new connection after its next stats emission (seconds).
        var managementName: String?
        var clientProperties: [String: Any] = [:]
        for _ in 0..<40 where managementName == nil {
            _ = try connection.nextEvent(timeout: .milliseconds(500))  // keeps the connection serviced
            let (status, body) = try TestBroker.management("GET", "/api/connections?columns=name,client_properties")
            guard status == 200, let list = try JSONSerialization.jsonObject(with: body) as? [[String: Any]] else { continue }
            for entry in list {
                let properties = entry["client_properties"] as? [String: Any] ?? [:]
                if properties["connection_name"] as? String == name {
                    managementName = entry["name"] as? String
                    clientProperties = properties
                }
            }
        }
        let connectionName = try #require(managementName, "connection not listed by the management API")
        let capabilities = clientProperties["capabilities"] as? [String: Any] ?? [:]
        for capability in ["consumer_cancel_notify", "connection.blocked", "publisher_confirms", "basic.nack",
                           "exchange_exchange_bindings", "authentication_failure_close"] {
            #expect(capabilities[capability] as? Bool == true, "capability \(capability)")
        }
        #expect(clientProperties["product"] as? String == "planreview")

        let encoded = connectionName.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let (status, _) = try TestBroker.management("DELETE", "/api/connections/\(encoded)")
        #expect(status == 204)

        let closed = try connection.waitFor { event -> AMQPError? in
            if case .connectionClosed(let error) = event { return error }
            return nil
        }
        let error = try #require(closed)
        #expect(error.code == .connectionClosedByServer)
        #expect(error.replyCode == 320)
        #expect(error.isConnectionLevel)
        #expect(!connection.isOpen)
        #expect {
            try connection.nextEvent(timeout: .milliseconds(10))
        } throws: { error in
            (error as? AMQPError)?.code == .closed && (error as? AMQPError)?.isConnectionLevel == true
        }
        #expect(throws: AMQPError.self) { try connection.openChannel(2) }
        connection.close()  // idempotent on a closed connection
    }

    @Test func wrongPasswordIsAuthenticationFailure() throws {
        var configuration = try TestBroker.configuration(name: "planreview-amqp-tests-badauth")
        configuration.password = "definitely-wrong-\(UUID().uuidString)"
        do {
            _ = try AMQPConnection(configuration)
            Issue.record("login with a wrong password succeeded")
        } catch {
            #expect(error.code == .authenticationFailed)
            #expect(error.replyCode == 403)
            #expect(error.isConnectionLevel)
            #expect(!error.description.contains(configuration.password))
            #expect(!error.debugDescription.contains(configuration.password))
        }
    }

    @Test func unknownVirtualHostIsRefused() throws {
        var configuration = try TestBroker.configuration(name: "planreview-amqp-tests-badvhost")
        configuration.virtualHost = TestBroker.uniqueName("no-such-vhost")
        #expect {
            try AMQPConnection(configuration)
        } throws: { error in
            guard let error = error as? AMQPError else { return false }
            return error.code == .authenticationFailed && error.replyCode == 530 && error.isConnectionLevel
        }
    }

    @Test func unreachablePortIsConnectionFailure() throws {
        var configuration = try TestBroker.configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 1
        configuration.connectTimeoutSeconds = 2
        #expect {
            try AMQPConnection(configuration)
        } throws: { error in
            (error as? AMQPError)?.code == .connectionFailed && (error as? AMQPError)?.isConnectionLevel == true
        }
    }

    @Test func closedConnectionAndChannelRejectCalls() throws {
        let connection = try TestBroker.connect()
        let channel = try connection.openChannel()
        try channel.close()
        try channel.close()  // idempotent
        #expect(!channel.isOpen)
        #expect {
            try channel.qos(prefetchCount: 1)
        } throws: { error in
            (error as? AMQPError)?.code == .closed && (error as? AMQPError)?.isConnectionLevel == false
        }
        #expect(try connection.openChannel().isOpen)
        connection.close()
        connection.close()
        #expect(!connection.isOpen)
        #expect {
            try channel.publish(exchange: "", routingKey: "x", body: [])
        } throws: { error in
            (error as? AMQPError)?.code == .closed && (error as? AMQPError)?.isConnectionLevel == true
        }
    }
}
