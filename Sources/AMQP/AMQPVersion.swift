import CRabbitMQ

/// Versions of this client and of the librabbitmq it runs with.
public enum AMQPLibrary {
    /// The version of the librabbitmq the process runs with, e.g. "0.11.0".
    public static var version: String { String(cString: amqp_version()) }

    /// This module's version, sent as client property `version`.
    public static let clientVersion = "0.1.0"
}
