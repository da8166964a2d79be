import AMQP
import ArgumentParser
import Foundation
import PlanReviewContract
import PlanReviewOps
import ReviewWorker

/// `planreview submit FILE... [--wait]`: publish jobs with publisher confirms, optionally wait for results.
struct SubmitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Publish job files to the jobs exchange (with publisher confirms); --wait collects their results.",
        discussion: """
            A directory submits every *.json file in it. Each job is published persistent to the exchange
            <prefix>.jobs with routing key `job`, message_id = the body's jobId (or a new UUID), a new
            correlation_id, and timestamp, `mandatory`: a job that no queue takes (the jobs queue or its binding
            is missing) is returned by the broker, named on stderr, and the command exits 1. With --wait the
            results come back on an exclusive reply queue (reply_to); one line per result, then a summary. Exit
            status 0 only if every job got a result that is not `rejected` within --timeout.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "Job files or directories of *.json files.") var paths: [String]
    @Flag(help: "Wait for every result on an exclusive reply queue.") var wait = false
    @Option(help: "Seconds to wait for results (with --wait).") var timeout: Double = 60
    @Option(name: .customLong("repeat"), help: "Submit every file this many times (load tests: each copy gets its own jobId and message id).") var copies: Int = 1
    @Flag(help: "Print the summary only, not a line per result.") var quiet = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one job file or directory") }
        if copies < 1 { throw ValidationError("--repeat must be at least 1") }
        if timeout <= 0 { throw ValidationError("--timeout must be positive") }
    }

    func run() throws {
        let files = try JobFiles.expand(paths)
        guard !files.isEmpty else { throw ValidationError("no *.json files in \(paths.joined(separator: " "))") }
        let jobs = try files.map { file in try Submission.Job(file: file) }

        let amqp = try connection.connect(name: "planreview submit")
        defer { amqp.close() }
        let channel = try amqp.openChannel()
        let topology = connection.topology
        var submission = Submission(connection: amqp, channel: channel, topology: topology, expected: jobs.count * copies)
        if wait { try submission.openReplyQueue() }
        try channel.confirmSelect()

        let started = ContinuousClock.now
        for round in 0..<copies {
            for job in jobs {
                try submission.publish(job, copy: copies > 1 ? round : nil)
            }
        }
        try submission.awaitConfirms(deadline: .now + .seconds(timeout))
        try submission.failOnReturns()
        let published = started.duration(to: .now)
        printErr("published \(submission.expected) jobs with confirms in \(published.formattedSeconds)")
        guard wait else { return }

        try submission.collectResults(deadline: started + .seconds(timeout)) { result in
            if !quiet { print(result.line) }
        }
        let elapsed = started.duration(to: .now)
        let summary = submission.summary(elapsed: elapsed)
        print(summary.text)
        if !summary.allAnswered || summary.rejected > 0 { throw ExitCode(1) }
    }
}

/// The state of one `submit`: what was published, confirmed, and answered.
struct Submission {
    struct Job {
        var file: String
        var body: [UInt8]
        var jobId: String?

        init(file: String) throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            self.file = file
            self.body = Array(data)
            // The body's jobId becomes message_id; a body that is not a JSON object is still submitted (the worker rejects it).
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
            self.jobId = object?["jobId"] as? String
        }
    }

    let connection: AMQPConnection
    let channel: AMQPChannel
    let topology: Topology
    let expected: Int
    var replyQueue: String?
    var confirms = ConfirmCount()
    var published = 0
    /// correlation id -> file, for the jobs still waiting for a result.
    var waiting: [String: String] = [:]
    var results: [ResultSummary] = []
    /// Jobs the broker returned (mandatory publish, no queue bound): message id, file, the broker's reason.
    var returned: [(messageId: String, file: String?, reason: String)] = []
    /// correlation id -> file, for every job published (names a returned job's file).
    private var files: [String: String] = [:]
    private var lastProgress = ContinuousClock.now

    init(connection: AMQPConnection, channel: AMQPChannel, topology: Topology, expected: Int) {
        self.connection = connection
        self.channel = channel
        self.topology = topology
        self.expected = expected
    }

    mutating func openReplyQueue() throws {
        let queue = try channel.queueDeclare("", durable: false, exclusive: true, autoDelete: true)
        try channel.consume(queue: queue.name, noAck: true, exclusive: true)
        replyQueue = queue.name
    }

    mutating func publish(_ job: Job, copy: Int?) throws {
        let correlationId = UUID().uuidString.lowercased()
        let messageId = copy == nil ? (job.jobId ?? UUID().uuidString.lowercased()) : "\(job.jobId ?? "job")#\(copy!)"
        let nowMilliseconds = Int64(Date().timeIntervalSince1970 * 1000)
        let properties = AMQPProperties(
            contentType: "application/json",
            headers: [JobHeaders.timestampMilliseconds: .int64(nowMilliseconds)],
            deliveryMode: AMQPProperties.persistentDeliveryMode,
            correlationId: correlationId,
            replyTo: replyQueue,
            messageId: messageId,
            timestamp: UInt64(nowMilliseconds / 1000),
            type: Self.messageType(job.body),
            appId: "planreview submit"
        )
        let body = copy == nil ? job.body : Self.withJobId(job.body, messageId) ?? job.body
        try channel.publish(exchange: topology.jobsExchange, routingKey: Topology.jobRoutingKey, body: body, properties: properties, mandatory: true)
        published += 1
        files[correlationId] = job.file
        if replyQueue != nil { waiting[correlationId] = job.file }
        // Keep the socket drained while publishing many: confirms and early results pile up otherwise.
        if published % 256 == 0 { try poll(timeout: .zero) }
        progress()
    }

    /// The AMQP `type` for a body: a progress job's (its `schema` is `planreview.progress/v1`) or a plan job's.
    static func messageType(_ body: [UInt8]) -> String {
        let schema = Array("\"\(ContractSchemas.progress)\"".utf8)
        guard body.count >= schema.count else { return ContractTypes.job }
        for i in 0...(body.count - schema.count) where body[i] == schema[0] && body[i..<i + schema.count].elementsEqual(schema) {
            return ContractTypes.progress
        }
        return ContractTypes.job
    }

    /// A copy of a job with its own jobId (so `--repeat` makes distinct jobs): the id is spliced into the
    /// bytes where the body has a `"jobId"` string (as `planreview load` does), else set through a JSON
    /// round trip; nil if the body is not a JSON object.
    static func withJobId(_ body: [UInt8], _ jobId: String) -> [UInt8]? {
        if let (start, end) = JobBodies.jobIdValueRange(body) {
            return Array(body[..<start]) + Array(jobId.utf8) + Array(body[end...])
        }
        guard var object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return nil }
        object["jobId"] = jobId
        return (try? JSONSerialization.data(withJSONObject: object)).map(Array.init)
    }

    mutating func awaitConfirms(deadline: ContinuousClock.Instant) throws {
        while confirms.settled < published {
            guard ContinuousClock.now < deadline else { throw ValidationError("timed out waiting for publisher confirms (\(confirms.settled)/\(published))") }
            try poll(timeout: .milliseconds(100))
        }
        if confirms.nacked > 0 { throw ValidationError("the broker nacked \(confirms.nacked) of \(published) jobs") }
    }

    /// Names every returned job on stderr and fails: a returned job reached no queue and gets no result.
    func failOnReturns() throws {
        guard !returned.isEmpty else { return }
        for job in returned {
            printErr("job \(job.messageId)\(job.file.map { " (\($0))" } ?? "") was returned by the broker, no queue took it: \(job.reason)")
        }
        throw CLIError(
            "\(returned.count) of \(published) job(s) were returned unroutable (exchange \(topology.jobsExchange), routing key \(Topology.jobRoutingKey)): "
                + "is the jobs queue declared and bound? (`planreview topology declare`)")
    }

    mutating func collectResults(deadline: ContinuousClock.Instant, onResult: (ResultSummary) -> Void) throws {
        var reported = 0
        while !waiting.isEmpty, ContinuousClock.now < deadline {
            try poll(timeout: .milliseconds(100))
            while reported < results.count {
                onResult(results[reported])
                reported += 1
            }
        }
    }

    private mutating func poll(timeout: Duration) throws {
        var wait = timeout
        while true {
            let event = try connection.nextEvent(timeout: wait)
            wait = .zero
            switch event {
            case .confirm(let confirm):
                confirms.apply(confirm)
            case .delivery(let delivery):
                guard let correlationId = delivery.properties.correlationId, let file = waiting.removeValue(forKey: correlationId) else { continue }
                results.append(ResultSummary(body: delivery.body, file: file))
                progress()
            case .timeout:
                return
            case .channelClosed(_, let error), .connectionClosed(let error):
                throw error
            case .returned(let message):
                let correlationId = message.properties.correlationId
                if let correlationId { waiting[correlationId] = nil }
                returned.append(
                    (message.properties.messageId ?? "(no message id)", correlationId.flatMap { files[$0] },
                     "\(message.replyCode) \(message.replyText) (exchange \(message.exchange), routing key \(message.routingKey))"))
            case .consumerCancelled, .blocked, .unblocked:
                continue
            }
        }
    }

    private mutating func progress() {
        guard expected >= 1_000, lastProgress.duration(to: .now) > .seconds(1) else { return }
        lastProgress = .now
        printErr("  published \(published)/\(expected), confirmed \(confirms.acked), results \(results.count)")
    }

    struct Summary {
        var text: String
        var allAnswered: Bool
        var rejected: Int
    }

    func summary(elapsed: Duration) -> Summary {
        var byStatus: [String: Int] = [:]
        for result in results { byStatus[result.status, default: 0] += 1 }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(results.count) / seconds : 0
        var text = "\(results.count)/\(expected) results in \(elapsed.formattedSeconds) (\(String(format: "%.0f", rate)) jobs/s)"
        text += ": " + byStatus.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        if !waiting.isEmpty { text += "; \(waiting.count) without a result (timed out)" }
        return Summary(text: text, allAnswered: waiting.isEmpty, rejected: byStatus["rejected", default: 0])
    }
}

/// The fields of a result that the CLI prints (contract names, ../shared/contract/CONTRACT.md).
struct ResultSummary: Decodable {
    struct Municipality: Decodable { var code: Int; var name: String? }
    struct Rule: Decodable { var id: String; var severity: String?; var status: String }
    struct Problem: Decodable { var pointer: String; var reason: String }

    var jobId: String?
    var status: String
    var municipality: Municipality?
    var rules: [Rule]?
    var errors: [Problem]?
    var file: String = ""

    enum CodingKeys: String, CodingKey { case jobId, status, municipality, rules, errors }

    init(body: [UInt8], file: String) {
        if let decoded = try? JSONDecoder().decode(ResultSummary.self, from: Data(body)) {
            self = decoded
        } else {
            status = "unreadable"
        }
        self.file = file
    }

    /// `316 Holbæk          non_compliant  failed: inventory_basic, manko_2030; incomplete: net_zero_pathway  (file)`
    var line: String {
        let code = municipality.map { String(format: "%03d", $0.code) } ?? "---"
        let name = (municipality?.name ?? "").padding(toLength: 16, withPad: " ", startingAt: 0)
        var detail = ""
        let failed = (rules ?? []).filter { $0.status == "fail" && $0.severity == "essential" }.map(\.id)
        let incomplete = (rules ?? []).filter { $0.status == "incomplete" && $0.severity == "essential" }.map(\.id)
        var parts: [String] = []
        if !failed.isEmpty { parts.append("failed: " + failed.joined(separator: ", ")) }
        if !incomplete.isEmpty { parts.append("incomplete: " + incomplete.joined(separator: ", ")) }
        detail = parts.joined(separator: "; ")
        if let errors, !errors.isEmpty {
            detail = "errors: " + errors.prefix(3).map { "\($0.pointer.isEmpty ? "/" : $0.pointer) \($0.reason)" }.joined(separator: "; ")
            if errors.count > 3 { detail += "; +\(errors.count - 3) more" }
        }
        return "\(code) \(name) \(status.padding(toLength: 14, withPad: " ", startingAt: 0)) \(detail)  (\((file as NSString).lastPathComponent))"
    }
}
