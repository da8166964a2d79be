import AMQP
import ArgumentParser
import Foundation
import PlanReviewContract
import PlanReviewOps
import ReviewWorker

/// `planreview results`: read results from the results stream (or take them from any queue of results).
struct ResultsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Read results from the results stream (or a queue) and print them (a line each, or JSON lines).",
        discussion: """
            Results are read from the results stream <prefix>.results, from its first offset (nothing is removed), \
            unless --queue names another queue, whose results are taken (consumed and acked).
            --drain stops once the queue stays empty for --idle seconds; --summary prints counts by status and
            the number of distinct job ids (results are at least once: the same job can be answered twice).
            --from first|<ISO 8601 time> reads a RabbitMQ stream (the contract's results stream) from that offset \
            without removing anything; on a queue that is not a stream, results are taken as without --from.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Queue to read (default: <prefix>.results).") var queue: String?
    @Option(help: "Stop after this many results.") var limit: Int?
    @Flag(help: "Stop when the queue stays empty for --idle seconds.") var drain = false
    @Option(help: "Seconds without a result that end --drain.") var idle: Double = 2
    @Flag(help: "Print each result's JSON body on one line.") var json = false
    @Flag(help: "Print only the summary.") var summary = false
    @Option(help: "Read the stream from 'first', 'last', 'next' or an ISO 8601 time (e.g. 2026-05-01T00:00:00Z).") var from: String?

    func validate() throws {
        if let from, Self.streamOffset(from) == nil {
            throw ValidationError("--from: 'first', 'last', 'next' or an ISO 8601 time such as 2026-05-01T00:00:00Z")
        }
    }

    /// The `x-stream-offset` consumer argument for --from.
    static func streamOffset(_ text: String) -> AMQPFieldValue? {
        if ["first", "last", "next"].contains(text) { return .string(text) }
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds], [.withFullDate]] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text), date.timeIntervalSince1970 >= 0 { return .timestamp(UInt64(date.timeIntervalSince1970)) }
        }
        return nil
    }

    func run() throws {
        let amqp = try connection.connect(name: "planreview results")
        defer { amqp.close() }
        var channel = try amqp.openChannel()
        let queueName = queue ?? connection.topology.resultsQueue
        try channel.qos(prefetchCount: 500)
        // A stream needs the prefetch above and manual acks (an ack is credit there, nothing is removed).
        // The results stream is read from its first offset unless --from says otherwise.
        let offset = from.flatMap(Self.streamOffset) ?? (connection.topology.isStream(queueName) ? .string("first") : nil)
        do {
            try channel.consume(queue: queueName, arguments: offset.map { ["x-stream-offset": $0] } ?? [:])
        } catch {
            guard from == nil, offset != nil, error.replyCode == 406 else { throw error }
            // Not migrated yet: an older quorum queue refuses x-stream-offset. Take the results as from a queue.
            printErr("\(queueName) is not a stream yet (see `planreview topology migrate-results`): taking results from the queue")
            channel = try amqp.openChannel(2)
            try channel.qos(prefetchCount: 500)
            try channel.consume(queue: queueName)
        }

        var count = 0
        var byStatus: [String: Int] = [:]
        var jobIds: Set<String> = []
        var lastResult = ContinuousClock.now
        var unacked: UInt64?
        reading: while limit.map({ count < $0 }) ?? true {
            switch try amqp.nextEvent(timeout: .milliseconds(200)) {
            case .delivery(let delivery):
                count += 1
                lastResult = .now
                let result = ResultSummary(body: delivery.body, file: delivery.routingKey)
                byStatus[result.status, default: 0] += 1
                if let id = result.jobId ?? delivery.properties.messageId { jobIds.insert(id) }
                if json {
                    print(String(decoding: delivery.body, as: UTF8.self))
                } else if !summary {
                    print(result.line)
                }
                unacked = delivery.deliveryTag
                // One ack frame per 100 results; the rest when the queue goes quiet or we stop.
                if count % 100 == 0 {
                    try channel.ack(deliveryTag: delivery.deliveryTag, multiple: true)
                    unacked = nil
                }
            case .timeout:
                if let tag = unacked {
                    try channel.ack(deliveryTag: tag, multiple: true)
                    unacked = nil
                }
                if drain, lastResult.duration(to: .now) > .seconds(idle) { break reading }
            case .channelClosed(_, let error), .connectionClosed(let error):
                throw error
            case .confirm, .returned, .consumerCancelled, .blocked, .unblocked:
                continue
            }
        }
        if let tag = unacked { try channel.ack(deliveryTag: tag, multiple: true) }
        if summary || drain {
            let statuses = byStatus.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            let line = "\(count) results, \(jobIds.count) distinct job ids\(statuses.isEmpty ? "" : ": " + statuses)"
            // With --json the summary goes to stderr, so stdout stays JSON lines (`overview build` reads them).
            if json { printErr(line) } else { print(line) }
        }
    }
}
