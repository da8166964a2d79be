import AMQP
import PlanReviewContract

extension Topology {
    /// Declares every exchange, queue and binding. Idempotent: declaring what exists with the same
    /// arguments is a no-op; different arguments fail with the broker's 406 PRECONDITION_FAILED.
    public func declare(on channel: AMQPChannel) throws(AMQPError) {
        for exchange in exchanges {
            try channel.exchangeDeclare(exchange.name, type: exchange.type, durable: true)
        }
        for queue in queues {
            try channel.queueDeclare(queue.name, durable: true, arguments: queue.amqpArguments)
        }
        for binding in bindings {
            try channel.queueBind(binding.queue, exchange: binding.exchange, routingKey: binding.routingKey)
        }
    }
}

extension Topology.Queue {
    /// The arguments as an AMQP field table.
    public var amqpArguments: AMQPTable {
        arguments.mapValues { argument in
            switch argument {
            case .string(let value): .string(value)
            case .int64(let value): .int64(value)
            case .bool(let value): .bool(value)
            }
        }
    }
}
