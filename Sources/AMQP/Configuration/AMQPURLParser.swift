/// Parses AMQP URIs into an ``AMQPConfiguration`` (RabbitMQ's "URI Specification" and
/// "URI Query Parameters" pages). Errors name the offending part, never its value, so that a
/// password cannot reach a log through an error.
enum AMQPURLParser {
    static func parse(_ url: String, into configuration: inout AMQPConfiguration) throws(AMQPError) {
        guard let schemeEnd = url.firstRange(of: "://") else {
            throw invalid("missing scheme separator '://'")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        switch scheme {
        case "amqp":
            configuration.tls = nil
            configuration.port = 5672
        case "amqps":
            configuration.tls = AMQPConfiguration.TLS()
            configuration.port = 5671
        default:
            throw invalid("scheme must be amqp or amqps")
        }

        var rest = url[schemeEnd.upperBound...]
        if let hash = rest.firstIndex(of: "#") {
            rest = rest[..<hash]
        }
        var query: Substring? = nil
        if let question = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: question)...]
            rest = rest[..<question]
        }
        let authority: Substring
        let path: Substring
        if let slash = rest.firstIndex(of: "/") {
            authority = rest[..<slash]
            path = rest[rest.index(after: slash)...]
        } else {
            authority = rest
            path = ""
        }

        // userinfo@host:port; the last '@' separates, so a stray '@' in a password still parses.
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            hostPort = authority[authority.index(after: at)...]
            if let colon = userInfo.firstIndex(of: ":") {
                let user = userInfo[..<colon]
                if !user.isEmpty { configuration.user = try decode(user, part: "user") }
                configuration.password = try decode(userInfo[userInfo.index(after: colon)...], part: "password")
            } else if !userInfo.isEmpty {
                configuration.user = try decode(userInfo, part: "user")
            }
        }

        var portText: Substring? = nil
        if hostPort.first == "[" {
            guard let close = hostPort.firstIndex(of: "]") else {
                throw invalid("unterminated IPv6 host '['")
            }
            let host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            guard !host.isEmpty else { throw invalid("empty IPv6 host") }
            configuration.host = String(host)
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { throw invalid("unexpected text after IPv6 host") }
                portText = after.dropFirst()
            }
        } else {
            var host = hostPort
            if let colon = hostPort.firstIndex(of: ":") {
                host = hostPort[..<colon]
                portText = hostPort[hostPort.index(after: colon)...]
            }
            if !host.isEmpty {
                configuration.host = try decode(host, part: "host")
            }
        }
        if let portText, !portText.isEmpty {
            guard portText.allSatisfy({ $0.isASCII && $0.isNumber }), let port = Int(portText),
                (1...65_535).contains(port)
            else {
                throw invalid("port must be a number from 1 to 65535")
            }
            configuration.port = port
        }

        if path.isEmpty {
            configuration.virtualHost = "/"
        } else {
            guard !path.contains("/") else {
                throw invalid("vhost must be one path segment ('/' is written %2F)")
            }
            configuration.virtualHost = try decode(path, part: "vhost")
        }

        if let query {
            try applyQuery(query, to: &configuration)
        }
    }

    private static func applyQuery(
        _ query: Substring,
        to configuration: inout AMQPConfiguration
    ) throws(AMQPError) {
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let key: String
            let value: String
            if let equals = pair.firstIndex(of: "=") {
                key = try decode(pair[..<equals], part: "query parameter name")
                value = try decode(pair[pair.index(after: equals)...], part: "query parameter \(key)")
            } else {
                key = try decode(pair, part: "query parameter name")
                value = ""
            }
            switch key {
            case "heartbeat":
                guard let seconds = Int(value), seconds >= 0, seconds <= 65_535 else {
                    throw invalid("heartbeat must be whole seconds from 0 to 65535")
                }
                configuration.heartbeatSeconds = seconds
            case "connection_timeout":
                guard let milliseconds = Int(value), milliseconds > 0 else {
                    throw invalid("connection_timeout must be positive milliseconds")
                }
                configuration.connectTimeoutSeconds = Double(milliseconds) / 1000
            case "frame_max":
                guard let frameMax = Int(value), frameMax >= 4096, frameMax <= Int(Int32.max) else {
                    throw invalid("frame_max must be at least 4096")
                }
                configuration.frameMax = frameMax
            case "channel_max":
                guard Int(value) != nil else { throw invalid("channel_max must be a number") }
            case "auth_mechanism":
                switch value.lowercased() {
                case "plain": configuration.authenticationMechanism = .plain
                case "external": configuration.authenticationMechanism = .external
                default: throw invalid("auth_mechanism must be plain or external")
                }
            case "connection_name", "name":
                configuration.connectionName = value
            case "cacertfile":
                configuration.tls?.caCertificatePath = value
            case "certfile":
                configuration.tls?.clientCertificatePath = value
            case "keyfile":
                configuration.tls?.clientKeyPath = value
            case "verify":
                switch value {
                case "verify_peer": configuration.tls?.verifyPeer = true
                case "verify_none":
                    configuration.tls?.verifyPeer = false
                    configuration.tls?.verifyHostname = false
                default: throw invalid("verify must be verify_peer or verify_none")
                }
            case "server_name_indication":
                if value == "disable" { configuration.tls?.verifyHostname = false }
            default:
                continue
            }
        }
    }

    private static func invalid(_ detail: String) -> AMQPError {
        AMQPError(code: .invalidURL, operation: "parse URL", detail: detail, isConnectionLevel: false)
    }

    /// Percent-decodes one URI component; `+` stays `+` (this is not form encoding).
    static func decode(_ text: Substring, part: String) throws(AMQPError) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue)
                else {
                    throw invalid("bad percent-encoding in \(part)")
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw invalid("\(part) is not UTF-8 after percent-decoding")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters.
    static func percentEncode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
