import Hummingbird
import HummingbirdCore
import Logging
import PlanReviewContract
import Prometheus
import ReviewWorker
import ServiceLifecycle

/// The worker's HTTP endpoint, a `Service` in the worker's `ServiceGroup`:
/// - `GET /metrics`: the Prometheus registry in the text exposition format 0.0.4;
/// - `GET /healthz`: 200 while the process runs (liveness);
/// - `GET /readyz`: 200 when every consumer is connected and consuming, else 503 (readiness), with
///   each consumer's state in the body.
///
/// Listed before the worker service, so the group stops it last: metrics and probes stay up while
/// consumers drain. A port that cannot be bound is logged as an error and the worker goes on without
/// the endpoint: losing the metrics is better than losing the jobs (the probes then fail, which a
/// supervisor sees).
struct ObservabilityEndpoint: Service, CustomStringConvertible {
    /// Idle connections are closed after this long (Prometheus scrapes every 15 s or so, probes every 10 s).
    static let idleTimeout: Duration = .seconds(30)
    /// Connections open at once; more wait in the listen backlog.
    static let maximumConnections = 32

    var host: String
    var port: Int
    var registry: PrometheusCollectorRegistry
    /// What ServiceGroup logs for it (see ``ReviewWorkerService/description``: not the registry and the worker by reflection).
    var description: String { "ObservabilityEndpoint(\(host):\(port))" }
    var worker: ReviewWorkerService
    var logger: Logger

    func run() async throws {
        let router = Router()
        let registry = registry, worker = worker
        router.get("metrics") { _, _ -> Response in
            var headers = HTTPFields()
            // The content type of the text format (https://prometheus.io/docs/instrumenting/exposition_formats/).
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        router.get("healthz") { _, _ -> Response in
            Self.text(.ok, "ok\n")
        }
        router.get("readyz") { _, _ -> Response in
            let readiness = worker.readiness
            return readiness.isReady ? Self.text(.ok, "ready\n\(readiness)\n") : Self.text(.serviceUnavailable, "not ready\n\(readiness)\n")
        }
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .notice)  // no line per scrape
        let application = Application(
            router: router,
            // A connection idle this long is closed, and only so many are accepted at once: a client that
            // opens connections and sends nothing (or slowly) cannot hold the process's descriptors.
            server: .http1(configuration: .init(idleTimeout: .seconds(Int64(Self.idleTimeout.components.seconds)))),
            configuration: .init(
                address: .hostname(host, port: port), serverName: "planreview-worker",
                availableConnectionsDelegate: MaximumAvailableConnections(Self.maximumConnections)),
            onServerRunning: { [logger] channel in
                logger.info("metrics endpoint listening", metadata: ["address": "\(channel.localAddress.map { "\($0)" } ?? "\(host):\(port)")"])
            },
            logger: serverLogger
        )
        do {
            try await application.run()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            logger.error(
                "metrics endpoint failed; the worker goes on without /metrics, /healthz, /readyz",
                metadata: ["address": "\(host):\(port)", "error": "\(error)"]
            )
            try await gracefulShutdown()
        }
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
