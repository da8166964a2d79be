import CRabbitMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Connecting

extension AMQPConnection {
    /// The CA bundle used for peer verification when no CA file is configured (Debian's path).
    static let systemCABundle = "/etc/ssl/certs/ca-certificates.crt"

    static func open(_ state: amqp_connection_state_t, _ configuration: AMQPConfiguration) throws(AMQPError) {
        let operation = "connect"
        var connectTimeout = timeval(Duration(boundedSeconds: configuration.connectTimeoutSeconds))
        var rpcTimeout = timeval(Duration(boundedSeconds: configuration.rpcTimeoutSeconds))
        _ = amqp_set_handshake_timeout(state, &connectTimeout)
        _ = amqp_set_rpc_timeout(state, &rpcTimeout)

        let socket: OpaquePointer
        if let tls = configuration.tls {
            socket = try openTLSSocket(state, tls)
        } else {
            guard let tcp = amqp_tcp_socket_new(state) else {
                throw AMQPError(code: .libraryError, operation: operation, detail: "amqp_tcp_socket_new failed", isConnectionLevel: true)
            }
            socket = tcp
        }

        errno = 0
        let status = amqp_socket_open_noblock(socket, configuration.host, Int32(configuration.port), &connectTimeout)
        if status != AMQP_STATUS_OK.rawValue {
            // librabbitmq says only "a socket error occurred"; the system's errno says which
            // (connection refused, no route to host ...). Host and port are not secrets.
            // EINPROGRESS is the non-blocking connect itself, not the reason it failed.
            let cause = errno != 0 && errno != EINPROGRESS && errno != EAGAIN ? String(cString: strerror(errno)) : nil
            let isTLS = status <= AMQP_STATUS_SSL_ERROR.rawValue && status > AMQP_STATUS_SSL_ERROR.rawValue - 0x100
            var error = AMQPError.library(isTLS ? .tlsFailed : .connectionFailed, status: status, operation: operation, isConnectionLevel: true)
            error.detail = cause
            throw error
        }

        let reply = CArena.with { arena in
            var properties = arena.table(clientProperties(configuration))
            let channelMax = Int32(AMQP_DEFAULT_MAX_CHANNELS)
            let frameMax = Int32(clamping: configuration.frameMax)
            let heartbeat = Int32(min(max(configuration.heartbeatSeconds, 0), 65_535))
            switch configuration.authenticationMechanism {
            case .plain:
                return planreview_amqp_login_plain_with_properties(
                    state, configuration.virtualHost, channelMax, frameMax, heartbeat, &properties,
                    configuration.user, configuration.password)
            case .external:
                return planreview_amqp_login_external_with_properties(
                    state, configuration.virtualHost, channelMax, frameMax, heartbeat, &properties,
                    configuration.user)
            }
        }
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            var error = AMQPError.serverClose(reply.reply, operation: "login", channel: 0)
            if reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD {
                var ok = amqp_connection_close_ok_t()
                _ = amqp_send_method(state, 0, AMQP_CONNECTION_CLOSE_OK_METHOD, &ok)
                if error.replyCode == 403 || error.replyCode == 530 {
                    error.code = .authenticationFailed
                }
            }
            error.isConnectionLevel = true
            throw error
        default:
            var error = AMQPError.library(
                .connectionFailed, status: reply.library_error, operation: "login", isConnectionLevel: true)
            if reply.library_error == AMQP_STATUS_CONNECTION_CLOSED.rawValue
                || reply.library_error == AMQP_STATUS_SOCKET_CLOSED.rawValue
            {
                error.detail = "the broker closed the socket during the handshake"
            }
            throw error
        }
    }

    private static func openTLSSocket(_ state: amqp_connection_state_t, _ tls: AMQPConfiguration.TLS) throws(AMQPError) -> OpaquePointer {
        let operation = "connect"
        guard let socket = amqp_ssl_socket_new(state) else {
            throw AMQPError(code: .tlsFailed, operation: operation, detail: "amqp_ssl_socket_new failed", isConnectionLevel: true)
        }
        amqp_ssl_socket_set_verify_peer(socket, tls.verifyPeer ? 1 : 0)
        amqp_ssl_socket_set_verify_hostname(socket, tls.verifyHostname ? 1 : 0)
        var caFile = tls.caCertificatePath
        if caFile == nil, tls.verifyPeer, access(systemCABundle, R_OK) == 0 {
            caFile = systemCABundle
        }
        if let caFile {
            let status = amqp_ssl_socket_set_cacert(socket, caFile)
            guard status == AMQP_STATUS_OK.rawValue else {
                var error = AMQPError.library(.tlsFailed, status: status, operation: operation, isConnectionLevel: true)
                error.detail = "cannot load the CA certificate file"
                throw error
            }
        }
        switch (tls.clientCertificatePath, tls.clientKeyPath) {
        case (let certificate?, let key?):
            let status = amqp_ssl_socket_set_key(socket, certificate, key)
            guard status == AMQP_STATUS_OK.rawValue else {
                var error = AMQPError.library(.tlsFailed, status: status, operation: operation, isConnectionLevel: true)
                error.detail = "cannot load the client certificate or key"
                throw error
            }
        case (nil, nil):
            break
        default:
            throw AMQPError(
                code: .invalidArgument, operation: operation,
                detail: "a client certificate needs both clientCertificatePath and clientKeyPath", isConnectionLevel: true)
        }
        return socket
    }

    /// The client properties sent in connection.start-ok.
    static func clientProperties(_ configuration: AMQPConfiguration) -> AMQPTable {
        var properties = configuration.clientProperties
        properties["product"] = "planreview"
        properties["version"] = .string(AMQPLibrary.clientVersion)
        properties["platform"] = "Swift"
        properties["information"] = .string("AMQP module over librabbitmq \(AMQPLibrary.version)")
        if let name = configuration.connectionName {
            properties["connection_name"] = .string(name)
        }
        properties["capabilities"] = [
            "consumer_cancel_notify": true,
            "connection.blocked": true,
            "publisher_confirms": true,
            "basic.nack": true,
            "exchange_exchange_bindings": true,
            "authentication_failure_close": true,
        ]
        return properties
    }
}
