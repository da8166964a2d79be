import AMQP
import ArgumentParser
import Dispatch
import Foundation
import Histogram
import Logging
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewOps
import PlanReviewReports
import PlanReviewResources
import ReviewWorker
import Synchronization

/// `planreview load ...`: the load side of Scripts/bench (docs/BENCHMARKS.md).
///
/// `preload` fills the jobs queue with N distinct jobs, `collect` drains the results queue and
/// measures throughput and end-to-end latency, `echo-worker` runs the worker with `.echo` mode
/// (the ceiling: the same AMQP work without decode, review and encode), `open-loop` publishes at a
/// fixed rate and measures latency at that load.
struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load generation for benchmarks: preload jobs, collect results with latencies, echo worker, open-loop publisher.",
        subcommands: [LoadPreloadCommand.self, LoadCollectCommand.self, LoadEchoWorkerCommand.self, LoadOpenLoopCommand.self, LoadCleanupCommand.self]
    )
}

// MARK: - Jobs

/// Where the job bodies come from: the seeded sample generator (one job per municipality) or a directory.
struct LoadJobOptions: ParsableArguments {
    @Option(help: "Seed of the sample generator (one job per municipality, 98 templates).") var seed: UInt64 = 1
    @Option(help: "Mitigation actions per generated job.") var actions: Int = 30
    @Option(name: .customLong("from"), help: "Use the *.json job files of this directory as templates instead.") var directory: String?
    @Option(help: "The Config directory (default: located as for `review`).") var configDir: String?

    func configurationDirectory() throws -> String {
        guard let directory = configDir ?? ReviewConfiguration.locateConfigDirectory() else {
            throw CLIError("no Config directory found (set PLANREVIEW_CONFIG_DIR or pass --config-dir)")
        }
        return directory
    }

    func templates() throws -> LoadJobs {
        if let directory {
            let files = try JobFiles.expand([directory])
            guard !files.isEmpty else { throw ValidationError("no *.json files in \(directory)") }
            return try LoadJobs(bodies: files.map { file in
                guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
                return [UInt8](data)
            })
        }
        let configuration = try ReviewConfiguration.load(configDirectory: try configurationDirectory())
        var generator = SampleGenerator(seed: seed)
        return try LoadJobs(bodies: configuration.municipalities.all.map { SampleGenerator.jsonBytes(generator.job(for: $0, actions: actions)) })
    }
}

/// Job bodies serialized once, with the jobId spliced in per copy at the byte level: copy n of the
/// run gets the UUID-shaped id `<run>-0000-4000-a000-<n as 12 hex digits>`, 36 bytes like the
/// generator's own ids, so every body keeps its template's size. The index is read back from the id
/// (``index(of:)``) to find duplicates and send times without a table.
struct LoadJobs {
    struct Template {
        var head: [UInt8]
        var tail: [UInt8]
    }

    let templates: [Template]
    /// Eight hex digits that make this run's ids unique.
    let run: String

    init(bodies: [[UInt8]]) throws {
        templates = try bodies.map { body in
            guard let (start, end) = Self.jobIdValueRange(body) else {
                throw ValidationError("a template has no \"jobId\" string member")
            }
            return Template(head: Array(body[..<start]), tail: Array(body[end...]))
        }
        run = String(UInt32.random(in: 0x1000_0000...UInt32.max), radix: 16)
    }

    func jobId(_ n: Int) -> String {
        let hex = String(n, radix: 16)
        return "\(run)-0000-4000-a000-\(String(repeating: "0", count: max(0, 12 - hex.count)))\(hex)"
    }

    /// The body of copy `n` (template `n % count`) with `id` as its jobId.
    func body(_ n: Int, id: String) -> [UInt8] {
        let template = templates[n % templates.count]
        var body = [UInt8]()
        body.reserveCapacity(template.head.count + 36 + template.tail.count)
        body += template.head
        body += id.utf8
        body += template.tail
        return body
    }

    /// The copy index encoded in an id made by ``jobId(_:)``; nil for other ids.
    static func index(of id: String) -> Int? {
        let utf8 = id.utf8
        guard utf8.count == 36 else { return nil }
        var value = 0
        for byte in utf8.suffix(12) {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = value << 4 | Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = value << 4 | Int(byte - UInt8(ascii: "a") + 10)
            default: return nil
            }
        }
        return value
    }

    /// Start and end of the value of the first `"jobId": "..."` member (no escapes in ids).
    static func jobIdValueRange(_ body: [UInt8]) -> (Int, Int)? {
        let key = Array("\"jobId\"".utf8)
        guard body.count > key.count else { return nil }
        var i = 0
        while i + key.count <= body.count {
            if body[i] == key[0], Array(body[i..<i + key.count]) == key {
                var j = i + key.count
                while j < body.count, body[j] == UInt8(ascii: " ") || body[j] == UInt8(ascii: ":") || body[j] == UInt8(ascii: "\n") { j += 1 }
                guard j < body.count, body[j] == UInt8(ascii: "\"") else { return nil }
                let start = j + 1
                var end = start
                while end < body.count, body[end] != UInt8(ascii: "\"") { end += 1 }
                return end < body.count ? (start, end) : nil
            }
            i += 1
        }
        return nil
    }
}

/// Publisher-confirm bookkeeping of a load publisher: how many publishes are settled.
struct ConfirmCount {
    private(set) var acked = 0
    private(set) var nacked = 0
    private var through: UInt64 = 0
    private var above: Set<UInt64> = []

    var settled: Int { acked + nacked }

    mutating func apply(_ confirm: AMQPConfirm) {
        let tag = confirm.deliveryTag
        var count = 0
        if confirm.multiple {
            guard tag > through else { return }
            let covered = above.filter { $0 <= tag }
            above.subtract(covered)
            count = Int(tag - through) - covered.count
            through = tag
        } else {
            guard tag > through, above.insert(tag).inserted else { return }
            count = 1
        }
        while above.remove(through + 1) != nil { through += 1 }
        if confirm.isAck { acked += count } else { nacked += count }
    }
}

/// The message formats `preload` and `open-loop` publish.
enum LoadFormat: String, ExpressibleByArgument, CaseIterable {
    /// The planreview job contract (../shared/contract).
    case job
    /// Celery task protocol 2 (the Celery peer): the same job JSON as the task's one argument.
    case celery
}

/// Publishes load jobs on one channel in confirm mode, with at most `window` unconfirmed.
struct LoadPublisher {
    let connection: AMQPConnection
    let channel: AMQPChannel
    let topology: Topology
    let jobs: LoadJobs
    let format: LoadFormat
    let window: Int
    var celeryTask = "planreview_bench.review_gap"
    var confirms = ConfirmCount()
    var published = 0

    init(connection: AMQPConnection, topology: Topology, jobs: LoadJobs, format: LoadFormat, window: Int) throws {
        self.connection = connection
        self.channel = try connection.openChannel()
        self.topology = topology
        self.jobs = jobs
        self.format = format
        self.window = window
        try topology.declare(on: channel)
        try channel.confirmSelect()
    }

    /// Publishes copy `n`, submitted at `nowMilliseconds`; waits for confirms while the window is full.
    mutating func publish(_ n: Int, nowMilliseconds: Int64) throws {
        while published - confirms.settled >= window { try poll(timeout: .milliseconds(100)) }
        let id = jobs.jobId(n)
        let body: [UInt8]
        let properties: AMQPProperties
        switch format {
        case .job:
            body = jobs.body(n, id: id)
            properties = AMQPProperties(
                contentType: "application/json", headers: [JobHeaders.timestampMilliseconds: .int64(nowMilliseconds)],
                deliveryMode: AMQPProperties.persistentDeliveryMode, messageId: id,
                timestamp: UInt64(nowMilliseconds / 1000), type: ContractTypes.job, appId: "planreview load")
        case .celery:
            // Task protocol 2 (celery/app/amqp.py as_task_v2): args [job], kwargs {submittedAtMs}, embed.
            body = Array("[[".utf8) + jobs.body(n, id: id) + Array("],{\"submittedAtMs\":\(nowMilliseconds)},{\"callbacks\":null,\"errbacks\":null,\"chain\":null,\"chord\":null}]".utf8)
            properties = AMQPProperties(
                contentType: "application/json", contentEncoding: "utf-8",
                headers: [
                    "lang": "py", "task": .string(celeryTask), "id": .string(id), "shadow": .void, "eta": .void,
                    "expires": .void, "group": .void, "group_index": .void, "retries": .int64(0),
                    "timelimit": .array([.void, .void]), "root_id": .string(id), "parent_id": .void,
                    "argsrepr": "(job,)", "kwargsrepr": "{}", "origin": "planreview load", "ignore_result": .bool(false),
                    "replaced_task_nesting": .int64(0), "stamped_headers": .void, "stamps": .table([:]),
                    JobHeaders.timestampMilliseconds: .int64(nowMilliseconds),
                ],
                deliveryMode: AMQPProperties.persistentDeliveryMode, priority: 0, correlationId: id,
                replyTo: topology.resultsQueue)
        }
        try channel.publish(exchange: topology.jobsExchange, routingKey: Topology.jobRoutingKey, body: body, properties: properties)
        published += 1
        // Keep the socket drained: confirms pile up otherwise.
        if published % 128 == 0 { try poll(timeout: .zero) }
    }

    mutating func awaitConfirms(seconds: Double) throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while confirms.settled < published {
            guard ContinuousClock.now < deadline else { throw CLIError("timed out waiting for publisher confirms (\(confirms.settled)/\(published))") }
            try poll(timeout: .milliseconds(100))
        }
    }

    /// Handles what arrived, waiting at most `timeout` for the first event.
    mutating func poll(timeout: Duration) throws {
        var wait = timeout
        while true {
            switch try connection.nextEvent(timeout: wait) {
            case .confirm(let confirm): confirms.apply(confirm)
            case .timeout: return
            case .channelClosed(_, let error), .connectionClosed(let error): throw error
            case .delivery, .returned, .consumerCancelled, .blocked, .unblocked: break
            }
            wait = .zero
        }
    }
}

/// Wall-clock time in ms and µs since 1970 (job timestamps are wall-clock).
enum WallClock {
    static var microseconds: Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1_000
    }

    static var milliseconds: Int64 { microseconds / 1_000 }
}

// MARK: - Latency summary

/// Latencies in µs in an HdrHistogram (3 significant digits, up to one hour).
struct LatencyHistogram {
    var histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)

    mutating func record(microseconds: Int64) {
        _ = histogram.record(UInt64(min(max(microseconds, 1), 3_600_000_000)))
    }

    var summary: LoadSummary.Latency {
        func ms(_ percentile: Double) -> Double { Double(histogram.valueAtPercentile(percentile)) / 1_000 }
        return LoadSummary.Latency(
            count: Int(histogram.totalCount), p50: ms(50), p90: ms(90), p99: ms(99), p999: ms(99.9),
            max: Double(histogram.max) / 1_000, mean: histogram.totalCount == 0 ? 0 : histogram.mean / 1_000)
    }
}

/// What `collect` and `open-loop` report (JSON with --json / --output).
struct LoadSummary: Codable {
    struct Latency: Codable {
        var count: Int
        var p50: Double
        var p90: Double
        var p99: Double
        var p999: Double
        var max: Double
        var mean: Double
    }

    var expected: Int
    var results: Int
    var duplicates: Int
    /// From the first to the last result received.
    var seconds: Double
    var jobsPerSecond: Double
    /// End-to-end: the job's submission to the result's receipt, in ms.
    var latencyMs: Latency
    /// Results by status (the routing key's last part).
    var statuses: [String: Int]
    /// open-loop only: the offered rate and how many jobs were published.
    var offeredRate: Double?
    var published: Int?

    var text: String {
        let l = latencyMs
        var line = String(format: "%d/%d results in %.2f s: %.0f jobs/s; latency ms p50 %.1f p99 %.1f p99.9 %.1f max %.1f", results, expected, seconds, jobsPerSecond, l.p50, l.p99, l.p999, l.max)
        if duplicates > 0 { line += "; \(duplicates) duplicates" }
        line += "; " + statuses.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        return line
    }

    func write(json: Bool, output: String?) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = try encoder.encode(self)
        if let output { try data.write(to: URL(fileURLWithPath: output)) }
        if json { print(String(decoding: data, as: UTF8.self)) } else { print(text) }
    }
}

/// Counts results, their distinct job ids, latencies and statuses.
struct ResultTally {
    let expected: Int
    var latency = LatencyHistogram()
    var seen: [Bool]
    var distinct = 0
    var duplicates = 0
    var statuses: [String: Int] = [:]
    var first: ContinuousClock.Instant?
    var last: ContinuousClock.Instant?

    init(expected: Int) {
        self.expected = expected
        self.seen = [Bool](repeating: false, count: expected)
    }

    /// Counts one result; false for a duplicate (a job answered twice: delivery is at least once).
    mutating func count(_ delivery: AMQPDelivery, index: Int?, now: ContinuousClock.Instant) -> Bool {
        if first == nil { first = now }
        last = now
        if let index, index < seen.count {
            if seen[index] { duplicates += 1; return false }
            seen[index] = true
        }
        distinct += 1
        let key = delivery.routingKey
        // result.<kommunekode>.<status> from the worker; a Celery result goes to the reply queue by name.
        let status = key.hasPrefix("result.") ? key.lastIndex(of: ".").map { String(key[key.index(after: $0)...]) } ?? key : "unlabelled"
        statuses[status, default: 0] += 1
        return true
    }

    /// The copy index of a result's job, from its message id (correlation id for Celery results).
    static func index(of delivery: AMQPDelivery) -> Int? {
        LoadJobs.index(of: delivery.properties.messageId ?? delivery.properties.correlationId ?? "")
    }

    func summary() -> LoadSummary {
        let seconds = first.flatMap { f in last.map { f.duration(to: $0).seconds } } ?? 0
        return LoadSummary(
            expected: expected, results: distinct, duplicates: duplicates, seconds: seconds,
            jobsPerSecond: seconds > 0 ? Double(max(0, distinct - 1)) / seconds : 0,
            latencyMs: latency.summary, statuses: statuses)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// The job's submission time of a result: the worker's header, else a Celery result's `"submittedAtMs":`.
func submittedMilliseconds(_ delivery: AMQPDelivery) -> Int64? {
    if let value = delivery.properties.headers?[ResultHeaders.jobTimestampMilliseconds]?.intValue { return value }
    let key = Array("\"submittedAtMs\":".utf8)
    let body = delivery.body
    guard body.count > key.count else { return nil }
    for i in 0...(body.count - key.count) where body[i] == key[0] && body[i + 1] == key[1] {
        guard Array(body[i..<i + key.count]) == key else { continue }
        var j = i + key.count
        while j < body.count, body[j] == UInt8(ascii: " ") { j += 1 }
        var value: Int64 = 0
        var digits = 0
        while j < body.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(body[j]) {
            value = value * 10 + Int64(body[j] - UInt8(ascii: "0"))
            j += 1
            digits += 1
        }
        return digits > 0 ? value : nil
    }
    return nil
}

// MARK: - preload

struct LoadPreloadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preload",
        abstract: "Publish N distinct jobs (persistent, confirmed in a window) to the jobs exchange.",
        discussion: """
            Declares the topology of --prefix, then publishes --count jobs built from the templates (each with its
            own jobId and message_id, header timestamp_in_ms = publish time). --format celery wraps the same job
            JSON in Celery task messages (protocol 2) for the Celery peer; their results go to <prefix>.results.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var jobs: LoadJobOptions
    @Option(help: "Jobs to publish.") var count: Int = 100_000
    @Option(help: "Unconfirmed publishes allowed at once.") var window: Int = 2_048
    @Option(help: "job or celery.") var format: LoadFormat = .job
    @Option(help: "Celery task name (with --format celery).") var celeryTask = "planreview_bench.review_gap"
    @Option(help: "Seconds to wait for the last confirms.") var timeout: Double = 120

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        guard window >= 1 else { throw ValidationError("--window must be at least 1") }
    }

    func run() throws {
        let templates = try jobs.templates()
        let amqp = try connection.connect(name: "planreview load preload")
        defer { amqp.close() }
        var publisher = try LoadPublisher(connection: amqp, topology: connection.topology, jobs: templates, format: format, window: window)
        publisher.celeryTask = celeryTask
        let started = ContinuousClock.now
        for n in 0..<count {
            try publisher.publish(n, nowMilliseconds: WallClock.milliseconds)
        }
        try publisher.awaitConfirms(seconds: timeout)
        let elapsed = started.duration(to: .now).seconds
        if publisher.confirms.nacked > 0 { throw CLIError("the broker nacked \(publisher.confirms.nacked) of \(count) jobs") }
        printErr(String(format: "preloaded %d %@ jobs to %@ in %.2f s (%.0f/s, confirmed)", count, format.rawValue, connection.topology.jobsQueue, elapsed, Double(count) / elapsed))
    }
}

// MARK: - cleanup

struct LoadCleanupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cleanup", abstract: "Delete the queues and exchanges of --prefix (after a benchmark run).")

    @OptionGroup var connection: ConnectionOptions

    func run() throws {
        let topology = connection.topology
        guard topology.prefix != Topology().prefix else { throw ValidationError("refusing to delete the production prefix \(topology.prefix)") }
        let amqp = try connection.connect(name: "planreview load cleanup")
        defer { amqp.close() }
        var channel = try amqp.openChannel()
        var messages: UInt32 = 0
        for queue in topology.queues {
            do { messages += try channel.queueDelete(queue.name) } catch { channel = try amqp.openChannel() }
        }
        for exchange in topology.exchanges {
            do { try channel.exchangeDelete(exchange.name) } catch { channel = try amqp.openChannel() }
        }
        printErr("deleted the queues and exchanges of \(topology.prefix) (\(messages) messages left in them)")
    }
}

// MARK: - collect

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
        try channel.consume(queue: queue ?? connection.topology.resultsQueue)

        var tally = ResultTally(expected: count)
        var unacked: UInt64?
        var sinceAck = 0
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
                unacked = delivery.deliveryTag
                sinceAck += 1
                if sinceAck >= 500 {
                    try channel.ack(deliveryTag: delivery.deliveryTag, multiple: true)
                    (unacked, sinceAck) = (nil, 0)
                }
                if now - lastProgress > .seconds(5) {
                    lastProgress = now
                    printErr("  collected \(tally.distinct)/\(count)")
                }
            case .timeout:
                if let tag = unacked {
                    try channel.ack(deliveryTag: tag, multiple: true)
                    (unacked, sinceAck) = (nil, 0)
                }
            case .channelClosed(_, let error), .connectionClosed(let error):
                throw error
            case .confirm, .returned, .consumerCancelled, .blocked, .unblocked:
                continue
            }
        }
        if let tag = unacked { try channel.ack(deliveryTag: tag, multiple: true) }
        let summary = tally.summary()
        try summary.write(json: json, output: output)
        if summary.results < count { throw ExitCode(1) }
    }
}

// MARK: - echo-worker

struct LoadEchoWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echo-worker",
        abstract: "The worker with echo mode: consume, publish a precomputed typical result, ack after confirms (no decode/review/encode).",
        discussion: """
            The benchmark's ceiling: ReviewWorkerService with WorkerConfiguration.mode = .echo, so connection,
            prefetch, confirms and acks are the worker's own. The result is that of a generated job (seed 1,
            Holbæk, 30 actions), as large as a real one. Metrics are not exported (no backend). SIGTERM/SIGINT stop
            it gracefully.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "Unacked jobs per consumer (basic.qos prefetch).") var prefetch: Int = 64
    @Option(help: "Consumer threads, each with its own connection.") var consumers: Int = 1
    @Option(help: "The Config directory (default: located as for `review`).") var configDir: String?
    @Option(help: "Worker id in results and logs.") var workerId: String = "echo-\(ProcessInfo.processInfo.processIdentifier)"
    @Flag(inversion: .prefixedNo, help: "Coalesce writes (WorkerConfiguration.coalesceWrites; for A/B measurements).") var coalesceWrites = true

    func validate() throws {
        guard (1...65_535).contains(prefetch) else { throw ValidationError("--prefetch must be 1...65535") }
        guard consumers >= 1 else { throw ValidationError("--consumers must be at least 1") }
    }

    func run() async throws {
        guard let directory = configDir ?? ReviewConfiguration.locateConfigDirectory() else {
            throw CLIError("no Config directory found (set PLANREVIEW_CONFIG_DIR or pass --config-dir)")
        }
        let reviewConfiguration = try ReviewConfiguration.load(configDirectory: directory)
        let reviewer = Reviewer(configuration: reviewConfiguration)
        var generator = SampleGenerator(seed: 1)
        let municipality = reviewConfiguration.municipalities[316] ?? reviewConfiguration.municipalities.all[0]
        let typical = reviewer.review(body: SampleGenerator.jsonBytes(generator.job(for: municipality, actions: 30)))

        var configuration = WorkerConfiguration()
        configuration.brokers = try BrokerAddresses.resolve(flags: connection.amqpURLs)
        configuration.consumers = consumers
        configuration.prefetch = prefetch
        configuration.topology = connection.topology
        configuration.workerId = workerId
        configuration.coalesceWrites = coalesceWrites
        configuration.mode = .echo(WorkerConfiguration.EchoReply(result: typical, worker: WorkerInfo(id: workerId, version: PlanReviewVersion.current)))

        let logger = Logger(label: "planreview.echo-worker")
        let service = ReviewWorkerService(configuration: configuration, reviewer: reviewer, logger: logger)
        // Graceful stop on SIGTERM/SIGINT: cancelling run() stops the consumers, which drain and close.
        let task = Task { try await service.run() }
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { task.cancel() }
            source.resume()
            sources.append(source)
        }
        try await task.value
        sources.forEach { $0.cancel() }
    }
}

// MARK: - open-loop

struct LoadOpenLoopCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open-loop",
        abstract: "Publish jobs at a fixed rate while collecting their results; latency percentiles at that load.",
        discussion: """
            Job n is due at start + n/rate; a publisher thread sends it then (or at once if late), and the latency of
            its result is counted from that due time, so a publisher that falls behind cannot hide queueing
            (no coordinated omission). Results are consumed on a second connection. The first --warmup seconds are
            not counted. Run workers on the same --prefix first.
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
        try channel.consume(queue: topology.resultsQueue)

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
        var unacked: UInt64?
        var sinceAck = 0
        var publisherDoneAt: ContinuousClock.Instant?
        while tally.distinct < total {
            if publisherDoneAt == nil, publisherOutcome.withLock({ $0.done }) { publisherDoneAt = .now }
            if let publisherDoneAt, publisherDoneAt.duration(to: .now) > .seconds(drain) { break }
            switch try amqp.nextEvent(timeout: .milliseconds(100)) {
            case .delivery(let delivery):
                let now = ContinuousClock.now
                let index = ResultTally.index(of: delivery)
                if tally.count(delivery, index: index, now: now), let n = index, n >= warmupCount {
                    let due = start + .nanoseconds(Int64(Double(n) * nanosecondsPerJob))
                    measured.record(microseconds: max(0, due.duration(to: now).nanoseconds / 1_000))
                }
                unacked = delivery.deliveryTag
                sinceAck += 1
                if sinceAck >= 200 {
                    try channel.ack(deliveryTag: delivery.deliveryTag, multiple: true)
                    (unacked, sinceAck) = (nil, 0)
                }
            case .timeout:
                if let tag = unacked {
                    try channel.ack(deliveryTag: tag, multiple: true)
                    (unacked, sinceAck) = (nil, 0)
                }
            case .channelClosed(_, let error), .connectionClosed(let error):
                throw error
            case .confirm, .returned, .consumerCancelled, .blocked, .unblocked:
                continue
            }
        }
        if let tag = unacked { try channel.ack(deliveryTag: tag, multiple: true) }
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
