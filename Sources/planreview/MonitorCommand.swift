import ArgumentParser
import Dispatch
import Foundation
import PlanReviewContract
import PlanReviewOps
import ReviewWorker
import Synchronization

/// `planreview monitor`: `stats`, redrawn every second, with a jobs/s sparkline and an ETA to drain the jobs queue.
struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Live view of the planreview queues and workers: stats every second, jobs/s sparkline, ETA to drain the jobs queue.",
        discussion: """
            Quit with q or Ctrl-C; the terminal is restored either way. jobs/s comes from the workers' /metrics \
            (--worker-metrics) when given, else from the jobs queue's ack rate (management API), else from how fast \
            its ready count falls. The ETA divides the jobs still in the queue by how fast the queue shrank over the \
            last 10 s. Without a terminal (a pipe), frames are printed one after the other.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var sources: StatsSourceOptions
    @Option(help: "Seconds between refreshes.") var interval: Double = 1
    @Option(help: "Stop after this many frames (0: until q or Ctrl-C).") var iterations: Int = 0

    func validate() throws {
        if interval < 0.2 { throw ValidationError("--interval must be at least 0.2 s") }
        if iterations < 0 { throw ValidationError("--iterations must not be negative") }
    }

    func run() async throws {
        let collector = try sources.collector(connection: connection)
        let terminal = Terminal()
        terminal.enter()
        defer { terminal.leave() }

        var history = MonitorHistory()
        var recentSamples: [[String: Result<WorkerMetricsSample, any Error>]] = []  // oldest first, up to 10 s
        var frame = 0
        while !terminal.quitRequested {
            let started = ContinuousClock.now
            let workers = await collector.scrapeWorkers()
            let queues = await collector.queues()
            let report = collector.report(queues: queues, latest: workers, earlier: recentSamples.first ?? [:])
            history.record(report: report, workers: workers, previous: recentSamples.last, at: started)
            recentSamples.append(workers)
            if recentSamples.count > max(1, Int((10 / interval).rounded())) { recentSamples.removeFirst() }

            // A pipe gets the wide screen; a terminal the layout that fits it (80×24 and up).
            let columns = terminal.isInteractive ? Terminal.columns() ?? 80 : StatsScreen.wideColumns
            var lines = StatsScreen.render(report, columns: columns)
            lines.append("")
            lines.append(contentsOf: history.summary(jobsQueue: report.queue(collector.topology.jobsQueue), columns: columns))
            lines.append(terminal.isInteractive ? "q or Ctrl-C quits" : "")
            terminal.draw(lines)

            frame += 1
            if iterations > 0, frame >= iterations { break }
            let next = started + .seconds(interval)
            while !terminal.quitRequested, ContinuousClock.now < next {
                terminal.pollKeys()
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
    }
}

/// The monitor's memory: jobs/s per refresh for the sparkline, the jobs queue's depth for the ETA.
struct MonitorHistory {
    /// (time, jobs/s) for the last 60 s.
    private(set) var rates: [(at: ContinuousClock.Instant, value: Double)] = []
    private(set) var rateSource = "-"
    /// (time, jobs waiting in the jobs queue) for the last 10 s.
    private(set) var depths: [(at: ContinuousClock.Instant, value: Int)] = []

    mutating func record(
        report: StatsReport, workers: [String: Result<WorkerMetricsSample, any Error>],
        previous: [String: Result<WorkerMetricsSample, any Error>]?, at now: ContinuousClock.Instant
    ) {
        let jobs = report.queues.first
        var rate: Double?
        // Completed jobs between this refresh and the previous one, over every worker that answered both.
        if let previous {
            var completed = 0.0, seconds = 0.0
            for (url, result) in workers {
                guard let latest = try? result.get(), let before = try? previous[url]?.get(), latest.completed >= before.completed else { continue }
                completed += latest.completed - before.completed
                seconds = max(seconds, WorkerStatistics.seconds(before.takenAt.duration(to: latest.takenAt)))
            }
            if seconds > 0 {
                rate = completed / seconds
                rateSource = "workers' /metrics"
            }
        }
        if rate == nil, workers.isEmpty, let ack = jobs?.ackRate {
            rate = ack
            rateSource = "jobs queue ack rate (management API)"
        }
        if let depth = jobs?.ready, rate == nil, workers.isEmpty, let last = depths.last {
            let seconds = WorkerStatistics.seconds(last.at.duration(to: now))
            if seconds > 0 {
                rate = max(0, Double(last.value - depth)) / seconds
                rateSource = "fall of the jobs queue's ready count"
            }
        }
        if let rate { rates.append((now, rate)) }
        rates.removeAll { $0.at.duration(to: now) > .seconds(60) }
        if let waiting = jobs?.ready {
            depths.append((now, waiting))
            depths.removeAll { $0.at.duration(to: now) > .seconds(10) }
        }
    }

    /// Jobs per second the waiting jobs decreased by over the window (negative: they grew).
    var drainRate: Double? {
        guard let first = depths.first, let last = depths.last else { return nil }
        let seconds = WorkerStatistics.seconds(first.at.duration(to: last.at))
        guard seconds >= 0.5 else { return nil }
        return Double(first.value - last.value) / seconds
    }

    func summary(jobsQueue: QueueStatistics?, columns: Int = StatsScreen.wideColumns) -> [String] {
        let values = rates.map(\.value)
        let now = values.last.map { StatsScreen.rate($0) } ?? "-"
        let peak = values.max().map { StatsScreen.rate($0) } ?? "-"
        guard columns >= StatsScreen.wideColumns else { return narrowSummary(jobsQueue: jobsQueue, columns: columns, now: now, peak: peak) }
        var lines = ["jobs/s, last 60 s: \(Sparkline.render(values, width: 60))  now \(now), peak \(peak)  (\(rateSource))"]
        guard let jobsQueue, let waiting = jobsQueue.ready else {
            lines.append("ETA: - (jobs queue not readable)")
            return lines
        }
        if waiting == 0 {
            lines.append("ETA: nothing waiting in \(jobsQueue.name)")
        } else if let drain = drainRate, drain > 0 {
            lines.append("ETA to drain \(jobsQueue.name): \(Self.eta(Double(waiting) / drain))  (\(waiting) waiting, falling \(StatsScreen.rate(drain))/s over the last 10 s)")
        } else {
            lines.append("ETA to drain \(jobsQueue.name): - (\(waiting) waiting, not falling)")
        }
        return lines
    }

    /// Two lines of at most `columns` characters: the sparkline of the last 40 refreshes and the ETA.
    func narrowSummary(jobsQueue: QueueStatistics?, columns: Int, now: String, peak: String) -> [String] {
        let spark = Sparkline.render(rates.map(\.value), width: max(10, min(40, columns - 30)))
        var eta = "ETA: -"
        if let jobsQueue, let waiting = jobsQueue.ready {
            if waiting == 0 {
                eta = "ETA: nothing waiting"
            } else if let drain = drainRate, drain > 0 {
                eta = "ETA \(Self.eta(Double(waiting) / drain)): \(waiting) waiting, -\(StatsScreen.rate(drain))/s"
            } else {
                eta = "ETA -: \(waiting) waiting, not falling"
            }
        }
        return [StatsScreen.fit("jobs/s \(spark) now \(now) peak \(peak)", columns), StatsScreen.fit(eta, columns)]
    }

    /// `42s`, `3m 05s`, `1h 02m`.
    static func eta(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        if total < 60 { return "\(total)s" }
        if total < 3600 { return String(format: "%dm %02ds", total / 60, total % 60) }
        return String(format: "%dh %02dm", total / 3600, (total % 3600) / 60)
    }
}

/// A sparkline of block characters U+2581...U+2588, scaled to the largest value.
enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// The last `width` values; each as one block (`▁` for 0 or no traffic, `█` for the maximum).
    static func render(_ values: [Double], width: Int) -> String {
        let shown = values.suffix(width)
        guard let maximum = shown.max(), maximum > 0 else { return String(repeating: blocks[0], count: max(1, shown.count)) }
        return String(shown.map { value in
            let level = Int((max(0, value) / maximum * Double(blocks.count - 1)).rounded())
            return blocks[min(blocks.count - 1, level)]
        })
    }
}

/// The terminal for `monitor`: alternate screen, hidden cursor, keys without Enter and without echo
/// (termios: ICANON and ECHO off; ISIG stays on, so Ctrl-C is a SIGINT that is caught and turned into
/// a quit). Everything is restored by `leave()`, which runs on q, on Ctrl-C/SIGTERM and on errors.
final class Terminal {
    /// Set by q, or by the signal handlers on a dispatch queue.
    private final class QuitFlag: Sendable {
        let value = Atomic<Bool>(false)
    }

    let isInteractive: Bool
    private let readsKeys: Bool
    private let quit = QuitFlag()
    private var saved: termios?
    private var signalSources: [any DispatchSourceSignal] = []

    init() {
        isInteractive = isatty(STDOUT_FILENO) == 1
        readsKeys = isatty(STDIN_FILENO) == 1
    }

    /// The width of the terminal on standard output (TIOCGWINSZ), or `$COLUMNS`; nil when neither says.
    static func columns() -> Int? {
        var size = winsize()
        if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init)
    }

    var quitRequested: Bool { quit.value.load(ordering: .acquiring) }

    func enter() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [quit] in quit.value.store(true, ordering: .releasing) }
            source.resume()
            signalSources.append(source)
        }
        if readsKeys {
            var attributes = termios()
            if tcgetattr(STDIN_FILENO, &attributes) == 0 {
                saved = attributes
                var raw = attributes
                raw.c_lflag &= ~tcflag_t(ICANON | ECHO)
                withUnsafeMutableBytes(of: &raw.c_cc) { cc in
                    cc[Int(VMIN)] = 0
                    cc[Int(VTIME)] = 0
                }
                tcsetattr(STDIN_FILENO, TCSANOW, &raw)
            }
        }
        // Alternate screen, cursor hidden.
        if isInteractive { write("\u{1B}[?1049h\u{1B}[?25l") }
    }

    func leave() {
        if isInteractive { write("\u{1B}[?25h\u{1B}[?1049l") }
        if var attributes = saved { tcsetattr(STDIN_FILENO, TCSANOW, &attributes) }
        signalSources.forEach { $0.cancel() }
        signalSources.removeAll()
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// Reads pending keys; q or Q asks to quit.
    func pollKeys() {
        guard readsKeys else { return }
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        while poll(&descriptor, 1, 0) > 0, descriptor.revents & Int16(POLLIN) != 0 {
            var byte: UInt8 = 0
            guard read(STDIN_FILENO, &byte, 1) == 1 else { return }
            if byte == UInt8(ascii: "q") || byte == UInt8(ascii: "Q") { quit.value.store(true, ordering: .releasing) }
        }
    }

    /// Redraws the screen in place (home, each line cleared to its end, the rest cleared), or prints
    /// the frame after the previous one when stdout is not a terminal.
    func draw(_ lines: [String]) {
        if isInteractive {
            write("\u{1B}[H" + lines.map { $0 + "\u{1B}[K" }.joined(separator: "\r\n") + "\u{1B}[J")
        } else {
            write(lines.joined(separator: "\n") + "\n\n")
        }
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
