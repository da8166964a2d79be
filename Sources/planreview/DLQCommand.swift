import AMQP
import ArgumentParser
import Foundation
import PlanReviewContract
import PlanReviewOps
import ReviewWorker

/// `planreview dlq list|show|replay|purge`: the dead-letter queue `<prefix>.dead`.
struct DLQCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dlq",
        abstract: "Inspect, replay and purge dead-lettered jobs (<prefix>.dead).",
        discussion: """
            A job lands in the dead-letter queue when the broker kept refusing its result after every retry \
            (x-planreview-error, x-planreview-attempts) or when it was redelivered more often than the jobs queue's \
            delivery limit because it crashed or hung workers (x-death reason delivery_limit). Reading does not \
            remove anything: messages are taken without acknowledgement and returned.
            """,
        subcommands: [List.self, Show.self, Replay.self, Purge.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per dead letter: job id, reason, attempts, error, time.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Read at most this many messages.") var limit: Int = 10_000
        @Flag(help: "Print JSON (for scripts).") var json = false

        func run() throws {
            let amqp = try connection.connect(name: "planreview dlq list")
            defer { amqp.close() }
            let letters = try DeadLetterQueue(connection: amqp, topology: connection.topology, limit: limit).list()
            if json {
                print(try DLQCommand.json(letters))
                return
            }
            print(DLQCommand.line(["JOB ID", "REASON", "FROM QUEUE", "DEATHS", "ATTEMPTS", "DEAD SINCE", "ERROR"]))
            for letter in letters {
                print(
                    DLQCommand.line([
                        letter.jobId ?? "(no id)", letter.reason ?? "-", letter.queue ?? "-", letter.deathCount.map(String.init) ?? "-",
                        letter.attempts.map(String.init) ?? "-", letter.time.map(DLQCommand.timeText) ?? "-", letter.error ?? "",
                    ])
                )
            }
            print("\(letters.count) dead letter(s) in \(connection.topology.deadQueue)\(letters.count == limit ? " (--limit reached; there may be more)" : "")")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Headers and body of the dead letters of one job.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The job id (message_id).") var jobId: String
        @Flag(help: "Print JSON (for scripts).") var json = false

        func run() throws {
            let amqp = try connection.connect(name: "planreview dlq show")
            defer { amqp.close() }
            let letters = try DeadLetterQueue(connection: amqp, topology: connection.topology).list(includeBodies: true).filter { $0.jobId == jobId }
            guard !letters.isEmpty else { throw CLIError("no dead letter with job id \(jobId) in \(connection.topology.deadQueue)") }
            if json {
                print(try DLQCommand.json(letters))
                return
            }
            for letter in letters {
                print("job id:         \(letter.jobId ?? "(none)")")
                print("correlation id: \(letter.correlationId ?? "-")")
                print("reason:         \(letter.reason ?? "-")\(letter.queue.map { " (from \($0))" } ?? "")")
                print("error:          \(letter.error ?? "-")")
                print("attempts:       \(letter.attempts.map(String.init) ?? "-")")
                print("dead since:     \(letter.time.map(DLQCommand.timeText) ?? "-")")
                print("headers:")
                for (key, value) in letter.headers.sorted(by: { $0.key < $1.key }) { print("  \(key): \(value)") }
                print("body (\(letter.bodyBytes) bytes):")
                print(letter.body ?? "")
                print("")
            }
        }
    }

    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Publish dead letters to the jobs exchange again; each leaves the dead queue once the broker confirmed its copy.",
            discussion: "The copies lose x-death, x-delivery-count and x-planreview-* headers and get a new timestamp."
        )
        @OptionGroup var connection: ConnectionOptions
        @Option(name: .customLong("job-id"), help: "Replay the dead letters of this job (repeatable).") var jobIds: [String] = []
        @Flag(help: "Replay every dead letter.") var all = false
        @Flag(help: "Print JSON (for scripts).") var json = false

        func validate() throws {
            if all == !jobIds.isEmpty { throw ValidationError("give --all or one or more --job-id") }
        }

        func run() throws {
            let amqp = try connection.connect(name: "planreview dlq replay")
            defer { amqp.close() }
            let wanted = Set(jobIds)
            let outcome = try DeadLetterQueue(connection: amqp, topology: connection.topology).replay { all || wanted.contains($0.jobId ?? "") }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(outcome), as: UTF8.self))
            } else {
                for id in outcome.replayed { print("replayed \(id)") }
                for id in outcome.failed { print("NOT replayed \(id) (refused or unroutable; still in \(connection.topology.deadQueue))") }
                print("\(outcome.replayed.count) replayed to \(connection.topology.jobsExchange), \(outcome.failed.count) failed, \(outcome.kept) left in \(connection.topology.deadQueue)")
            }
            let missing = wanted.subtracting(outcome.replayed)
            if !missing.isEmpty, !json { printErr("no dead letter replayed for: \(missing.sorted().joined(separator: ", "))") }
            if !outcome.failed.isEmpty || !missing.isEmpty { throw ExitCode(1) }
        }
    }

    struct Purge: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete every dead letter (asks first on a terminal; --yes otherwise).")
        @OptionGroup var connection: ConnectionOptions
        @Flag(help: "Do not ask.") var yes = false

        func run() throws {
            let amqp = try connection.connect(name: "planreview dlq purge")
            defer { amqp.close() }
            let queue = DeadLetterQueue(connection: amqp, topology: connection.topology)
            let count = try queue.count()
            guard count > 0 else {
                print("\(connection.topology.deadQueue) is empty")
                return
            }
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else {
                    throw CLIError("refusing to purge \(count) dead letter(s) without --yes (stdin is not a terminal)")
                }
                FileHandle.standardOutput.write(Data("Delete \(count) dead letter(s) from \(connection.topology.deadQueue)? This cannot be undone. Type yes: ".utf8))
                guard readLine()?.trimmingCharacters(in: .whitespaces).lowercased() == "yes" else {
                    print("not purged")
                    throw ExitCode(1)
                }
            }
            let purged = try queue.purge()
            print("purged \(purged) dead letter(s) from \(connection.topology.deadQueue)")
        }
    }

    static func line(_ cells: [String]) -> String {
        let widths = [28, 16, 26, 7, 9, 21]
        return cells.enumerated().map { index, cell in
            index < widths.count ? cell.padding(toLength: max(widths[index], cell.count), withPad: " ", startingAt: 0) : cell
        }.joined(separator: " ")
    }

    static func timeText(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    static func json(_ letters: [DeadLetter]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(letters), as: UTF8.self)
    }
}
