import Foundation

/// Headless Chromium (Debian's `chromium`) for the tests that look at a report as a person would,
/// each run with a hard time limit. OverviewTests' BrowserTests drives it the same way.
enum Chromium {
    static let binary: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    /// Scripts/test sets PLANREVIEW_TEST_REQUIRE_CHROMIUM=1: there a missing chromium fails the test.
    static let required = ProcessInfo.processInfo.environment["PLANREVIEW_TEST_REQUIRE_CHROMIUM"] == "1"

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs chromium headless with `arguments`; returns its standard output (the DOM for
    /// `--dump-dom`). Throws when it is not installed or does not finish within `seconds`.
    static func run(_ arguments: [String], seconds: Double = 60) throws -> String {
        guard let binary else { throw Failure(description: "chromium is not installed (Scripts/setup installs it)") }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("planreview-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outputURL = scratch.appendingPathComponent("stdout")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--hide-scrollbars",
            "--user-data-dir=\(scratch.appendingPathComponent("profile").path)", "--virtual-time-budget=2000",
        ] + arguments
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw Failure(description: "chromium did not finish within \(seconds) s")
        }
        return String(decoding: (try? Data(contentsOf: outputURL)) ?? Data(), as: UTF8.self)
    }
}
