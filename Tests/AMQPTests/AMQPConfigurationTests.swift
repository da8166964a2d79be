import AMQP
import Testing

@Suite struct AMQPConfigurationTests {
    struct URLCase: Sendable, CustomTestStringConvertible {
        var url: String
        var host: String
        var port: Int
        var user: String
        var password: String
        var virtualHost: String
        var tls: Bool
        var testDescription: String { url }
    }

    @Test(arguments: [
        URLCase(url: "amqp://guest:guest@127.0.0.1:5672/%2F", host: "127.0.0.1", port: 5672, user: "guest", password: "guest", virtualHost: "/", tls: false),
        URLCase(url: "amqp://bob:s3cret@broker.example:5673/plans", host: "broker.example", port: 5673, user: "bob", password: "s3cret", virtualHost: "plans", tls: false),
        URLCase(url: "amqps://bob:pw@broker.example/prod", host: "broker.example", port: 5671, user: "bob", password: "pw", virtualHost: "prod", tls: true),
        URLCase(url: "AMQPS://broker.example", host: "broker.example", port: 5671, user: "guest", password: "guest", virtualHost: "/", tls: true),
        URLCase(url: "amqp://", host: "127.0.0.1", port: 5672, user: "guest", password: "guest", virtualHost: "/", tls: false),
        URLCase(url: "amqp://rabbit", host: "rabbit", port: 5672, user: "guest", password: "guest", virtualHost: "/", tls: false),
        URLCase(url: "amqp://rabbit/", host: "rabbit", port: 5672, user: "guest", password: "guest", virtualHost: "/", tls: false),
        URLCase(url: "amqp://rabbit:15000", host: "rabbit", port: 15000, user: "guest", password: "guest", virtualHost: "/", tls: false),
        URLCase(url: "amqp://us%40er:p%3Ass%2Fw%25rd@h/v%2Fhost", host: "h", port: 5672, user: "us@er", password: "p:ss/w%rd", virtualHost: "v/host", tls: false),
        URLCase(url: "amqp://user@h", host: "h", port: 5672, user: "user", password: "guest", virtualHost: "/", tls: false),
        URLCase(url: "amqp://user:@h", host: "h", port: 5672, user: "user", password: "", virtualHost: "/", tls: false),
        URLCase(url: "amqp://:pw@h", host: "h", port: 5672, user: "guest", password: "pw", virtualHost: "/", tls: false),
        URLCase(url: "amqp://[::1]:5673/%2F", host: "::1", port: 5673, user: "guest", password: "guest", virtualHost: "/", tls: false),
        URLCase(url: "amqp://a:b@h/caf%C3%A9", host: "h", port: 5672, user: "a", password: "b", virtualHost: "café", tls: false),
        URLCase(url: "amqp://a:p+q@h", host: "h", port: 5672, user: "a", password: "p+q", virtualHost: "/", tls: false),
    ])
    func parsesURL(_ c: URLCase) throws {
        let configuration = try AMQPConfiguration(url: c.url)
        #expect(configuration.host == c.host)
        #expect(configuration.port == c.port)
        #expect(configuration.user == c.user)
        #expect(configuration.password == c.password)
        #expect(configuration.virtualHost == c.virtualHost)
        #expect((configuration.tls != nil) == c.tls)
    }

    @Test(arguments: [
        "",
        "rabbit:5672",
        "http://guest:guest@host/",
        "amqp:/host",
        "amqp://host:abc",
        "amqp://host:0",
        "amqp://host:65536",
        "amqp://host:-1",
        "amqp://[::1",
        "amqp://[::1]x",
        "amqp://::1",
        "amqp://host/a/b",
        "amqp://us%zzer:pw@host",
        "amqp://user:pw%4@host",
        "amqp://host/%FF",
        "amqp://host?heartbeat=abc",
        "amqp://host?heartbeat=-5",
        "amqps://host?verify=maybe",
        "amqp://host?auth_mechanism=cram",
    ])
    func rejectsInvalidURL(_ url: String) {
        #expect {
            try AMQPConfiguration(url: url)
        } throws: { error in
            (error as? AMQPError)?.code == .invalidURL
        }
    }

    @Test func invalidURLErrorDoesNotEchoThePassword() {
        do {
            _ = try AMQPConfiguration(url: "amqp://user:hunter2@host:notaport/")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidURL)
            #expect(!error.description.contains("hunter2"))
            #expect(!error.debugDescription.contains("hunter2"))
        }
    }

    @Test func parsesQueryParameters() throws {
        let configuration = try AMQPConfiguration(
            url: "amqps://u:p@h/v?heartbeat=5&connection_timeout=2500&frame_max=65536&cacertfile=%2Fetc%2Fca.pem&certfile=/c.pem&keyfile=/k.pem&verify=verify_peer&server_name_indication=disable&connection_name=worker-1&unknown=x"
        )
        #expect(configuration.heartbeatSeconds == 5)
        #expect(configuration.connectTimeoutSeconds == 2.5)
        #expect(configuration.frameMax == 65536)
        #expect(configuration.connectionName == "worker-1")
        let tls = try #require(configuration.tls)
        #expect(tls.caCertificatePath == "/etc/ca.pem")
        #expect(tls.clientCertificatePath == "/c.pem")
        #expect(tls.clientKeyPath == "/k.pem")
        #expect(tls.verifyPeer)
        #expect(!tls.verifyHostname)
    }

    @Test func amqpsVerifiesByDefaultAndVerifyNoneTurnsItOff() throws {
        let verified = try #require(try AMQPConfiguration(url: "amqps://h").tls)
        #expect(verified.verifyPeer && verified.verifyHostname)
        #expect(verified.caCertificatePath == nil)
        let unverified = try #require(try AMQPConfiguration(url: "amqps://h?verify=verify_none").tls)
        #expect(!unverified.verifyPeer && !unverified.verifyHostname)
    }

    @Test func tlsParametersAreIgnoredWithoutTLS() throws {
        let configuration = try AMQPConfiguration(url: "amqp://h?cacertfile=/ca.pem&verify=verify_none")
        #expect(configuration.tls == nil)
    }

    @Test func redactedURLHidesThePassword() throws {
        let configuration = try AMQPConfiguration(url: "amqps://bob:hunter2@broker.example:5671/%2F")
        #expect(configuration.redactedURL == "amqps://bob:***@broker.example:5671/%2F")
        #expect(!configuration.description.contains("hunter2"))

        var manual = AMQPConfiguration()
        manual.password = "p@ss:word/%"
        manual.user = "a b"
        manual.virtualHost = "plans"
        manual.host = "::1"
        #expect(manual.redactedURL == "amqp://a%20b:***@[::1]:5672/plans")
        #expect(!manual.description.contains("p@ss"))
    }

    /// Any URL text, valid or not, printed through `redacting`: never its password (a URL without
    /// `@host` puts the password where the port belongs).
    @Test(arguments: [
        ("amqp://user:s3cret", "s3cret"), ("amqp://user:s3cret/vhost", "s3cret"), ("amqps://user:s3cret?heartbeat=5", "s3cret"),
        ("amqp://user:s3cret@", "s3cret"), ("amqp://user:pa/ss@host:5672/v", "pa/ss"), ("amqp://user:s3cret@host:notaport/v", "s3cret"),
        ("amqp://user:s3cret@host:5672/%2F", "s3cret"), ("amqp//user:s3cret@host", "s3cret"), ("user:s3cret", "s3cret"),
        ("amqp://user:s3#cret@host", "s3#cret"), ("amqp://user:s3?cret@host", "s3?cret"), ("amqp://:s3cret@host", "s3cret"),
    ])
    func redactingNeverPrintsThePassword(_ url: String, _ password: String) {
        let printed = AMQPConfiguration.redacting(url)
        #expect(!printed.contains(password), "\(printed)")
        #expect(!printed.contains(String(password.suffix(4))), "\(printed)")
    }

    @Test func redactingKeepsWhatIsNotSecret() {
        #expect(AMQPConfiguration.redacting("amqp://bob:pw@broker.example:5672/plans") == "amqp://bob:***@broker.example:5672/plans")
        #expect(AMQPConfiguration.redacting("amqp://bob:pw@broker.example:99999/plans") == "amqp://bob:***@broker.example:99999/plans")
        #expect(AMQPConfiguration.redacting("ftp://broker:5672") == "ftp://broker:5672")
    }

    @Test func redactedURLRoundTrips() throws {
        var configuration = AMQPConfiguration()
        configuration.user = "us@er"
        configuration.virtualHost = "/team/a"
        let parsed = try AMQPConfiguration(url: configuration.redactedURL)
        #expect(parsed.user == "us@er")
        #expect(parsed.virtualHost == "/team/a")
        #expect(parsed.password == "***")
    }

    @Test func defaults() {
        let configuration = AMQPConfiguration()
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 5672)
        #expect(configuration.virtualHost == "/")
        #expect(configuration.heartbeatSeconds == 30)
        #expect(configuration.frameMax == 131_072)
        #expect(configuration.tls == nil)
        #expect(configuration.redactedURL == "amqp://guest:***@127.0.0.1:5672/%2F")
    }
}
