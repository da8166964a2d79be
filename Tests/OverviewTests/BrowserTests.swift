import Foundation
import PlanReview
import PlanReviewOverview
import Testing

/// The static overview opened as a person would, in headless Chromium (Debian's `chromium`): the 98
/// rows, sorted by score through the page's own script (a click on the heading, triggered by
/// `#sort=`), one municipality opened by its link, and screenshots under `.run/`.
///
/// Skipped when no chromium is installed, unless `PLANREVIEW_TEST_REQUIRE_CHROMIUM=1` (Scripts/test
/// sets it, and Scripts/setup installs chromium).
@Suite struct BrowserTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let required = ProcessInfo.processInfo.environment["PLANREVIEW_TEST_REQUIRE_CHROMIUM"] == "1"

    /// Runs chromium headless with a hard time limit; returns standard output.
    static func chromium(_ arguments: [String], seconds: Double = 60) throws -> String {
        guard let binary = chromium else { throw OverviewError("chromium is not installed (Scripts/setup installs it)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        let profile = OverviewFixtures.temporaryDirectory().path
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=\(profile)", "--virtual-time-budget=3000"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let reader = Task.detached { output.fileHandleForReading.readDataToEndOfFile() }
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            process.terminate()
            throw OverviewError("chromium did not finish within \(seconds) s")
        }
        return String(decoding: try awaitSync(reader), as: UTF8.self)
    }

    static func awaitSync(_ task: Task<Data, Never>) throws -> Data {
        let box = DataBox()
        let done = DispatchSemaphore(value: 0)
        Task { box.data = await task.value; done.signal() }
        done.wait()
        return box.data
    }

    final class DataBox: @unchecked Sendable { var data = Data() }

    static func attribute(_ name: String, in tag: Substring) -> String? {
        guard let start = tag.range(of: "\(name)=\"") else { return nil }
        let rest = tag[start.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    @Test(.enabled(if: chromium != nil || required), .timeLimit(.minutes(3)))
    func theStaticPageSortsByScoreAndOpensAMunicipality() async throws {
        let reader = OverviewReader(store: try await OverviewFixtures.storeWithGoldens(), municipalities: OverviewFixtures.municipalities, rulesets: OverviewFixtures.configuration.rulesets)
        let site = OverviewFixtures.temporaryDirectory()
        let overview = try await reader.writeStaticSite(to: site.path)
        let index = site.appendingPathComponent("index.html")

        let dom = try Self.chromium(["--dump-dom", index.absoluteString + "#sort=scoreOverall&dir=desc"])
        let rows = dom.components(separatedBy: "<tr ").dropFirst().filter { $0.hasPrefix("data-code=") }
        #expect(rows.count == 98)
        #expect(dom.contains("data-key=\"scoreOverall\" data-type=\"num\" class=\"num\" aria-sort=\"descending\"") || dom.contains("aria-sort=\"descending\""))
        let codes = rows.compactMap { Self.attribute("data-code", in: Substring($0)).flatMap(Int.init) }
        let best = try #require(overview.municipalities.filter { $0.scoreOverall != nil }.max { ($0.scoreOverall ?? 0) < ($1.scoreOverall ?? 0) })
        #expect(codes.first == best.code, "the page's sort puts the highest score first")
        let withScore = overview.municipalities.filter { $0.scoreOverall != nil }.count
        #expect(Set(codes.prefix(withScore)) == Set(overview.municipalities.filter { $0.scoreOverall != nil }.map(\.code)), "rows without a score stay last")

        // Follow the first row's link, as a click would.
        let firstRow = try #require(rows.first)
        let href = try #require(Self.attribute("href", in: Substring(firstRow)))
        let page = site.appendingPathComponent(href)
        let municipalityDOM = try Self.chromium(["--dump-dom", page.absoluteString])
        #expect(municipalityDOM.contains(best.name))
        #expect(municipalityDOM.contains("Seneste vurdering"))
        #expect(municipalityDOM.contains("progress-chart"))

        let runDir = OverviewFixtures.repoRoot.appendingPathComponent(".run")
        try FileManager.default.createDirectory(at: runDir, withIntermediateDirectories: true)
        for (name, url) in [("overview-index.png", index.absoluteString + "#sort=scoreOverall&dir=desc"), ("overview-municipality.png", page.absoluteString)] {
            let shot = runDir.appendingPathComponent(name)
            try? FileManager.default.removeItem(at: shot)
            _ = try Self.chromium(["--screenshot=\(shot.path)", "--window-size=1400,1000", "--hide-scrollbars", url])
            #expect(FileManager.default.fileExists(atPath: shot.path), "\(name) written")
        }
    }
}
