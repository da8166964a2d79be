/// Where and how to connect to a broker.
///
/// Filled at the edge (file < environment < flags) and passed in as a value, like
/// `PostgresClient.Configuration`. ``description`` and ``redactedURL`` never show the password.
public struct AMQPConfiguration: Sendable, CustomStringConvertible {
    /// TLS settings; `nil` means plain TCP.
    public struct TLS: Sendable {
        /// PEM file with the CA certificates that may sign the broker's certificate. When `nil` and
        /// ``verifyPeer`` is on, the system bundle (`/etc/ssl/certs/ca-certificates.crt`) is used
        /// if present, because librabbitmq 0.11 does not load OpenSSL's default paths itself.
        public var caCertificatePath: String?
        /// PEM client certificate, for brokers that require one (with ``clientKeyPath``).
        public var clientCertificatePath: String?
        /// PEM private key of the client certificate.
        public var clientKeyPath: String?
        /// Verify the broker's certificate chain.
        public var verifyPeer: Bool
        /// Verify that the broker's certificate names ``AMQPConfiguration/host``.
        public var verifyHostname: Bool

        public init(
            caCertificatePath: String? = nil,
            clientCertificatePath: String? = nil,
            clientKeyPath: String? = nil,
            verifyPeer: Bool = true,
            verifyHostname: Bool = true
        ) {
            self.caCertificatePath = caCertificatePath
            self.clientCertificatePath = clientCertificatePath
            self.clientKeyPath = clientKeyPath
            self.verifyPeer = verifyPeer
            self.verifyHostname = verifyHostname
        }
    }

    /// The SASL mechanism used to log in.
    public enum AuthenticationMechanism: String, Sendable {
        /// User name and password.
        case plain = "PLAIN"
        /// The identity of the TLS client certificate (RabbitMQ's `rabbitmq_auth_mechanism_ssl`).
        case external = "EXTERNAL"
    }

    public var host: String = "127.0.0.1"
    public var port: Int = 5672
    public var user: String = "guest"
    public var password: String = "guest"
    public var virtualHost: String = "/"
    /// Heartbeat interval proposed to the broker (the smaller of both sides wins; 0 disables).
    /// Call into the connection at least every `heartbeatSeconds / 2` to keep it alive.
    public var heartbeatSeconds: Int = 30
    /// Sent as client property `connection_name`; shown in the management UI.
    public var connectionName: String? = nil
    public var frameMax: Int = 131_072
    /// Bound on TCP connect, TLS handshake and the AMQP handshake (each).
    public var connectTimeoutSeconds: Double = 10
    /// Bound on each synchronous request (declare, bind, qos, consume, channel open/close ...).
    /// When it expires the connection is closed, because a late reply would be misread.
    public var rpcTimeoutSeconds: Double = 30
    public var tls: TLS? = nil
    public var authenticationMechanism: AuthenticationMechanism = .plain
    /// Extra client properties (e.g. a worker id); `product`, `version`, `platform`,
    /// `connection_name` and `capabilities` are set by the connection and win over these.
    public var clientProperties: AMQPTable = [:]

    public init() {}

    /// Parses an AMQP URI (RabbitMQ's "URI Specification").
    ///
    /// `amqp://user:pass@host:port/vhost?query` and `amqps://` (TLS with verification on, default
    /// port 5671). User, password, host and vhost are percent-decoded (`%2F` -> `/`); a missing
    /// part keeps its default, an empty or `/` path is vhost `/`. Query parameters: `heartbeat`
    /// (seconds), `connection_timeout` (milliseconds), `frame_max`, `channel_max` (ignored),
    /// `auth_mechanism` (`plain`/`external`), `connection_name`; with `amqps` also `cacertfile`,
    /// `certfile`, `keyfile`, `verify` (`verify_peer`/`verify_none`) and
    /// `server_name_indication=disable` (turns hostname verification off: librabbitmq always
    /// sends SNI). Unknown parameters are ignored.
    ///
    /// - Throws: ``AMQPError/Code/invalidURL``; its `detail` names the bad part, never its value.
    public init(url: String) throws(AMQPError) {
        self.init()
        try AMQPURLParser.parse(url, into: &self)
    }

    /// The URL with the password replaced by `***`: `amqp://user:***@host:port/vhost`.
    public var redactedURL: String {
        let scheme = tls == nil ? "amqp" : "amqps"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let vhost = AMQPURLParser.percentEncode(virtualHost)
        return "\(scheme)://\(AMQPURLParser.percentEncode(user)):***@\(hostPart):\(port)/\(vhost)"
    }

    /// Any URL text as it may be logged or printed: a URL that parses as its ``redactedURL``; one that
    /// does not, with its user info replaced (`amqp://user:***@host...`), or with its whole authority
    /// replaced when it has no `@` (`amqp://user:secret` puts the password where a port belongs, and
    /// `amqp://user:secret/vhost` too). Never the password, whatever the text.
    public static func redacting(_ url: String) -> String {
        if let configuration = try? AMQPConfiguration(url: url) { return configuration.redactedURL }
        guard let schemeEnd = url.firstRange(of: "://") else { return "***" }
        let scheme = url[..<schemeEnd.lowerBound]
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { "/?#".contains($0) } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        // The path and query are not secret, but a password may contain '/', '?' or '#': drop them too.
        if let at = rest.lastIndex(of: "@") {
            let user = rest[..<at].prefix { $0 != ":" }
            return "\(scheme)://\(user):***@\(rest[rest.index(after: at)...])"
        }
        if let colon = authority.lastIndex(of: ":"), authority[authority.index(after: colon)...].allSatisfy(\.isNumber) {
            return url  // host:port, nothing secret
        }
        return authority.contains(":") ? "\(scheme)://***" : url
    }

    public var description: String {
        var fields = [
            redactedURL,
            "heartbeat: \(heartbeatSeconds)s",
            "frameMax: \(frameMax)",
            "connectTimeout: \(connectTimeoutSeconds)s",
            "rpcTimeout: \(rpcTimeoutSeconds)s",
        ]
        if let tls {
            fields.append("tls: verifyPeer=\(tls.verifyPeer) verifyHostname=\(tls.verifyHostname)")
        } else {
            fields.append("tls: off")
        }
        if authenticationMechanism != .plain { fields.append("auth: \(authenticationMechanism.rawValue)") }
        if let connectionName { fields.append("connectionName: \(connectionName)") }
        return "AMQPConfiguration(\(fields.joined(separator: ", ")))"
    }
}
