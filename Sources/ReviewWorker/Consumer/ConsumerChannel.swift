import AMQP
import PlanReviewContract

/// The channel a consumer session runs on: what ``ReviewConsumer`` needs of AMQP once the channel is
/// set up (declared, qos, confirm.select, consuming). ``AMQPChannel`` conforms below; tests use a fake.
///
/// - Important: one thread at a time (librabbitmq is not thread safe).
public protocol ConsumerChannel {
    /// basic.publish; returns the confirm sequence number (1, 2, 3 … after confirm.select).
    func publish(exchange: String, routingKey: String, body: [UInt8], properties: AMQPProperties, mandatory: Bool) throws -> UInt64
    func ack(deliveryTag: UInt64, multiple: Bool) throws
    func nack(deliveryTag: UInt64, multiple: Bool, requeue: Bool) throws
    func reject(deliveryTag: UInt64, requeue: Bool) throws
    func cancel(consumerTag: String) throws
    func close() throws
    /// Waits up to `timeout` for the next event of the connection.
    func nextEvent(timeout: Duration) throws -> AMQPEvent
}

extension AMQPChannel: ConsumerChannel {
    public func nextEvent(timeout: Duration) throws -> AMQPEvent {
        try connection.nextEvent(timeout: timeout)
    }
}
