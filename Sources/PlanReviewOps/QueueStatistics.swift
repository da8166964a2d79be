import PlanReviewContract
import AMQP
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What one queue looks like right now: depth, consumers and, from the management API, rates.
public struct QueueStatistics: Sendable, Codable, Equatable {
    /// Where the numbers came from: `amqp` (passive declare: live, ready and consumers only),
    /// `management` (HTTP API: refreshed by the broker every 5 s, `collect_statistics_interval`),
    /// or both.
    public enum Source: String, Sendable, Codable {
        case amqp, management, both = "amqp+management", none
    }

    public var name: String
    /// False when the queue does not exist (404 from both sources).
    public var exists: Bool = true
    public var ready: Int?
    public var unacked: Int?
    public var consumers: Int?
    /// Messages per second, as the management API averages them (`message_stats.*_details.rate`).
    public var publishRate: Double?
    public var deliverRate: Double?
    public var ackRate: Double?
    /// `quorum` or `classic`.
    public var type: String?
    /// Quorum queues: the node that leads the queue and the nodes with a replica.
    public var leader: String?
    public var members: [String]?
    public var source: Source = .none

    public init(name: String) { self.name = name }

    /// The jobs still to do: ready plus delivered but not acknowledged.
    public var depth: Int? {
        guard let ready else { return unacked }
        return ready + (unacked ?? 0)
    }
}

/// A client of the RabbitMQ management plugin's HTTP API (`GET /api/queues/{vhost}/{name}`).
/// https://www.rabbitmq.com/docs/management#http-api
public struct ManagementAPI: Sendable {
    public var baseURL: URL
    private let authorization: String?
    public var timeoutSeconds: Double

    /// - Parameter url: `http://user:password@host:15672` (user and password default to guest/guest).
    public init?(url: String, timeoutSeconds: Double = 2) {
        guard var components = URLComponents(string: url), let scheme = components.scheme, ["http", "https"].contains(scheme), components.host != nil else { return nil }
        let user = components.user.flatMap { $0.removingPercentEncoding } ?? "guest"
        let password = components.password.flatMap { $0.removingPercentEncoding } ?? "guest"
        components.user = nil
        components.password = nil
        if components.path.hasSuffix("/") { components.path.removeLast() }
        guard let base = components.url else { return nil }
        self.baseURL = base
        self.authorization = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        self.timeoutSeconds = timeoutSeconds
    }

    /// The management URL that goes with a broker address: same host and credentials, port 15672 for
    /// the standard AMQP ports 5672 and 5671, else 15672 + (AMQP port - 5672), the convention of
    /// Scripts/broker for nodes side by side (Scripts/cluster: 6672 -> 16672).
    public static func defaultURL(for broker: AMQPConfiguration) -> String {
        var components = URLComponents()
        components.scheme = "http"
        components.host = broker.host
        components.port = [5672, 5671].contains(broker.port) ? 15672 : 15672 + (broker.port - 5672)
        components.user = broker.user
        components.password = broker.password
        return components.string ?? "http://guest:guest@127.0.0.1:15672"
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// One queue's statistics; nil when the queue does not exist.
    public func queue(_ name: String, vhost: String) async throws -> QueueStatistics? {
        let (status, object) = try await get("api/queues/\(Self.pathComponent(vhost))/\(Self.pathComponent(name))")
        if status == 404 { return nil }
        guard status == 200, let object = object as? [String: Any] else {
            throw Failure(description: "management API answered HTTP \(status) for queue \(name)")
        }
        var stats = QueueStatistics(name: name)
        stats.ready = (object["messages_ready"] as? NSNumber)?.intValue
        stats.unacked = (object["messages_unacknowledged"] as? NSNumber)?.intValue
        stats.consumers = (object["consumers"] as? NSNumber)?.intValue
        let messageStats = object["message_stats"] as? [String: Any]
        func rate(_ key: String) -> Double? { ((messageStats?[key] as? [String: Any])?["rate"] as? NSNumber)?.doubleValue }
        // Rates appear once the broker has seen that kind of traffic; none yet means 0.
        stats.publishRate = rate("publish_details") ?? 0
        stats.deliverRate = rate("deliver_get_details") ?? 0
        stats.ackRate = rate("ack_details") ?? 0
        stats.type = object["type"] as? String
        stats.leader = (object["leader"] as? String) ?? (object["node"] as? String)
        stats.members = object["members"] as? [String]
        stats.source = .management
        return stats
    }

    /// The open connections: name (client property `connection_name`) and the node they are on.
    public func connections() async throws -> [(name: String, node: String)] {
        let (status, object) = try await get("api/connections")
        guard status == 200, let list = object as? [[String: Any]] else { throw Failure(description: "management API answered HTTP \(status) for connections") }
        return list.compactMap { connection in
            guard let node = connection["node"] as? String else { return nil }
            let name = ((connection["client_properties"] as? [String: Any])?["connection_name"] as? String) ?? (connection["name"] as? String ?? "")
            return (name, node)
        }
    }

    private func get(_ path: String) async throws -> (Int, Any?) {
        let (status, data) = try await request("GET", "/" + path)
        return (status, try? JSONSerialization.jsonObject(with: data))
    }

    /// One request (`path` from the root, e.g. `/api/connections`); the status and the body.
    public func request(_ method: String, _ path: String) async throws -> (status: Int, body: Data) {
        try await withCheckedThrowingContinuation { continuation in
            send(method, path) { continuation.resume(with: $0) }
        }
    }

    /// The same request for a thread that must not suspend (one that owns an AMQP connection, as the
    /// tests' threads do): waits up to the timeout plus 5 s.
    public func requestWaiting(_ method: String, _ path: String) throws -> (status: Int, body: Data) {
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        send(method, path) { result in
            box.set(result)
            done.signal()
        }
        guard done.wait(timeout: .now() + timeoutSeconds + 5) == .success else {
            throw Failure(description: "\(baseURL.absoluteString) did not answer \(method) \(path)")
        }
        return try box.get().get()
    }

    /// The request itself, answered on URLSession's queue (not Swift's cooperative pool).
    private func send(_ method: String, _ path: String, completion: @escaping @Sendable (Result<(status: Int, body: Data), any Error>) -> Void) {
        guard let url = URL(string: baseURL.absoluteString + path) else {
            completion(.failure(Failure(description: "bad management URL \(baseURL.absoluteString + path)")))
            return
        }
        var request = URLRequest(url: url, timeoutInterval: timeoutSeconds)
        request.httpMethod = method
        if let authorization { request.setValue(authorization, forHTTPHeaderField: "Authorization") }
        let base = baseURL.absoluteString
        URLSession.shared.dataTask(with: request) { data, response, error in
            if let error {
                // Foundation's URL errors print their whole user info; the description is what matters.
                let description = (error as NSError).userInfo[NSLocalizedDescriptionKey] as? String ?? "\(error)"
                completion(.failure(Failure(description: "\(base) did not answer: \(description)")))
            } else {
                completion(.success(((response as? HTTPURLResponse)?.statusCode ?? 0, data ?? Data())))
            }
        }.resume()
    }

    private final class ResponseBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: Result<(status: Int, body: Data), any Error> = .failure(Failure(description: "no answer"))
        func set(_ result: Result<(status: Int, body: Data), any Error>) { lock.withLock { value = result } }
        func get() -> Result<(status: Int, body: Data), any Error> { lock.withLock { value } }
    }

    /// Percent-encodes a vhost or queue name as one path segment (`/` -> `%2F`).
    static func pathComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? text
    }
}

extension QueueStatistics {
    /// Live depth and consumers of queues through passive declares on one connection. A queue that does
    /// not exist closes the channel (404); the next queue gets a fresh channel.
    public static func passive(_ names: [String], on connection: AMQPConnection) throws(AMQPError) -> [QueueStatistics] {
        var channelId: UInt16 = 1
        var channel = try connection.openChannel(channelId)
        var result: [QueueStatistics] = []
        for name in names {
            var stats = QueueStatistics(name: name)
            do {
                let info = try channel.queueDeclare(name, passive: true)
                stats.ready = Int(info.messageCount)
                stats.consumers = Int(info.consumerCount)
                stats.source = .amqp
            } catch where error.replyCode == 404 {
                stats.exists = false
                channelId += 1
                channel = try connection.openChannel(channelId)
            }
            result.append(stats)
        }
        try? channel.close()
        return result
    }

    /// Live numbers from AMQP where there are some, the rest from the management API.
    public func merging(management: QueueStatistics?) -> QueueStatistics {
        guard let management else { return self }
        guard source == .amqp else { return management }
        var merged = management
        merged.ready = ready
        merged.consumers = consumers
        merged.source = .both
        return merged
    }
}
