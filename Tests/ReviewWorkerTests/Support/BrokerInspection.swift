import AMQP
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What the broker says about queues and connections: `rabbitmqctl` (through Scripts/broker, exact
/// counts) and the management API (connections). Both address the node that `AMQP_URL` points to.
enum BrokerInspection {
    static var amqpPort: Int { (try? AMQPConfiguration(url: BrokerHarness.url))?.port ?? 5672 }

    /// Ready and unacknowledged messages of a queue, from the queue itself (`rabbitmqctl list_queues`;
    /// the management API's figures can be seconds old).
    static func counts(_ queue: String, vhost: String = "/") throws -> (ready: Int, unacked: Int) {
        let output = try ctl(["list_queues", "-p", vhost, "name", "messages_ready", "messages_unacknowledged", "--formatter", "json"])
        guard let rows = try JSONSerialization.jsonObject(with: output) as? [[String: Any]],
            let row = rows.first(where: { $0["name"] as? String == queue })
        else { throw BrokerInspectionError("queue \(queue) not listed by rabbitmqctl") }
        return (row["messages_ready"] as? Int ?? -1, row["messages_unacknowledged"] as? Int ?? -1)
    }

    /// Runs `Scripts/broker ctl ARGS` for the node on `AMQP_URL`'s port.
    static func ctl(_ arguments: [String]) throws -> Data {
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
        guard process.terminationStatus == 0 else { throw BrokerInspectionError("Scripts/broker ctl \(arguments.joined(separator: " ")) exited \(process.terminationStatus)") }
        return data
    }

    static var managementURL: String {
        let configuration = (try? AMQPConfiguration(url: BrokerHarness.url)) ?? AMQPConfiguration()
        return "http://\(configuration.host):\(15672 + configuration.port - 5672)"
    }

    /// One management API request with the credentials of `AMQP_URL`; returns status and body.
    static func management(_ method: String, _ path: String) throws -> (status: Int, body: Data) {
        let configuration = try AMQPConfiguration(url: BrokerHarness.url)
        var request = URLRequest(url: URL(string: managementURL + path)!)
        request.httpMethod = method
        request.timeoutInterval = 10
        request.setValue("Basic " + Data("\(configuration.user):\(configuration.password)".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, _ in
            box.set(data ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? 0)
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + 15) == .success else { throw BrokerInspectionError("management API did not answer \(method) \(path)") }
        return box.get()
    }

    /// Names of the broker's client connections, from the management API.
    static func connectionNames() throws -> [String] {
        let (status, body) = try management("GET", "/api/connections?columns=name,client_properties")
        guard status == 200, let rows = try JSONSerialization.jsonObject(with: body) as? [[String: Any]] else { return [] }
        return rows.compactMap { ($0["client_properties"] as? [String: Any])?["connection_name"] as? String }
    }

    /// Closes every connection whose client-provided name starts with `prefix` (as a broker restart or a
    /// network fault would, with `connection.close`); returns how many.
    static func closeConnections(named prefix: String) throws -> Int {
        let (status, body) = try management("GET", "/api/connections?columns=name,client_properties")
        guard status == 200, let rows = try JSONSerialization.jsonObject(with: body) as? [[String: Any]] else { throw BrokerInspectionError("GET /api/connections: \(status)") }
        var closed = 0
        for row in rows {
            guard let name = row["name"] as? String, let clientName = (row["client_properties"] as? [String: Any])?["connection_name"] as? String,
                clientName.hasPrefix(prefix)
            else { continue }
            let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? name
            if try management("DELETE", "/api/connections/\(encoded)").status == 204 { closed += 1 }
        }
        return closed
    }

    private final class ResponseBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: (Int, Data) = (0, Data())
        func set(_ data: Data, _ status: Int) { lock.withLock { value = (status, data) } }
        func get() -> (status: Int, body: Data) { lock.withLock { value } }
    }
}

struct BrokerInspectionError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
