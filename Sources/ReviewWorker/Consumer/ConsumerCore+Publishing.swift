import AMQP
import PlanReview
import PlanReviewContract

/// How the core publishes: a result's properties, and every publish numbered and in the ledger.
extension ConsumerCore {
    func resultProperties(_ result: ReviewedJob, incoming: AMQPProperties, envelope: IncomingEnvelope, now: ConsumerTime) -> AMQPProperties {
        var headers: AMQPTable = [
            // The result's own status word (a progress result's on_track ...), as its routing key has it.
            ResultHeaders.status: .string(result.resultStatus),
            ResultHeaders.contentHash: .string(result.contentHash ?? ""),
        ]
        // The job's submission time, so result consumers can measure end-to-end latency.
        if let submittedAt = envelope.submittedAtMilliseconds { headers[ResultHeaders.jobTimestampMilliseconds] = .int64(submittedAt) }
        return AMQPProperties(
            contentType: "application/json",
            headers: headers,
            deliveryMode: AMQPProperties.persistentDeliveryMode,
            correlationId: incoming.correlationId,
            messageId: result.jobId.isEmpty ? incoming.messageId : result.jobId,
            timestamp: UInt64(clamping: now.unixMilliseconds / 1000),
            type: result.resultType,
            appId: configuration.appId
        )
    }

    /// Every publish is `mandatory`: a message no queue takes comes back (basic.return) instead of
    /// being dropped, and the ledger remembers it until its confirm.
    mutating func publish(
        _ role: PublishRole, deliveryTag: UInt64, exchange: String, routingKey: String, body: [UInt8], properties: AMQPProperties,
        into actions: inout [ConsumerAction]
    ) -> UInt64 {
        let sequenceNumber = nextSequenceNumber
        nextSequenceNumber += 1
        ledger.append(
            PublishLedger.Record(
                sequenceNumber: sequenceNumber, deliveryTag: deliveryTag, role: role, exchange: exchange, routingKey: routingKey, messageId: properties.messageId))
        actions.append(
            .publish(ConsumerPublish(sequenceNumber: sequenceNumber, exchange: exchange, routingKey: routingKey, body: body, properties: properties, mandatory: true)))
        return sequenceNumber
    }
}
