import AMQP
import ArgumentParser
import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewOps
import PlanReviewResources
import ReviewWorker

/// Where the job bodies come from: the seeded sample generator (one job per municipality) or a directory.
struct LoadJobOptions: ParsableArguments {
    @Option(help: "Seed of the sample generator (one job per municipality, 98 templates).") var seed: UInt64 = 1
    @Option(help: "Mitigation actions per generated job.") var actions: Int = 30
    @Option(name: .customLong("from"), help: "Use the *.json job files of this directory as templates instead.") var directory: String?
    @Option(name: [.customLong("config"), .customLong("config-dir")], help: ArgumentHelp("The Config directory (default: located as for `review`).", valueName: "dir")) var configDir: String?

    func configurationDirectory() throws -> String {
        guard let directory = configDir ?? ReviewConfiguration.locateConfigDirectory() else {
            throw CLIError("no Config directory found (set PLANREVIEW_CONFIG_DIR or pass --config DIR)")
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
            guard let (start, end) = JobBodies.jobIdValueRange(body) else {
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

    /// True when `id` was made by this value's ``jobId(_:)`` (its run's eight hex digits lead it).
    func isOfThisRun(_ id: String) -> Bool {
        id.utf8.count == 36 && id.hasPrefix(run + "-")
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
}

/// The message formats `preload` and `open-loop` publish.
enum LoadFormat: String, ExpressibleByArgument, CaseIterable {
    /// The planreview job contract (../shared/contract).
    case job
    /// Celery task protocol 2 (the Celery peer): the same job JSON as the task's one argument.
    case celery
}
