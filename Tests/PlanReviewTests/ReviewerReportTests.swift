import Foundation
import PlanReview
import PlanReviewContract
import Testing

@testable import PlanReviewReports

/// Issue 14, "reports a reviewer signs": the date, the fix-first list, the actions table, the
/// sector breakdown, one unit, distinct benchmark colours, print CSS and Danish throughout.
@Suite struct ReviewerReportTests {
    @Test func everyFormatShowsTheReviewDate() {
        let (report, _) = ReportTests.report("real-aarhus")
        for text in [report.text(), report.html()] { #expect(text.contains("Gennemgået 14. marts 2026")) }
        #expect(report.markdown().contains("| Gennemgået | 14. marts 2026 |"))
        let (english, _) = ReportTests.report("english-frederiksberg")
        #expect(english.html().contains("Reviewed 14 March 2026"))
        #expect(ReportText.longDate("2026-12-01", .da) == "1. december 2026")
        #expect(ReportText.longDate("someday", .da) == "someday")
    }

    @Test func fixFirstPutsEssentialFailsFirstThenTonnesThenWeight() {
        func rule(_ id: String, _ severity: RuleSeverity, _ status: RuleStatus) -> RuleResult {
            RuleResult(id: id, capf: "2.3", pillar: "2", severity: severity, status: status, message: "")
        }
        let items = [
            FixFirstItem(rule: rule("warn_r", .recommended, .warn), title: "", tonnesAtStake: nil, weight: 1),
            FixFirstItem(rule: rule("warn_e", .essential, .warn), title: "", tonnesAtStake: 400_000, weight: 3),
            FixFirstItem(rule: rule("fail_r", .recommended, .fail), title: "", tonnesAtStake: 900_000, weight: 1),
            FixFirstItem(rule: rule("inc_e", .essential, .incomplete), title: "", tonnesAtStake: nil, weight: 3),
            FixFirstItem(rule: rule("fail_e_small", .essential, .fail), title: "", tonnesAtStake: 10, weight: 3),
            FixFirstItem(rule: rule("fail_e_weight", .essential, .fail), title: "", tonnesAtStake: nil, weight: 5),
            FixFirstItem(rule: rule("fail_e_big", .essential, .fail), title: "", tonnesAtStake: 86_900, weight: 3),
        ]
        #expect(FixFirstItem.ordered(items).map(\.rule.id) == ["fail_e_big", "fail_e_small", "fail_e_weight", "inc_e", "fail_r", "warn_e", "warn_r"])
    }

    @Test func theFixFirstListOfARealPlanLeadsWithItsEssentialFailures() throws {
        let (report, result) = ReportTests.report("real-koebenhavn")
        let list = report.fixFirst
        let essentialFails = list.prefix { $0.rule.severity == .essential && $0.rule.status == .fail }
        #expect(essentialFails.count == result.rules.filter { $0.severity == .essential && $0.status == .fail }.count)
        #expect(!essentialFails.isEmpty, "København fails essential rules")
        #expect(list.count == result.rules.filter { [RuleStatus.fail, .warn, .incomplete].contains($0.status) }.count)
        let outline = XMLOutline.parse(report.html())
        #expect(outline.element(id: "fix-first") != nil)
        #expect(outline.text.contains("Ret først"))
    }

    @Test func theActionsTableShowsTonnesCostOwnerAndExclusions() throws {
        let (kbh, _) = ReportTests.report("real-koebenhavn")
        let html = kbh.html()
        let outline = XMLOutline.parse(html)
        #expect(outline.error == nil)
        #expect(outline.element(id: "actions") != nil)
        let excluded = outline.elements.filter { $0.name == "tr" && $0.attributes["class"] == "excluded" }
        #expect(excluded.count == kbh.result.pathway?.excludedActions.count)
        #expect(outline.text.contains("opgivet – udeladt af forløbet"))
        #expect(outline.text.contains("kompensation – udeladt af forløbet"))

        // Odense gives costs: kroner per tonne of yearly reduction, and the note says what it covers.
        let (odense, _) = ReportTests.report("carbon-budget-odense")
        let row = try #require(odense.actionRows.first { $0.costPerTonneYear != nil })
        let action = try #require(odense.actions?.first { $0.id == row.id })
        #expect(row.costPerTonneYear == action.costDkk! / action.reductionTco2e!)
        let text = XMLOutline.parse(odense.html()).text
        #expect(text.contains(odense.tonnes(row.costPerTonneYear!.rounded())))
        #expect(text.contains("Det er ikke en pris pr. ton over tiltagets levetid"))
        #expect(odense.text().contains("kr. pr. t/år") && odense.markdown().contains("| kr. pr. t/år |"))
    }

    @Test func aResultWithoutItsJobShowsTheActionsBySector() {
        let (full, result) = ReportTests.report("real-aarhus")
        let bare = PlanReport(result: result, ruleset: full.ruleset)
        #expect(bare.actionRows.isEmpty)
        let text = XMLOutline.parse(bare.html()).text
        #expect(text.contains("Resultatet indeholder kun tiltagenes summer pr. sektor"))
        #expect(!bare.html().contains("id=\"reviewed\""), "no date is made up")
    }

    @Test func theSectorChartShowsRemovalsAsNegative() throws {
        let (report, result) = ReportTests.report("real-aarhus")
        let pathway = try #require(result.pathway)
        #expect(pathway.removalsTco2e < 0)
        let rows = SectorChart(pathway: pathway, report: report).rows
        let removal = try #require(rows.last)
        #expect(removal.isRemoval && removal.tco2e == pathway.removalsTco2e)
        #expect(abs(rows.map(\.tco2e).reduce(0, +) - pathway.baselineTco2e) < 1, "the bars add up to the base-year total")
        let outline = XMLOutline.parse(report.html())
        #expect(outline.element(id: "sector-title") != nil)
        #expect(outline.text.contains("Optag (LULUCF)"))
        #expect(outline.text.contains(report.tonnes(pathway.removalsTco2e)))
    }

    @Test(arguments: ReportTests.samples)
    func oneUnitThroughout(_ sample: String) throws {
        let (report, _) = ReportTests.report(sample)
        let kilotonnes = try Regex("\\bkt\\b")
        for text in [report.html(), report.text(), report.markdown()] {
            #expect(text.firstMatch(of: kilotonnes) == nil, "\(sample): kilotonnes in a report whose tables are in tonnes")
        }
        #expect(report.html().contains(">t CO2e</text>"), "the chart's axis is in t CO2e")
    }

    @Test func benchmarksHaveDistinctColoursAndShapesAndALegend() throws {
        let styles = ["klimaloven", "ipcc_ar6", "carbon_law"].map { PathwayChart.benchmarkStyle($0) }
        #expect(Set(styles.map(\.fill)).count == 3 && Set(styles.map(\.shape.rawValue)).count == 3)
        #expect(PathwayChart.benchmarkStyle("klimaloven_2025").fill == styles[0].fill, "one law, one colour")
        let (report, _) = ReportTests.report("carbon-budget-odense")
        let outline = XMLOutline.parse(report.html())
        let legend = outline.elements.filter { $0.path.contains("g") && $0.name == "path" && $0.attributes["d"] != nil && $0.attributes["class"] == nil }
        let fills = Set(legend.compactMap { $0.attributes["fill"] })
        for style in styles { #expect(fills.contains(style.fill), "the legend shows \(style.fill)") }
    }

    /// Rockström's "carbon law" is a rate, not an act: the Danish edition does not call it a "lov".
    @Test(arguments: ReportTests.samples.filter { ComplianceFixtures.sample($0)["language"] as? String != "en" })
    func danishReportsNameTheCarbonLawAsARate(_ sample: String) {
        let (report, _) = ReportTests.report(sample)
        for text in [report.html(), report.text(), report.markdown()] {
            #expect(!text.contains("Kulstofloven") && !text.contains("Kulstoflovens") && !text.contains("CO2-loven"), "\(sample)")
        }
        #expect(report.html().contains("Rockströms reduktionstakt"))
    }

    @Test func budgetYearsAreWholeYears() throws {
        let (report, result) = ReportTests.report("carbon-budget-odense")
        // 95 % of the budget used at 2046.2 means during 2046.
        #expect(report.wholeYear(2046.2) == "2046" && report.wholeYear(2046.9) == "2046" && report.wholeYear(nil) == "–")
        let year = try #require(result.pathway?.budget?.year95PercentUsed)
        let whole = report.wholeYear(year)
        for text in [report.text(), report.markdown()] { #expect(text.contains("95 % brugt i \(whole)")) }
        #expect(report.html().contains("95 % brugt i</th><td class=\"num\">\(whole)</td>"))
    }

    @Test func passedRulesAreListedByTitle() {
        let (report, result) = ReportTests.report("real-aarhus")
        let passed = result.rules.filter { $0.status == .pass }
        let md = report.markdown()
        let text = report.text()
        for rule in passed {
            let title = report.title(rule)
            #expect(title != rule.id)
            #expect(md.contains(title.replacingOccurrences(of: "*", with: "\\*")) && !md.contains("`\(rule.id)`"), "\(rule.id)")
        }
        #expect(passed.allSatisfy { text.replacingOccurrences(of: "\n  ", with: " ").contains(report.title($0)) })
    }

    @Test func printCSSKeepsHeadingsWithTheirContent() {
        let css = HTMLReport.css
        #expect(css.contains("h1, h2, h3, h4, caption { break-after: avoid"))
        #expect(css.contains("figure, table, .rule, .fix-first li { break-inside: avoid"))
        #expect(css.contains("thead { display: table-header-group; }"))
    }

    @Test func theDanishFooterIsDanish() {
        let (report, _) = ReportTests.report("real-aarhus")
        let html = report.html()
        let footer = String(html[html.range(of: "<footer>")!.lowerBound...])
        for word in [" the ", "Produced", "consolidated", " and ", "benchmark"] { #expect(!footer.contains(word), "\(word)") }
    }
}
