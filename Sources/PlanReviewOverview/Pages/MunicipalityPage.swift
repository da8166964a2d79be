import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewReports

/// One municipality's page: its row of the overview as key figures, the progress chart (the plan's
/// lines with the reported points once progress results exist), and its latest report — the HTML
/// report of PlanReviewReports for the stored result, shown in a frame and served on its own.
public struct MunicipalityPage: Sendable {
    public var row: OverviewRow
    public var review: StoredReview?
    public var progress: [StoredProgress]
    public var links: PageLinks

    public init(row: OverviewRow, review: StoredReview?, progress: [StoredProgress], links: PageLinks) {
        self.row = row
        self.review = review
        self.progress = progress
        self.links = links
    }

    public func html() -> String {
        let e = DanishText.e
        var h = "<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        h += "<title>\(e(row.name)) – DK2020-klimaplan</title>\n<style>\n\(DanishText.css)\n</style>\n</head>\n<body>\n"
        h += "<header class=\"site\"><h1>\(e(row.name)) <small>(\(row.code))</small></h1><p><a style=\"color:#fff\" href=\"\(e(links.index))\">← Alle kommuner</a></p></header>\n<main>\n"
        h += "<section aria-labelledby=\"figures-heading\"><h2 id=\"figures-heading\">Seneste vurdering</h2>\n"
        if row.hasResult {
            h += "<dl class=\"figures\" id=\"figures\">\n"
            let items: [(String, String)] = [
                ("Status", DanishText.status(row.status)),
                ("Score (søjle 1 / 2 / 3)", "\(NumberFormat.decimal(row.scoreOverall)) (\(NumberFormat.decimal(row.scorePillar1)) / \(NumberFormat.decimal(row.scorePillar2)) / \(NumberFormat.decimal(row.scorePillar3)))"),
                ("Basisår og udledning", "\(row.baseYear.map(String.init) ?? NumberFormat.none): \(NumberFormat.tonnes(row.baselineTco2e)) t CO2e"),
                ("Mål for 2030", NumberFormat.percent(row.target2030ReductionPercent)),
                ("Planlagt reduktion 2030", NumberFormat.percent(row.planned2030ReductionPercent)),
                ("Manko 2030", "\(NumberFormat.tonnes(row.gap2030Tco2e)) t CO2e"),
                ("t CO2e pr. indbygger", NumberFormat.decimal(row.tco2ePerInhabitant, digits: 2)),
                ("AFOLU-andel af basisåret", NumberFormat.percent(row.afoluSharePercent)),
                ("På rette spor", DanishText.onTrack(row.onTrack, progressStatus: row.progressStatus)),
                ("Vurderet", NumberFormat.date(row.reviewedAt)),
                ("Job-id", row.jobId ?? NumberFormat.none),
            ]
            for (term, value) in items { h += "<dt>\(e(term))</dt><dd>\(e(value))</dd>\n" }
            h += "</dl>\n"
        } else {
            h += "<p id=\"no-result\">Der er endnu intet resultat for \(e(row.name)). Når kommunens plan er indsendt og vurderet, vises den her.</p>\n"
        }
        h += "</section>\n"

        h += "<section aria-labelledby=\"progress-heading\"><h2 id=\"progress-heading\">Fremskridt</h2>\n"
        let points = progress.last?.figures.points ?? []
        if let chart = ProgressChart(reviewBody: review?.body, points: points) {
            h += "<figure class=\"chart\" id=\"progress-chart\">\(chart.svg())<figcaption>"
            h += points.isEmpty
                ? "Ingen fremskridtsrapporter endnu: planens kurver vises, og kommunens indberettede udledninger sættes ind som punkter, når de findes."
                : "Indberettede udledninger (\(points.count) år) over planens planlagte og målsatte kurve; seneste rapport: \(e(DanishText.onTrack(row.onTrack, progressStatus: row.progressStatus)))."
            h += "</figcaption></figure>\n"
        } else {
            h += "<p class=\"note\" id=\"progress-chart\">Ingen fremskridtsrapporter endnu.</p>\n"
        }
        h += "</section>\n"

        if review != nil {
            h += "<section aria-labelledby=\"report-heading\"><h2 id=\"report-heading\">Rapport</h2>\n"
            h += "<p><a href=\"\(e(links.report(row.code)))\">Åbn rapporten for sig</a> (kan udskrives og vedlægges et byrådsoplæg).</p>\n"
            h += "<iframe class=\"report\" title=\"Rapport for \(e(row.name))\" src=\"\(e(links.report(row.code)))\"></iframe>\n</section>\n"
        }
        h += "</main>\n</body>\n</html>\n"
        return h
    }

    /// The report of the stored result (PlanReviewReports' HTML), or a short page when the body is
    /// no longer readable as a `ReviewResult` (a later contract version).
    public static func report(for review: StoredReview, rulesets: [String: Ruleset]) -> String {
        guard let result = try? JSONDecoder().decode(ReviewResult.self, from: Data(review.body.utf8)) else {
            return "<!DOCTYPE html>\n<html lang=\"da\"><head><meta charset=\"utf-8\"/><title>Rapport</title></head><body><p>Resultatet kan ikke vises som rapport af denne version; se det som JSON.</p><pre>\(DanishText.e(review.body))</pre></body></html>\n"
        }
        return PlanReport(result: result, ruleset: rulesets[result.ruleset.id]).html()
    }
}
