import AMQP
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The broker the integration tests use: `AMQP_URL` (loopback default, as postgres-nio's tests read
/// `POSTGRES_HOSTNAME`), its management API at `AMQP_MANAGEMENT_URL` or, by Scripts/broker's
/// convention, port 15672 + (AMQP port - 5672) on the same host.
package enum TestBroker {
    package static var url: String {
        ProcessInfo.processInfo.environment["AMQP_URL"] ?? BrokerAddresses.defaultURL
    }

    /// An amqps:// URL for the TLS tests, when set.
    package static var tlsURL: String? { ProcessInfo.processInfo.environment["AMQPS_URL"] }

    package static func configuration(name: String? = nil, heartbeatSeconds: Int? = nil) throws -> AMQPConfiguration {
        var configuration = try AMQPConfiguration(url: url)
        configuration.connectionName = name ?? "planreview-amqp-tests"
        if let heartbeatSeconds { configuration.heartbeatSeconds = heartbeatSeconds }
        configuration.rpcTimeoutSeconds = 20
        return configuration
    }

    package static func connect(name: String? = nil, heartbeatSeconds: Int? = nil) throws -> AMQPConnection {
        try AMQPConnection(configuration(name: name, heartbeatSeconds: heartbeatSeconds))
    }

    /// A name no other test (or other person's test on the same broker) uses.
    package static func uniqueName(_ purpose: String) -> String {
        "planreview.amqp-test.\(purpose).\(UUID().uuidString.lowercased().prefix(13))"
    }

    package static var managementURL: String {
        if let url = ProcessInfo.processInfo.environment["AMQP_MANAGEMENT_URL"] { return url }
        let configuration = (try? AMQPConfiguration(url: url)) ?? AMQPConfiguration()
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "http://\(host):\(15672 + configuration.port - 5672)"
    }

    /// One synchronous management API request; returns the status code and body.
    /// Synchronous so a test's AMQP connection never crosses an `await`.
    package static func management(_ method: String, _ path: String) throws -> (status: Int, body: Data) {
        let configuration = try AMQPConfiguration(url: url)
        var request = URLRequest(url: URL(string: managementURL + path)!)
        request.httpMethod = method
        request.timeoutInterval = 10
        let credentials = Data("\(configuration.user):\(configuration.password)".utf8).base64EncodedString()
        request.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { data, response, error in
            box.set(data: data, status: (response as? HTTPURLResponse)?.statusCode, error: error)
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + 15) == .success else {
            throw TestFailure("management API did not answer: \(method) \(path)")
        }
        let (data, status, error) = box.get()
        if let error { throw error }
        return (status ?? 0, data ?? Data())
    }

    private final class ResponseBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: (Data?, Int?, (any Error)?) = (nil, nil, nil)
        package func set(data: Data?, status: Int?, error: (any Error)?) {
            lock.withLock { value = (data, status, error) }
        }
        package func get() -> (Data?, Int?, (any Error)?) { lock.withLock { value } }
    }
}

/// A test support failure with what went wrong.
package struct TestFailure: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}

/// Queues and exchanges one test created, deleted afterwards through a fresh connection (the
/// test's own channel may be closed by then).
package final class BrokerResources {
    package private(set) var queues: [String] = []
    package private(set) var exchanges: [String] = []

    package func queue(_ purpose: String) -> String {
        let name = TestBroker.uniqueName(purpose)
        queues.append(name)
        return name
    }

    package func exchange(_ purpose: String) -> String {
        let name = TestBroker.uniqueName(purpose)
        exchanges.append(name)
        return name
    }

    package func cleanUp() {
        guard !queues.isEmpty || !exchanges.isEmpty,
            let connection = try? TestBroker.connect(name: "planreview-amqp-tests-cleanup")
        else { return }
        defer { connection.close() }
        for queue in queues {
            if let channel = try? connection.openChannel(1) {
                _ = try? channel.queueDelete(queue)
            }
        }
        for exchange in exchanges {
            if let channel = try? connection.openChannel(1) {
                try? channel.exchangeDelete(exchange)
            }
        }
    }
}

/// Runs `body` with a fresh connection (channel 1 open) and deletes what it declared afterwards.
package func withBroker<R>(
    name: String? = nil,
    heartbeatSeconds: Int? = nil,
    _ body: (AMQPConnection, AMQPChannel, BrokerResources) throws -> R
) throws -> R {
    let resources = BrokerResources()
    defer { resources.cleanUp() }
    let connection = try TestBroker.connect(name: name, heartbeatSeconds: heartbeatSeconds)
    defer { connection.close() }
    let channel = try connection.openChannel(1)
    return try body(connection, channel, resources)
}

extension AMQPConnection {
    /// Reads events until `match` returns a value, at most `limit` events or until `deadline`
    /// passes (a bound against hanging, not a timing assertion). Other events go to `other`.
    package func waitFor<T>(
        limit: Int = 1_000,
        deadline: Duration = .seconds(30),
        poll: Duration = .milliseconds(200),
        other: (AMQPEvent) throws -> Void = { _ in },
        _ match: (AMQPEvent) throws -> T?
    ) throws -> T? {
        let end = ContinuousClock.now.advanced(by: deadline)
        for _ in 0..<limit {
            guard ContinuousClock.now < end else { return nil }
            let event = try nextEvent(timeout: poll)
            if let value = try match(event) { return value }
            if case .timeout = event { continue }
            try other(event)
        }
        return nil
    }
}

extension AMQPEvent {
    package var delivery: AMQPDelivery? {
        if case .delivery(let delivery) = self { return delivery }
        return nil
    }

    package var confirm: AMQPConfirm? {
        if case .confirm(let confirm) = self { return confirm }
        return nil
    }
}
