import CRabbitMQ

/// The version of the librabbitmq the process runs with.
public enum AMQPLibrary {
    public static var version: String { String(cString: amqp_version()) }
}
