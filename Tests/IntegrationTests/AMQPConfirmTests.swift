import AMQP
import PlanReviewContract
import PlanReviewOps
import PlanReviewTestKit
import Testing

/// Publisher confirms and returns against the broker.
@Suite struct AMQPConfirmTests {
    @Test func confirmsArriveForTenThousandPublishes() throws {
        try withBroker { connection, channel, resources in
            let queue = resources.queue("confirms")
            try channel.queueDeclare(queue, durable: false)
            try channel.confirmSelect()
            let total: UInt64 = 10_000
            let properties = AMQPProperties(deliveryMode: AMQPProperties.persistentDeliveryMode)
            for expected in 1...total {
                let sequence = try channel.publish(
                    exchange: "", routingKey: queue, body: Array("message \(expected)".utf8), properties: properties)
                #expect(sequence == expected)
                if expected == total / 2 {
                    // A synchronous request with thousands of confirms in flight must not lose any.
                    try channel.queueDeclare(queue, passive: true)
                }
            }

            var settled = [Bool](repeating: false, count: Int(total) + 1)
            var acked: UInt64 = 0
            var nacked: UInt64 = 0
            var lowestUnsettled: UInt64 = 1
            let end = ContinuousClock.now.advanced(by: .seconds(60))
            var events = 0
            while acked + nacked < total, events < 1_000_000, ContinuousClock.now < end {
                events += 1
                guard let confirm = try connection.nextEvent(timeout: .milliseconds(200)).confirm else { continue }
                #expect(confirm.channel == channel.id)
                let range = confirm.multiple ? lowestUnsettled...confirm.deliveryTag : confirm.deliveryTag...confirm.deliveryTag
                for tag in range where !settled[Int(tag)] {
                    settled[Int(tag)] = true
                    if confirm.isAck { acked += 1 } else { nacked += 1 }
                }
                while lowestUnsettled <= total, settled[Int(lowestUnsettled)] { lowestUnsettled += 1 }
            }
            #expect(acked == total)
            #expect(nacked == 0)
            #expect(try channel.queueDeclare(queue, passive: true).messageCount == UInt32(total))
        }
    }

    @Test func mandatoryUnroutablePublishIsReturnedAndConfirmed() throws {
        try withBroker { connection, channel, resources in
            let exchange = resources.exchange("unroutable")
            try channel.exchangeDeclare(exchange, type: "direct", durable: false)
            try channel.confirmSelect()
            let body = Array("nobody listens".utf8)
            let sequence = try channel.publish(
                exchange: exchange, routingKey: "nowhere", body: body,
                properties: AMQPProperties(messageId: "lost-1"), mandatory: true)
            #expect(sequence == 1)

            var returned: AMQPReturnedMessage?
            let confirm = try connection.waitFor(
                other: { event in
                    if case .returned(let message) = event { returned = message }
                },
                { $0.confirm })
            let message = try #require(returned)
            #expect(message.replyCode == 312)
            #expect(message.replyText == "NO_ROUTE")
            #expect(message.body == body)
            #expect(message.exchange == exchange)
            #expect(message.routingKey == "nowhere")
            #expect(message.properties.messageId == "lost-1")
            #expect(confirm == AMQPConfirm(channel: channel.id, deliveryTag: 1, multiple: false, isAck: true))
        }
    }
}
