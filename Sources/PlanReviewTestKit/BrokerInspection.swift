import AMQP
import Foundation


/// What the broker says about queues and connections: `rabbitmqctl` (through Scripts/broker, exact
/// counts) and the management API (connections). Both address the node that `AMQP_URL` points to.
package enum BrokerInspection {
    package static var amqpPort: Int { (try? AMQPConfiguration(url: TestBroker.url))?.port ?? 5672 }

    /// Ready and unacknowledged messages of a queue, from the queue itself (`rabbitmqctl list_queues`;
    /// the management API's figures can be seconds old).
    package static func counts(_ queue: String, vhost: String = "/") throws -> (ready: Int, unacked: Int) {
        let output = try ctl(["list_queues", "-p", vhost, "name", "messages_ready", "messages_unacknowledged", "--formatter", "json"])
        guard let rows = try JSONSerialization.jsonObject(with: output) as? [[String: Any]],
            let row = rows.first(where: { $0["name"] as? String == queue })
        else { throw TestFailure("queue \(queue) not listed by rabbitmqctl") }
        return (row["messages_ready"] as? Int ?? -1, row["messages_unacknowledged"] as? Int ?? -1)
    }

    /// Runs `Scripts/broker ctl ARGS` for the node on `AMQP_URL`'s port.
    package static func ctl(_ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = BrokerHarness.repository.appendingPathComponent("Scripts/broker")
        process.arguments = ["ctl"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["AMQP_PORT"] = "\(amqpPort)"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("Scripts/broker ctl \(arguments.joined(separator: " ")) exited \(process.terminationStatus)") }
        return data
    }

    /// Names of the broker's client connections, from the management API.
    package static func connectionNames() throws -> [String] {
        let (status, body) = try TestBroker.management("GET", "/api/connections?columns=name,client_properties")
        guard status == 200, let rows = try JSONSerialization.jsonObject(with: body) as? [[String: Any]] else { return [] }
        return rows.compactMap { ($0["client_properties"] as? [String: Any])?["connection_name"] as? String }
    }

    /// Closes every connection whose client-provided name starts with `prefix` (as a broker restart or a
    /// network fault would, with `connection.close`); returns how many.
    package static func closeConnections(named prefix: String) throws -> Int {
        let (status, body) = try TestBroker.management("GET", "/api/connections?columns=name,client_properties")
        guard status == 200, let rows = try JSONSerialization.jsonObject(with: body) as? [[String: Any]] else { throw TestFailure("GET /api/connections: \(status)") }
        var closed = 0
        for row in rows {
            guard let name = row["name"] as? String, let clientName = (row["client_properties"] as? [String: Any])?["connection_name"] as? String,
                clientName.hasPrefix(prefix)
            else { continue }
            let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
            if try TestBroker.management("DELETE", "/api/connections/\(encoded)").status == 204 { closed += 1 }
        }
        return closed
    }
}

