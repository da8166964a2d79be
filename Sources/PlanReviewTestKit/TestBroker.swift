import AMQP
import Foundation
import PlanReviewOps


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

    /// One management API request with the credentials of `AMQP_URL`; returns the status code and body.
    /// Waits on the calling thread, so a test's AMQP connection never crosses an `await`.
    package static func management(_ method: String, _ path: String) throws -> (status: Int, body: Data) {
        let configuration = try AMQPConfiguration(url: url)
        guard var components = URLComponents(string: managementURL) else { throw TestFailure("bad management URL \(managementURL)") }
        components.user = configuration.user
        components.password = configuration.password
        guard let api = components.string.flatMap({ ManagementAPI(url: $0, timeoutSeconds: 10) }) else { throw TestFailure("bad management URL \(managementURL)") }
        return try api.requestWaiting(method, path)
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
