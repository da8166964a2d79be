import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The overview's HTTP server, a `Service`:
/// - `/` the page of all municipalities, `/municipality/{code}` and `/municipality/{code}/report`;
/// - `/api/overview`, `/api/municipalities/{code}` (JSON), `/api/summary` (the national line), `/overview.csv`;
/// - `/healthz` (200 while the process runs), `/readyz` (200 when the store answers and the
///   consumer is consuming, else 503 with the reason).
public struct OverviewHTTPService: Service {
    public var host: String
    public var port: Int
    public var reader: OverviewReader
    public var consumerState: ConsumerState
    var logger: Logger
    var onListening: @Sendable (Int) -> Void

    public init(host: String, port: Int, reader: OverviewReader, consumerState: ConsumerState, logger: Logger, onListening: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.host = host
        self.port = port
        self.reader = reader
        self.consumerState = consumerState
        self.logger = logger
        self.onListening = onListening
    }

    /// The routes, without a server (the tests drive them through HummingbirdTesting).
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        let reader = reader, consumerState = consumerState
        router.get("/") { _, _ in Self.body(.ok, "text/html; charset=utf-8", OverviewPage(overview: try await reader.overview(), links: .server).html()) }
        router.get("/index.html") { _, _ in Self.body(.ok, "text/html; charset=utf-8", OverviewPage(overview: try await reader.overview(), links: .server).html()) }
        router.get("/api/overview") { _, _ in Self.body(.ok, "application/json", String(decoding: try await reader.overview().json(), as: UTF8.self)) }
        router.get("/api/summary") { _, _ in Self.body(.ok, "text/plain; charset=utf-8", try await reader.overview().summaryLine + "\n") }
        router.get("/overview.csv") { _, _ in Self.body(.ok, "text/csv; charset=utf-8", try await reader.overview().csv()) }
        router.get("/municipality/:code") { _, context in
            guard let code = context.parameters.get("code", as: Int.self), let page = try await reader.municipality(code, links: .server) else {
                return Self.body(.notFound, "text/html; charset=utf-8", "<!DOCTYPE html><html lang=\"da\"><body><p>Ukendt kommunekode.</p><p><a href=\"/\">Alle kommuner</a></p></body></html>\n")
            }
            return Self.body(.ok, "text/html; charset=utf-8", page.html())
        }
        router.get("/municipality/:code/report") { _, context in
            guard let code = context.parameters.get("code", as: Int.self), let page = try await reader.municipality(code, links: .server), let review = page.review else {
                return Self.body(.notFound, "text/plain; charset=utf-8", "no report for this code\n")
            }
            return Self.body(.ok, "text/html; charset=utf-8", MunicipalityPage.report(for: review, rulesets: reader.rulesets))
        }
        router.get("/api/municipalities/:code") { _, context in
            guard let code = context.parameters.get("code", as: Int.self), let page = try await reader.municipality(code, links: .server) else {
                return Self.body(.notFound, "application/json", "{\"error\":\"unknown kommunekode\"}\n")
            }
            return Self.body(.ok, "application/json", try MunicipalityJSON(page: page).text())
        }
        router.get("/healthz") { _, _ in Self.body(.ok, "text/plain; charset=utf-8", "ok\n") }
        router.get("/readyz") { _, _ in
            do { try await reader.store.ping() } catch { return Self.body(.serviceUnavailable, "text/plain; charset=utf-8", "not ready: store: \(error)\n") }
            let state = consumerState.current
            return state.isReady
                ? Self.body(.ok, "text/plain; charset=utf-8", "ready\nconsumer: \(state.description)\n")
                : Self.body(.serviceUnavailable, "text/plain; charset=utf-8", "not ready\nconsumer: \(state.description)\n")
        }
        return router
    }

    public func run() async throws {
        var serverLogger = logger
        serverLogger.logLevel = max(logger.logLevel, .notice)
        let onListening = onListening, host = host, port = port, logger = logger
        let application = Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "planreview-overview"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                logger.info("overview listening", metadata: ["address": "http://\(host):\(bound)"])
                onListening(bound)
            },
            logger: serverLogger
        )
        try await application.run()
    }

    static func body(_ status: HTTPResponse.Status, _ contentType: String, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// `/api/municipalities/{code}`: the row, the latest review and the progress results as received.
struct MunicipalityJSON {
    var page: MunicipalityPage

    func text() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let row = String(decoding: try encoder.encode(page.row), as: UTF8.self)
        let review = page.review?.body ?? "null"
        let progress = "[" + page.progress.map(\.body).joined(separator: ",") + "]"
        return "{\"municipality\":\(row),\"latestReview\":\(review),\"progress\":\(progress)}\n"
    }
}
