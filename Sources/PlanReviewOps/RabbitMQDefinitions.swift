import Foundation
import PlanReviewContract

/// The topology in RabbitMQ's definitions format (`rabbitmqctl import_definitions`, the management
/// plugin's `load_definitions`), so Deploy/rabbitmq/definitions.json is generated from the same
/// `Topology` the worker declares and cannot drift from it.
public struct RabbitMQDefinitions: Sendable {
    public var topology: Topology
    public var vhost: String

    public init(topology: Topology, vhost: String) {
        self.topology = topology
        self.vhost = vhost
    }

    /// A JSON object (sorted keys) with `vhosts`, `exchanges`, `queues` and `bindings`.
    public func json() throws -> Data {
        let exchanges: [[String: Any]] = topology.exchanges.map {
            ["name": $0.name, "vhost": vhost, "type": $0.type, "durable": true, "auto_delete": false, "internal": false, "arguments": [String: Any]()]
        }
        let queues: [[String: Any]] = topology.queues.map {
            ["name": $0.name, "vhost": vhost, "durable": true, "auto_delete": false, "arguments": $0.arguments.mapValues(Self.jsonValue)]
        }
        let bindings: [[String: Any]] = topology.bindings.map {
            [
                "source": $0.exchange, "vhost": vhost, "destination": $0.queue, "destination_type": "queue",
                "routing_key": $0.routingKey, "arguments": [String: Any](),
            ]
        }
        let object: [String: Any] = ["vhosts": [["name": vhost]], "exchanges": exchanges, "queues": queues, "bindings": bindings]
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    static func jsonValue(_ value: Topology.Argument) -> Any {
        switch value {
        case .string(let v): v
        case .int64(let v): Int(v)
        case .bool(let v): v
        }
    }
}
