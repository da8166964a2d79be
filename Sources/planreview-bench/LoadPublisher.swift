import AMQP
import ArgumentParser
import Dispatch
import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewOps
import PlanReviewResources
import ReviewWorker

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
        // A Double holds microseconds since 1970 exactly (under 2^53). Not timespec: with the test kit in
        // the graph, `timespec` resolves through CDispatch, which MemberImportVisibility refuses.
        Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
    }

    static var milliseconds: Int64 { microseconds / 1_000 }
}
