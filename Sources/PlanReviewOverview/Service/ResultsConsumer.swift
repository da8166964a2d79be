import AMQP
import Foundation
import Logging
import ServiceLifecycle

/// Consumes the results stream (or the overview's queue) into the store, a `Service`.
///
/// One OS thread owns the connection (librabbitmq is blocking and not thread safe); it waits at most
/// 200 ms per call so it sees a stop request and services heartbeats. Each delivery is handed to the
/// async side, recorded (message and offset in one transaction), and only then acknowledged: a crash
/// at any point resumes from the stored offset (stream) or gets the unacked messages again (queue),
/// and the store's jobId + contentHash key keeps a result from counting twice.
public struct ResultsConsumer: Service {
    public var amqp: AMQPConfiguration
    public var source: ResultsSource
    public var ingestor: Ingestor
    public var state: ConsumerState
    /// Stream consumers need a prefetch (RabbitMQ refuses a stream consumer without basic.qos).
    public var prefetch: UInt16 = 200
    var logger: Logger

    public init(amqp: AMQPConfiguration, source: ResultsSource, ingestor: Ingestor, state: ConsumerState, logger: Logger) {
        self.amqp = amqp
        self.source = source
        self.ingestor = ingestor
        self.state = state
        self.logger = logger
    }

    /// Work the thread hands to the async side; it waits on `done`.
    final class Handoff: @unchecked Sendable {
        enum Request { case storedOffset, delivery(AMQPDelivery) }
        let request: Request
        let done = DispatchSemaphore(value: 0)
        var offset: Int64?
        var error: (any Error)?

        init(_ request: Request) { self.request = request }
    }

    public func run() async throws {
        // The tables first (PostgreSQL: the client queues the query until it runs).
        try await ingestor.store.prepare()
        let (requests, continuation) = AsyncStream<Handoff>.makeStream()
        let loop = ConsumerLoop(amqp: amqp, source: source, prefetch: prefetch, state: state, logger: logger, handoff: { handoff in
            continuation.yield(handoff)
            handoff.done.wait()
        })
        let thread = Thread { loop.run(); continuation.finish() }
        thread.name = "overview-consumer"
        thread.start()
        let ingestor = ingestor, source = source
        await withGracefulShutdownHandler {
            for await handoff in requests {
                do {
                    switch handoff.request {
                    case .storedOffset:
                        handoff.offset = try await ingestor.store.storedOffset(stream: source.queue)
                    case .delivery(let delivery):
                        let position = Self.position(of: delivery, source: source)
                        let publishedAt = delivery.properties.timestamp.map { Date(timeIntervalSince1970: Double($0)) }
                        try await ingestor.ingest(body: delivery.body, publishedAt: publishedAt, position: position, routingKey: delivery.routingKey)
                    }
                } catch {
                    handoff.error = error
                }
                handoff.done.signal()
            }
        } onGracefulShutdown: { [state] in
            state.requestStop()
        }
        state.set(.stopped)
    }

    /// The stream offset RabbitMQ puts on each delivery from a stream (`x-stream-offset` header).
    static func position(of delivery: AMQPDelivery, source: ResultsSource) -> StreamPosition? {
        guard source.kind == .stream, let offset = delivery.properties.headers?["x-stream-offset"]?.intValue else { return nil }
        return StreamPosition(stream: source.queue, offset: offset)
    }
}
