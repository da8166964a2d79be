import AMQP
import ArgumentParser
import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewOps
import PlanReviewResources
import ReviewWorker

struct LoadCollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Consume N results and report throughput (first to last result) and end-to-end latency percentiles.",
        discussion: """
            Latency = receipt time - the job's submission time (the result header x-planreview-job-timestamp-ms, or
            "submittedAtMs" in a Celery result), in an HdrHistogram; submission times have ms resolution. Results are
            acked with `multiple` every 500. Stops when --count distinct jobs are answered, or after --idle seconds
            without a result.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Distinct results to wait for.") var count: Int
    @Option(help: "Queue to consume (default: <prefix>.results).") var queue: String?
    @Option(help: "Give up after this many seconds without a result.") var idle: Double = 60
    @Option(help: "Prefetch of the results consumer.") var prefetch: Int = 2_000
    @Flag(help: "Print the summary as JSON.") var json = false
    @Option(help: "Also write the JSON summary to this file.") var output: String?

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
    }

    func run() throws {
        let amqp = try connection.connect(name: "planreview load collect")
        defer { amqp.close() }
        let channel = try amqp.openChannel()
        try channel.qos(prefetchCount: UInt16(clamping: prefetch))
        let queueName = queue ?? connection.topology.resultsQueue
        // A fresh prefix per run: the results stream holds this run's results only, from its first offset.
        try channel.consume(queue: queueName, arguments: connection.topology.isStream(queueName) ? ["x-stream-offset": "first"] : [:])

        var tally = ResultTally(expected: count)
        var acks = AckBatch(size: 500)
        var lastEvent = ContinuousClock.now
        var lastProgress = ContinuousClock.now
        while tally.distinct < count, lastEvent.duration(to: .now) < .seconds(idle) {
            switch try amqp.nextEvent(timeout: .milliseconds(200)) {
            case .delivery(let delivery):
                let now = ContinuousClock.now
                lastEvent = now
                if tally.count(delivery, index: ResultTally.index(of: delivery), now: now), let submitted = submittedMilliseconds(delivery) {
                    tally.latency.record(microseconds: WallClock.microseconds - submitted * 1_000)
                }
                try acks.received(delivery.deliveryTag, on: channel)
                if now - lastProgress > .seconds(5) {
                    lastProgress = now
                    printErr("  collected \(tally.distinct)/\(count)")
                }
            case .timeout:
                try acks.flush(on: channel)
            case .channelClosed(_, let error), .connectionClosed(let error):
                throw error
            case .confirm, .returned, .consumerCancelled, .blocked, .unblocked:
                continue
            }
        }
        try acks.flush(on: channel)
        let summary = tally.summary()
        try summary.write(json: json, output: output)
        if summary.results < count { throw ExitCode(1) }
    }
}
