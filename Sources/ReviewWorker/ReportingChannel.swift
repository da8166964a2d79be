import AMQP

/// A ``ConsumerChannel`` that tells the consumer's ``ConsumerControl`` what passes through it: every
/// publish (numbered, result or not), confirm, result return, and connection.blocked/unblocked. This is
/// what `/readyz` reads (``PublishingHealth``), kept outside the session so the session's rules stay
/// the core's.
struct ReportingChannel<Base: ConsumerChannel>: ConsumerChannel {
    let base: Base
    let control: ConsumerControl
    /// Publishes to this exchange are results.
    let resultsExchange: String

    init(_ base: Base, control: ConsumerControl, resultsExchange: String) {
        self.base = base
        self.control = control
        self.resultsExchange = resultsExchange
        control.reportChannelOpened()
    }

    func publish(exchange: String, routingKey: String, body: [UInt8], properties: AMQPProperties, mandatory: Bool) throws -> UInt64 {
        let sequenceNumber = try base.publish(exchange: exchange, routingKey: routingKey, body: body, properties: properties, mandatory: mandatory)
        control.reportPublished(sequenceNumber: sequenceNumber, isResult: exchange == resultsExchange)
        return sequenceNumber
    }

    func nextEvent(timeout: Duration) throws -> AMQPEvent {
        let event = try base.nextEvent(timeout: timeout)
        switch event {
        case .confirm(let confirm):
            control.reportConfirm(deliveryTag: confirm.deliveryTag, multiple: confirm.multiple, isAck: confirm.isAck)
        case .returned(let returned) where returned.exchange == resultsExchange:
            control.reportResultReturned()
        case .blocked(let reason):
            control.reportBlocked(reason: reason)
        case .unblocked:
            control.reportUnblocked()
        default:
            break
        }
        return event
    }

    func ack(deliveryTag: UInt64, multiple: Bool) throws { try base.ack(deliveryTag: deliveryTag, multiple: multiple) }
    func nack(deliveryTag: UInt64, multiple: Bool, requeue: Bool) throws { try base.nack(deliveryTag: deliveryTag, multiple: multiple, requeue: requeue) }
    func reject(deliveryTag: UInt64, requeue: Bool) throws { try base.reject(deliveryTag: deliveryTag, requeue: requeue) }
    func cancel(consumerTag: String) throws { try base.cancel(consumerTag: consumerTag) }
    func close() throws { try base.close() }
}
