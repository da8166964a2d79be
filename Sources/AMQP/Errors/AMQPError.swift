import CRabbitMQ

/// An error from the AMQP client: a failed connect, a closed channel or connection, a lost socket.
///
/// Modelled on swift-service-lifecycle's `ServiceGroupError` and postgres-nio's `PSQLError`:
/// an opaque, extensible ``Code`` plus context (library status, the broker's reply code and text,
/// the AMQP class and method, what we were doing). Switch on ``code`` and ``isConnectionLevel``;
/// new codes may be added without a breaking change.
///
/// ``description`` is safe for logs: it never contains credentials (no URL, no password), only the
/// code, the operation, the channel, the broker's reply code and text, and the library's message.
/// ``debugDescription`` adds the raw numbers.
public struct AMQPError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this is. Opaque so that codes can be added later.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum _Code: String, Sendable, Hashable {
            case invalidURL
            case invalidArgument
            case connectionFailed
            case tlsFailed
            case authenticationFailed
            case libraryError
            case channelClosedByServer
            case connectionClosedByServer
            case connectionLost
            case timeout
            case protocolError
            case closed
        }

        private let base: _Code

        private init(_ base: _Code) {
            self.base = base
        }

        /// The AMQP URL could not be parsed; the error's ``AMQPError/detail`` says which part (never its value).
        public static let invalidURL = Code(.invalidURL)
        /// An argument cannot be sent (e.g. a name longer than 255 bytes, channel id 0).
        public static let invalidArgument = Code(.invalidArgument)
        /// The TCP connection could not be opened (refused, unresolvable host, connect timeout).
        public static let connectionFailed = Code(.connectionFailed)
        /// The TLS handshake or the TLS set-up (CA file, client certificate or key) failed.
        public static let tlsFailed = Code(.tlsFailed)
        /// The broker refused the login (403 ACCESS_REFUSED) or the virtual host (530 NOT_ALLOWED).
        public static let authenticationFailed = Code(.authenticationFailed)
        /// librabbitmq reported a local failure (encoding, memory) that did not break the connection.
        public static let libraryError = Code(.libraryError)
        /// The broker closed a channel (channel.close), e.g. 404 NOT_FOUND or 406 PRECONDITION_FAILED.
        public static let channelClosedByServer = Code(.channelClosedByServer)
        /// The broker closed the connection (connection.close), e.g. 320 CONNECTION_FORCED.
        public static let connectionClosedByServer = Code(.connectionClosedByServer)
        /// The socket failed or the broker stopped answering (heartbeat timeout).
        public static let connectionLost = Code(.connectionLost)
        /// A synchronous request got no reply in time; the connection was closed because its state is unknown.
        public static let timeout = Code(.timeout)
        /// The broker sent something the protocol does not allow here.
        public static let protocolError = Code(.protocolError)
        /// The channel or connection was already closed (by us or by the broker) when it was used.
        public static let closed = Code(.closed)

        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// The `amqp_status_enum` value from librabbitmq, when the library reported the failure.
    public var libraryStatus: Int32?
    /// librabbitmq's text for ``libraryStatus`` (`amqp_error_string2`).
    public var libraryMessage: String?
    /// The broker's reply code, e.g. 404 NOT_FOUND, 406 PRECONDITION_FAILED, 320 CONNECTION_FORCED.
    public var replyCode: UInt16?
    /// The broker's reply text.
    public var replyText: String?
    /// The AMQP class id of the method that caused a broker close, when the broker said.
    public var classId: UInt16?
    /// The AMQP method id of the method that caused a broker close, when the broker said.
    public var methodId: UInt16?
    /// What we were doing: "connect", "queue.declare", "basic.publish", "wait" ...
    public var operation: String?
    /// The channel concerned, when the failure is about one channel.
    public var channel: UInt16?
    /// Extra context written by this module (never a credential), e.g. which URL part is invalid.
    public var detail: String?
    /// `true` when the connection is unusable now: reconnect.
    public var isConnectionLevel: Bool

    /// Creates an error; the module creates these, tests and mocks may too.
    public init(
        code: Code,
        libraryStatus: Int32? = nil,
        libraryMessage: String? = nil,
        replyCode: UInt16? = nil,
        replyText: String? = nil,
        classId: UInt16? = nil,
        methodId: UInt16? = nil,
        operation: String? = nil,
        channel: UInt16? = nil,
        detail: String? = nil,
        isConnectionLevel: Bool
    ) {
        self.code = code
        self.libraryStatus = libraryStatus
        self.libraryMessage = libraryMessage
        self.replyCode = replyCode
        self.replyText = replyText
        self.classId = classId
        self.methodId = methodId
        self.operation = operation
        self.channel = channel
        self.detail = detail
        self.isConnectionLevel = isConnectionLevel
    }

    public var description: String {
        var text = "AMQPError.\(code)"
        if let operation { text += " during \(operation)" }
        if let channel { text += " on channel \(channel)" }
        if let replyCode {
            text += ": \(replyCode)"
            if let replyText, !replyText.isEmpty { text += " \(replyText)" }
        } else if let libraryMessage {
            text += ": \(libraryMessage)"
        }
        if let detail { text += " (\(detail))" }
        if isConnectionLevel { text += " [connection unusable]" }
        return text
    }

    /// One next step for an operator when a connection could not be opened (connect, TLS, login), nil
    /// for the other errors: the one text the CLI, the worker's and the overview's logs give.
    public var nextStep: String? {
        switch code {
        case .authenticationFailed:
            return "Check the user, password and virtual host in the broker URL (--amqp-url, AMQP_URL) or the file AMQP_PASSWORD_FILE names."
        case .tlsFailed:
            return "Check the amqps:// URL's cacertfile= (and certfile=/keyfile=) and that the port is the broker's TLS port."
        case .connectionFailed where operation == "login", .timeout where operation == "login":
            // TCP connected, but no AMQP greeting came back: a TLS port, or not a broker at all.
            return "Is that port the broker's AMQP port? A TLS port needs an amqps:// URL."
        case .connectionFailed,
             .timeout where operation == "connect":
            return "Is a broker running there? Check the host and port in the broker URL (--amqp-url, AMQP_URL); Scripts/broker start runs one locally."
        default:
            return nil
        }
    }

    public var debugDescription: String {
        var fields: [String] = ["code: \(code)"]
        if let operation { fields.append("operation: \(operation)") }
        if let channel { fields.append("channel: \(channel)") }
        if let replyCode { fields.append("replyCode: \(replyCode)") }
        if let replyText { fields.append("replyText: \(String(reflecting: replyText))") }
        if let classId, let methodId {
            let number = amqp_method_number_t(classId) << 16 | amqp_method_number_t(methodId)
            let name = amqp_method_name(number).map { String(cString: $0) } ?? "unknown"
            fields.append("method: \(classId).\(methodId) (\(name))")
        }
        if let libraryStatus { fields.append("libraryStatus: \(libraryStatus)") }
        if let libraryMessage { fields.append("libraryMessage: \(String(reflecting: libraryMessage))") }
        if let detail { fields.append("detail: \(String(reflecting: detail))") }
        fields.append("isConnectionLevel: \(isConnectionLevel)")
        return "AMQPError(\(fields.joined(separator: ", ")))"
    }
}

extension AMQPError {
    /// An error for a librabbitmq status code (an `amqp_status_enum` value).
    static func library(
        _ code: Code,
        status: Int32,
        operation: String,
        channel: UInt16? = nil,
        isConnectionLevel: Bool
    ) -> AMQPError {
        AMQPError(
            code: code,
            libraryStatus: status,
            libraryMessage: amqp_error_string2(status).map { String(cString: $0) },
            operation: operation,
            channel: channel,
            isConnectionLevel: isConnectionLevel
        )
    }

    /// An error from a broker's channel.close or connection.close method.
    static func serverClose(
        _ method: amqp_method_t,
        operation: String,
        channel: UInt16
    ) -> AMQPError {
        if method.id == AMQP_CONNECTION_CLOSE_METHOD, let decoded = method.decoded {
            let close = decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
            return AMQPError(
                code: .connectionClosedByServer,
                replyCode: close.reply_code,
                replyText: String(amqpBytes: close.reply_text),
                classId: close.class_id,
                methodId: close.method_id,
                operation: operation,
                isConnectionLevel: true
            )
        }
        if method.id == AMQP_CHANNEL_CLOSE_METHOD, let decoded = method.decoded {
            let close = decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
            return AMQPError(
                code: .channelClosedByServer,
                replyCode: close.reply_code,
                replyText: String(amqpBytes: close.reply_text),
                classId: close.class_id,
                methodId: close.method_id,
                operation: operation,
                channel: channel,
                isConnectionLevel: false
            )
        }
        return AMQPError(
            code: .protocolError,
            operation: operation,
            channel: channel,
            detail: "unexpected method 0x\(String(method.id, radix: 16))",
            isConnectionLevel: true
        )
    }
}
