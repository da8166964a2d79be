import ArgumentParser
import Foundation
import PlanReview
import PlanReviewResources
import ReviewWorker
import ReviewWorkerRuntime

/// `planreview-worker`: consumes plan-review jobs from RabbitMQ and publishes their results. The
/// assembly (settings, logs, metrics, endpoint, ServiceGroup) is ``WorkerRuntime``; this executable
/// only picks planreview's review.
@main
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "planreview-worker",
        abstract: "Consume plan-review jobs from RabbitMQ, review them, publish the results.",
        discussion: """
            Settings come from, lowest first: built-in defaults, a YAML file (--settings FILE or $PLANREVIEW_SETTINGS, \
            else worker.yaml in the Config directory --config DIR, when it exists), the environment (PLANREVIEW_<KEY>, \
            AMQP_URL, AMQP_PASSWORD_FILE), then these flags. An unknown key or PLANREVIEW_* name is an error. \
            --print-config shows the result and where each value came from; docs/OPERATIONS.md has the table of every key.

            Broker addresses: --amqp-url (repeatable: a cluster's nodes, tried in turn), else AMQP_URL \
            (comma-separated), else amqp://guest:guest@127.0.0.1:5672/%2F. AMQP_PASSWORD_FILE replaces the password \
            of every URL with the file's content, so no secret sits in a process list.

            Serves /metrics (Prometheus), /healthz and /readyz on --metrics-host:--metrics-port (0 turns it off).

            Stops gracefully on SIGTERM/SIGINT: stops consuming, answers and acks what it holds, exits 0.
            """,
        version: PlanReviewVersion.current
    )

    @OptionGroup var options: WorkerOptions

    func run() async throws {
        try await WorkerRuntime.run(options, assembly: .review)
    }
}
