import Foundation
import FoundationXML
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewReports
import PlanReviewResources
import Testing

#if canImport(FoundationXML)
#endif

/// Collects elements, attributes and text of an XML document (the HTML report is XHTML-compatible).
final class XMLOutline: NSObject, XMLParserDelegate {
    struct Element {
        let name: String
        let attributes: [String: String]
        let path: [String]
    }

    private(set) var elements: [Element] = []
    private(set) var text = ""
    private var stack: [String] = []
    private(set) var error: String?

    static func parse(_ text: String) -> XMLOutline {
        let outline = XMLOutline()
        let parser = XMLParser(data: Data(text.utf8))
        parser.delegate = outline
        if !parser.parse() { outline.error = outline.error ?? parser.parserError.map { "\($0)" } ?? "unknown parse error" }
        return outline
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(Element(name: name, attributes: attributes, path: stack))
        stack.append(name)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { stack.removeLast() }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        error = "line \(parser.lineNumber), column \(parser.columnNumber): \(parseError)"
    }

    func element(id: String) -> Element? { elements.first { $0.attributes["id"] == id } }
}

/// The human reports: text for the terminal, Markdown, and the self-contained HTML page with the
/// pathway chart.
@Suite struct ReportTests {
    static func report(_ sample: String, ruleset: String = "dk2020") -> (PlanReport, ReviewResult) {
        let bytes = Fixtures.read("Config/samples/\(sample).json")
        let result = Fixtures.reviewer.review(body: bytes)
        let title = ((try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])?["plan"] as? [String: Any])?["title"] as? String
        let report = PlanReport(
            result: result, ruleset: Fixtures.configuration.rulesets[ruleset], planTitle: title, actions: PlanReport.actions(inJob: bytes),
            generatedAt: "2026-03-14")
        return (report, result)
    }

    static let samples = GoldenTests.samples

    @Test(arguments: samples)
    func htmlParsesAsXMLWithTheChartAndEverySeries(_ sample: String) throws {
        let (report, result) = Self.report(sample)
        let html = report.html()
        let outline = XMLOutline.parse(html)
        #expect(outline.error == nil, "\(sample): \(outline.error ?? "")")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        let root = try #require(outline.elements.first)
        #expect(root.name == "html" && root.attributes["lang"] == result.language.rawValue)

        // The pathway chart and the sector breakdown, inline SVGs with accessible titles and descriptions.
        let svgs = outline.elements.filter { $0.name == "svg" && $0.attributes["class"] == "pathway-chart" }
        #expect(svgs.count == 1)
        #expect(outline.elements.filter { $0.name == "svg" }.count == 2)
        #expect(outline.element(id: "sector-title")?.path.last == "svg")
        let svg = try #require(svgs.first)
        #expect(svg.attributes["role"] == "img" && svg.attributes["aria-labelledby"] == "chart-title chart-desc")
        #expect(outline.element(id: "chart-title")?.path.last == "svg")
        #expect(outline.element(id: "chart-desc")?.path.last == "svg")

        // Every series, named by id; the lines have one point per pathway year.
        let pathway = try #require(result.pathway)
        for series in ["series-bau", "series-planned", "series-target"] {
            let line = try #require(outline.element(id: series), "\(sample) lacks \(series)")
            #expect(line.name == "polyline")
            #expect(line.attributes["points"]?.split(separator: " ").count == pathway.years.count, "\(series)")
        }
        let baseline = try #require(outline.element(id: "series-baseline"))
        #expect(outline.elements.contains { $0.name == "circle" && $0.path.last == "g" } && baseline.name == "g")
        #expect(outline.element(id: "series-gap") != nil)
        let benchmarks = try #require(outline.element(id: "series-benchmarks"))
        #expect(benchmarks.name == "g")
        let markers = outline.elements.filter { $0.name == "path" && ($0.attributes["class"] ?? "").hasPrefix("benchmark ") }
        let drawable = pathway.benchmarks.filter { b in pathway.referenceTotals.contains { $0.year == b.referenceYear } && pathway.years.contains(b.year) }
        #expect(markers.count == drawable.count)
        #expect(!markers.isEmpty, "\(sample) has no benchmark point to draw")
        if pathway.budget != nil {
            let budget = try #require(outline.element(id: "series-budget"), "\(sample) lacks the budget pathway")
            #expect(budget.name == "polyline")
        } else {
            #expect(outline.element(id: "series-budget") == nil)
        }
        // A legend entry per series kind.
        let legendText = result.language == .da ? ["Basisår", "Uden nye tiltag (BAU)", "Planlagt (BAU minus tiltag)", "Målforløb", "Manko"] : ["Base year", "Business as usual (BAU)", "Planned (BAU minus actions)", "Target trajectory", "Gap"]
        for label in legendText { #expect(outline.text.contains(label), "\(sample): legend lacks \(label)") }
    }

    @Test(arguments: samples)
    func htmlIsSelfContained(_ sample: String) {
        let html = Self.report(sample).0.html()
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("@import") && !html.contains("url("))
        // The only URLs are the XML namespaces.
        let urls = html.components(separatedBy: "http").dropFirst().map { "http" + $0.prefix(40) }
        #expect(urls.allSatisfy { $0.hasPrefix("http://www.w3.org/") }, "\(urls)")
        #expect(html.contains("@media print"))
    }

    @Test func htmlListsTheRulesToFixWithTheirMessages() throws {
        let (report, result) = Self.report("rural-thisted-afolu")
        let outline = XMLOutline.parse(report.html())
        let manko = try #require(outline.element(id: "rule-manko_2030"))
        #expect(manko.attributes["class"] == "rule status-fail severity-essential")
        #expect(outline.text.contains(result.rules.first { $0.id == "manko_2030" }!.message))
        #expect(outline.text.contains("Lever ikke op til DK2020"))
        #expect(outline.text.contains("Det skal rettes"))
        #expect(outline.elements.filter { $0.name == "tr" }.count > 33)  // every rule in the table
    }

    @Test func englishReports() {
        let (report, _) = Self.report("english-frederiksberg")
        let html = report.html()
        #expect(html.contains("lang=\"en\""))
        #expect(html.contains("Verdict") && html.contains("Incomplete") && html.contains("cannot be evaluated for missing data"))
        #expect(report.text().contains("CLIMATE ACTION PLAN REVIEW"))
        #expect(report.markdown().contains("## Verdict: Incomplete"))
        #expect(!html.contains("Vurdering"))
    }

    /// Issue 12: a Danish report has no English in it (the plan's own title aside), in every
    /// format; the HTML is checked on its text, not its markup.
    @Test(arguments: samples.filter { ComplianceFixtures.sample($0)["language"] as? String != "en" })
    func danishReportsHaveNoEnglish(_ sample: String) throws {
        let result = Fixtures.reviewer.review(body: Fixtures.read("Config/samples/\(sample).json"))
        let report = PlanReport(result: result, ruleset: Fixtures.ruleset)
        let english = [
            " the ", " and ", " of the ", "Verdict", "What to fix", "Should be improved", "Target", "Planned", "not met", "Benchmark", " Gap",
            "Notes", "Compensation", "stated gap", "Actions left out", "(body)", "cancelled", "Climate Act ", "Carbon Law", "Score (", "Met ", "Climate Act,",
        ]
        let html = XMLOutline.parse(report.html()).text
        for (format, text) in [("text", report.text()), ("markdown", report.markdown()), ("html", html)] {
            for word in english { #expect(!text.contains(word), "\(sample) \(format) report contains '\(word)'") }
        }
    }

    /// Issue 12: the reports show the manko and judge the benchmarks by the planned pathway first
    /// (Holbæk: the target meets Klimaloven 2030, the actions reach 58.3 %).
    @Test func reportsShowTheMankoAndThePlannedBenchmarkFirst() throws {
        let (report, _) = Self.report("example-holbaek")
        let text = report.text()
        #expect(text.contains("MANKO"))
        #expect(text.contains("Planen oplyser ingen manko; beregnet manko 2030: 86.900 t"))
        let line = try #require(text.split(separator: "\n").first { $0.contains("Klimaloven 2030") })
        let planned = try #require(line.range(of: "planlagt 58,3 %: ikke opfyldt"))
        let target = try #require(line.range(of: "planens mål 70 %: opfyldt"))
        #expect(planned.lowerBound < target.lowerBound)
        #expect(!text.contains("Klimaloven 2030 (1990): krav 70 %, planens mål 70 %: opfyldt"))
        let (kbh, _) = Self.report("real-koebenhavn")
        for format in [kbh.text(), kbh.markdown(), kbh.html()] {
            #expect(format.contains("Planens oplyste manko: 390.000 t i 2025"))
            #expect(format.contains("ARC-CCS (opgivet)"))
        }
    }

    @Test(arguments: samples)
    func textReportFitsOneHundredColumns(_ sample: String) {
        let (report, result) = Self.report(sample)
        let text = report.text(width: 100)
        for line in text.split(separator: "\n") {
            #expect(line.count <= 100 || !line.contains(" "), "\(sample): \(line)")
        }
        #expect(text.contains(ReportTextProbe.verdict(result).uppercased()))
        for rule in result.rules where rule.status == .fail || rule.status == .warn || rule.status == .incomplete {
            #expect(text.contains(rule.capf), "\(rule.id)")
            // The message's words appear, wrapped.
            let words = rule.message.split(separator: " ").prefix(4).joined(separator: " ")
            #expect(text.replacingOccurrences(of: "\n         ", with: " ").contains(words), "\(sample) \(rule.id)")
        }
    }

    @Test(arguments: samples)
    func markdownReportListsVerdictRulesAndFigures(_ sample: String) {
        let (report, result) = Self.report(sample)
        let md = report.markdown()
        #expect(md.hasPrefix("# "))
        #expect(md.contains(ReportTextProbe.verdict(result)))
        for rule in result.rules where rule.status == .fail || rule.status == .incomplete {
            #expect(md.contains("`\(rule.id)`"), "\(rule.id)")
        }
        // Tables: every row of a table has as many cells as its header.
        var columns: Int?
        for line in md.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else {
                columns = nil
                continue
            }
            let cells = line.replacingOccurrences(of: "\\|", with: "").split(separator: "|", omittingEmptySubsequences: false).count
            if let columns { #expect(cells == columns, "\(sample): \(line)") } else { columns = cells }
        }
        if result.pathway != nil { #expect(md.contains("| 2030 |")) }
    }

    @Test func rejectedAndPathwayLessResultsRender() throws {
        let rejected = Fixtures.review("{\"schema\":\"planreview.job/v1\",\"municipality\":{\"code\":999},\"plan\":{}}")
        #expect(rejected.status == .rejected)
        for result in [rejected, Fixtures.reviewExample { $0.set(["plan", "inventory"], nil) }] {
            let report = PlanReport(result: result, ruleset: Fixtures.ruleset)
            let outline = XMLOutline.parse(report.html())
            #expect(outline.error == nil, "\(outline.error ?? "")")
            #expect(!outline.elements.contains { $0.name == "svg" })
            #expect(!report.text().isEmpty && !report.markdown().isEmpty)
        }
        #expect(PlanReport(result: rejected, ruleset: nil).text().contains("/municipality/code"))
    }

    @Test func textIsEscapedInHTML() {
        let result = Fixtures.reviewExample { $0.set(["plan", "governance", "responsibleCommittee"], "Klima & <Miljø> \"udvalget\"") }
        let html = PlanReport(result: result, ruleset: Fixtures.ruleset, planTitle: "A & B <c>").html()
        #expect(XMLOutline.parse(html).error == nil)
        #expect(html.contains("A &amp; B &lt;c&gt;"))
    }
}

/// The verdict line each report shows.
enum ReportTextProbe {
    static func verdict(_ result: ReviewResult) -> String {
        switch (result.status, result.language) {
        case (.compliant, .da): "Lever op til DK2020"
        case (.compliant, .en): "Compliant with DK2020"
        case (.nonCompliant, .da): "Lever ikke op til DK2020"
        case (.nonCompliant, .en): "Not compliant with DK2020"
        case (.incomplete, .da): "Kan ikke vurderes færdigt"
        case (.incomplete, .en): "Incomplete"
        case (.rejected, .da): "Afvist"
        case (.rejected, .en): "Rejected"
        }
    }
}
