import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewReports
import Testing

/// The HTML report opened as a reviewer would, in headless Chromium: for several samples (Danish
/// and English, a real plan, a rejected job) the page renders with its sections, no text runs past
/// the page's width (a screen of 1024 px and an A4 page's 794 px), no two texts of a chart overlap
/// as the browser lays them out, and a screenshot lands in `.run/report-<sample>.png` (a PDF of the
/// first in `.run/report-<sample>.pdf`) for a person to look at.
///
/// Skipped when no chromium is installed, unless `PLANREVIEW_TEST_REQUIRE_CHROMIUM=1`.
@Suite(.serialized) struct ReportBrowserTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let sample: String
        var language: String?
        var rejected = false
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "real-aarhus", sample: "real-aarhus"),
        Case(name: "real-koebenhavn", sample: "real-koebenhavn"),
        Case(name: "carbon-budget-odense", sample: "carbon-budget-odense"),
        Case(name: "english-frederiksberg", sample: "english-frederiksberg"),
        Case(name: "real-aarhus-en", sample: "real-aarhus", language: "en"),
        Case(name: "rejected", sample: "real-hvidovre", rejected: true),
    ]

    static let runDirectory = Fixtures.repoRoot.appendingPathComponent(".run")

    static func html(_ c: Case) -> (html: String, result: ReviewResult) {
        var object = ComplianceFixtures.sample(c.sample)
        if let language = c.language { object["language"] = language }
        if c.rejected { object.set(["municipality", "code"], 999) }
        let body = Fixtures.bytes(object)
        let result = Fixtures.reviewer.review(body: body)
        let title = (object["plan"] as? [String: Any])?["title"] as? String
        let report = PlanReport(
            result: result, ruleset: Fixtures.configuration.rulesets[result.ruleset.id], planTitle: title,
            actions: PlanReport.actions(inJob: body), generatedAt: "2026-03-14")
        return (report.html(), result)
    }

    /// Measures the page in the browser and writes what it found as JSON into `<pre id="probe">`.
    static let probe = """
        <script>
        (function () {
          var vw = window.innerWidth, out = { width: vw, scrollWidth: document.documentElement.scrollWidth,
            height: document.documentElement.scrollHeight, overflowing: [], overlaps: [], sections: [] };
          document.querySelectorAll('body *').forEach(function (el) {
            var r = el.getBoundingClientRect();
            if (r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5)) out.overflowing.push(el.tagName + ': ' + (el.textContent || '').slice(0, 50));
          });
          document.querySelectorAll('svg').forEach(function (svg) {
            var texts = Array.prototype.slice.call(svg.querySelectorAll('text'));
            var boxes = texts.map(function (t) { return t.getBoundingClientRect(); });
            for (var i = 0; i < boxes.length; i++) for (var j = i + 1; j < boxes.length; j++) {
              var a = boxes[i], b = boxes[j];
              if (a.width > 0 && b.width > 0 && a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
                out.overlaps.push(texts[i].textContent + ' / ' + texts[j].textContent);
            }
          });
          document.querySelectorAll('section').forEach(function (s) { out.sections.push(s.id || s.getAttribute('aria-labelledby') || ''); });
          var pre = document.createElement('pre');
          pre.id = 'probe';
          pre.textContent = JSON.stringify(out).replace(/[<>&]/g, ' ');
          document.body.appendChild(pre);
        })();
        </script>
        """

    struct Probe: Decodable {
        let width: Double
        let scrollWidth: Double
        let height: Double
        let overflowing: [String]
        let overlaps: [String]
        let sections: [String]
    }

    static func measure(_ page: URL, width: Int) throws -> Probe {
        let dom = try Chromium.run(["--window-size=\(width),1200", "--dump-dom", page.absoluteString], seconds: 45)
        guard let start = dom.range(of: "<pre id=\"probe\">"), let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex) else {
            throw Chromium.Failure(description: "the page did not render (no probe in the DOM)")
        }
        return try JSONDecoder().decode(Probe.self, from: Data(dom[start.upperBound..<end.lowerBound].utf8))
    }

    @Test(.enabled(if: Chromium.binary != nil || Chromium.required), .timeLimit(.minutes(5)), arguments: cases)
    func theReportRendersAsAReviewerSeesIt(_ c: Case) throws {
        let (html, result) = Self.html(c)
        #expect((result.status == .rejected) == c.rejected)
        try FileManager.default.createDirectory(at: Self.runDirectory, withIntermediateDirectories: true)
        let page = Self.runDirectory.appendingPathComponent("report-\(c.name).html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let probed = Self.runDirectory.appendingPathComponent("report-\(c.name).probe.html")
        try html.replacingOccurrences(of: "</body>", with: Self.probe + "\n</body>").write(to: probed, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: probed) }

        var height = 1200.0
        for width in [1024, 794] {
            let probe = try Self.measure(probed, width: width)
            #expect(probe.scrollWidth <= probe.width, "\(c.name) at \(width) px: the page is \(probe.scrollWidth) px wide")
            #expect(probe.overflowing.isEmpty, "\(c.name) at \(width) px: past the page's edge: \(probe.overflowing.prefix(5))")
            #expect(probe.overlaps.isEmpty, "\(c.name) at \(width) px: chart texts overlap: \(probe.overlaps.prefix(5))")
            let expected =
                c.rejected
                ? ["verdict-heading", "errors-heading"]
                : ["verdict-heading", "fix-first", "pathway-heading", "sectors", "actions", "all-heading"]
            for section in expected { #expect(probe.sections.contains(section), "\(c.name): no section \(section) in \(probe.sections)") }
            if width == 1024 { height = probe.height }
        }

        let shot = Self.runDirectory.appendingPathComponent("report-\(c.name).png")
        try? FileManager.default.removeItem(at: shot)
        _ = try Chromium.run(["--screenshot=\(shot.path)", "--window-size=1024,\(Int(min(max(height, 600), 12000)))", page.absoluteString], seconds: 45)
        #expect(FileManager.default.fileExists(atPath: shot.path), "\(shot.lastPathComponent) written")
        if c.name == Self.cases[0].name {
            let pdf = Self.runDirectory.appendingPathComponent("report-\(c.name).pdf")
            try? FileManager.default.removeItem(at: pdf)
            _ = try Chromium.run(["--print-to-pdf=\(pdf.path)", "--no-pdf-header-footer", page.absoluteString], seconds: 45)
            #expect(FileManager.default.fileExists(atPath: pdf.path), "\(pdf.lastPathComponent) written")
        }
    }
}
