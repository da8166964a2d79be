import AMQP
import ArgumentParser
import Dispatch
import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewOps
import PlanReviewResources
import ReviewWorker
import Synchronization

struct LoadOpenLoopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open-loop",
        abstract: "Publish jobs at a fixed rate while collecting their results; latency percentiles at that load.",
        discussion: """
            Job n is due at start + n/rate; a publisher thread sends it then (or at once if late), and the latency of
            its result is counted from that due time, so a publisher that falls behind cannot hide queueing
            (no coordinated omission). Results are consumed on a second connection, from the results stream's next
            offset, and only results of this run's job ids count (a probe before it on the same prefix left its
            results in the stream). The first --warmup seconds are not counted. Run workers on the same --prefix first.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var jobs: LoadJobOptions
    @Option(help: "Jobs per second.") var rate: Double
    @Option(help: "Seconds of measured load.") var duration: Double = 30
    @Option(help: "Seconds of load before measuring.") var warmup: Double = 5
    @Option(help: "Seconds to wait for the last results.") var drain: Double = 30
    @Option(help: "Unconfirmed publishes allowed at once.") var window: Int = 2_048
    @Flag(help: "Print the summary as JSON.") var json = false
    @Option(help: "Also write the JSON summary to this file.") var output: String?

    func validate() throws {
        guard rate > 0, duration > 0, warmup >= 0 else { throw ValidationError("--rate and --duration must be positive") }
    }

    func run() throws {
        let templates = try jobs.templates()
        let total = Int(rate * (warmup + duration))
        let warmupCount = Int(rate * warmup)
        let nanosecondsPerJob = 1e9 / rate
        let topology = connection.topology

        // The results consumer first, so nothing waits for it.
        let amqp = try connection.connect(name: "planreview load open-loop results")
        defer { amqp.close() }
        let channel = try amqp.openChannel()
        try topology.declare(on: channel)
        try channel.qos(prefetchCount: 2_000)
        // "next": what arrives after this consume-ok, i.e. the answers to the jobs published below; the stream
        // still holds the results of an earlier run on this prefix (Scripts/bench's probe), which must not count.
        try channel.consume(queue: topology.resultsQueue, arguments: ["x-stream-offset": "next"])

        let start = ContinuousClock.now + .milliseconds(200)
        let publisherOutcome = Mutex<(published: Int, nacked: Int, error: String?, done: Bool)>((0, 0, nil, false))
        let publisherConnection = connection
        let thread = Thread {
            do {
                let amqp = try publisherConnection.connect(name: "planreview load open-loop publisher")
                defer { amqp.close() }
                var publisher = try LoadPublisher(connection: amqp, topology: topology, jobs: templates, format: .job, window: window)
                for n in 0..<total {
                    let due = start + .nanoseconds(Int64(Double(n) * nanosecondsPerJob))
                    while ContinuousClock.now < due {
                        try publisher.poll(timeout: min(due - .now, .milliseconds(5)))
                    }
                    try publisher.publish(n, nowMilliseconds: WallClock.milliseconds)
                    if n % 1024 == 0 { publisherOutcome.withLock { $0.published = publisher.published } }
                }
                try publisher.awaitConfirms(seconds: 60)
                publisherOutcome.withLock { $0 = (publisher.published, publisher.confirms.nacked, nil, true) }
            } catch {
                publisherOutcome.withLock { $0.error = "\(error)"; $0.done = true }
            }
        }
        thread.start()

        var tally = ResultTally(expected: total)
        var measured = LatencyHistogram()
        var acks = AckBatch(size: 200)
        var publisherDoneAt: ContinuousClock.Instant?
        while tally.distinct < total {
            if publisherDoneAt == nil, publisherOutcome.withLock({ $0.done }) { publisherDoneAt = .now }
            if let publisherDoneAt, publisherDoneAt.duration(to: .now) > .seconds(drain) { break }
            switch try amqp.nextEvent(timeout: .milliseconds(100)) {
            case .delivery(let delivery):
                let now = ContinuousClock.now
                guard templates.isOfThisRun(delivery.properties.messageId ?? delivery.properties.correlationId ?? "") else {
                    try acks.received(delivery.deliveryTag, on: channel)
                    continue
                }
                let index = ResultTally.index(of: delivery)
                if tally.count(delivery, index: index, now: now), let n = index, n >= warmupCount {
                    let due = start + .nanoseconds(Int64(Double(n) * nanosecondsPerJob))
                    measured.record(microseconds: max(0, due.duration(to: now).nanoseconds / 1_000))
                }
                try acks.received(delivery.deliveryTag, on: channel)
            case .timeout:
                try acks.flush(on: channel)
            case .channelClosed(_, let error), .connectionClosed(let error):
                throw error
            case .confirm, .returned, .consumerCancelled, .blocked, .unblocked:
                continue
            }
        }
        try acks.flush(on: channel)
        let outcome = publisherOutcome.withLock { $0 }
        if let error = outcome.error { throw CLIError("publisher failed: \(error)") }

        var summary = tally.summary()
        summary.latencyMs = measured.summary
        summary.offeredRate = rate
        summary.published = outcome.published
        try summary.write(json: json, output: output)
        if summary.results < total { throw ExitCode(1) }
    }
}

extension Duration {
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
