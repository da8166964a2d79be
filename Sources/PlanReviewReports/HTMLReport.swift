import PlanReview
import PlanReviewContract
/// The HTML report: one self-contained page (inline CSS and SVG, no scripts, fonts or images)
/// that prints on A4 and that a planner can attach to a council paper. Written as XHTML-
/// compatible markup (every element closed, attributes quoted, only XML's five entities) so
/// that XML tools can read it too.
extension PlanReport {
    public func html() -> String {
        var h = ""
        let lang = language.rawValue
        let pageTitle = "\(term(.reportTitle)) – \(municipalityText)"
        h += "<!DOCTYPE html>\n"
        h += "<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"\(lang)\" xml:lang=\"\(lang)\">\n<head>\n"
        h += "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        h += "<meta name=\"generator\" content=\"planreview\"/>\n"
        h += "<title>\(e(pageTitle))</title>\n<style>\n\(HTMLReport.css)</style>\n</head>\n<body>\n"

        // Header
        h += "<header>\n<p class=\"kicker\">\(e(term(.reportTitle)))</p>\n<h1>\(e(result.municipality?.name ?? municipalityText))</h1>\n"
        if let planTitle { h += "<p class=\"plan-title\">\(e(planTitle))</p>\n" }
        h += "<dl class=\"meta\">\n"
        h += "<dt>\(e(term(.municipality)))</dt><dd>\(e(municipalityText))</dd>\n"
        h += "<dt>\(e(term(.ruleset)))</dt><dd>\(e(rulesetText))</dd>\n"
        h += "<dt>\(e(term(.jobId)))</dt><dd><code>\(e(result.jobId.isEmpty ? "–" : result.jobId))</code></dd>\n"
        h += "</dl>\n"
        if let reviewedLine { h += "<p class=\"reviewed\" id=\"reviewed\">\(e(reviewedLine))</p>\n" }
        h += "</header>\n"

        // Verdict and scores
        h += "<section class=\"verdict status-\(result.status.rawValue)\" aria-labelledby=\"verdict-heading\">\n"
        h += "<h2 id=\"verdict-heading\"><span class=\"label\">\(e(term(.verdict))):</span> \(e(verdictTitle))</h2>\n"
        h += "<p>\(e(verdictExplanation))</p>\n"
        if let s = result.scores {
            h += "<table class=\"scores\">\n<caption>\(e(term(.scores)))</caption>\n<tbody>\n"
            for (label, value) in [(term(.overall), s.overall), ("\(term(.pillar)) 1", s.pillars.pillar1), ("\(term(.pillar)) 2", s.pillars.pillar2), ("\(term(.pillar)) 3", s.pillars.pillar3)] {
                let width = NumberText.oneDecimal(max(0, min(100, value)), .en)
                h += "<tr><th scope=\"row\">\(e(label))</th><td class=\"num\">\(e(NumberText.oneDecimal(value, language)))</td>"
                h += "<td class=\"bar\"><span style=\"width: \(width)%\"></span></td></tr>\n"
            }
            h += "</tbody>\n</table>\n"
        }
        h += "</section>\n"
        h += fixFirstSection()

        if let errors = result.errors {
            h += "<section aria-labelledby=\"errors-heading\">\n<h2 id=\"errors-heading\">\(e(term(.errors)))</h2>\n<p>\(e(term(.rejectedIntro)))</p>\n"
            h += "<table>\n<thead><tr><th>\(e(term(.pointer)))</th><th>\(e(term(.reason)))</th></tr></thead>\n<tbody>\n"
            for err in errors { h += "<tr><td><code>\(e(err.pointer.isEmpty ? term(.wholeBody) : err.pointer))</code></td><td>\(e(err.reason))</td></tr>\n" }
            h += "</tbody>\n</table>\n</section>\n"
        }

        // Rules to fix and to improve
        for (heading, statuses, id) in [(ReportText.Term.toFix, [RuleStatus.fail, .incomplete], "fix"), (.warnings, [.warn], "improve")] {
            let groups = grouped(statuses)
            guard !groups.isEmpty else { continue }
            h += "<section class=\"rules\" aria-labelledby=\"\(id)-heading\">\n<h2 id=\"\(id)-heading\">\(e(term(heading)))</h2>\n"
            for (pillar, rules) in groups {
                h += "<h3>\(e(pillarHeading(pillar)))</h3>\n"
                for rule in rules {
                    h += "<article class=\"rule status-\(rule.status.rawValue) severity-\(rule.severity.rawValue)\" id=\"rule-\(e(rule.id))\">\n"
                    h += "<h4><span class=\"capf\">\(e(rule.capf))</span> \(e(title(rule)))"
                    h += " <span class=\"badge status-\(rule.status.rawValue)\">\(e(ReportText.status(rule.status, language)))</span>"
                    if rule.severity == .essential { h += " <span class=\"badge essential\">\(e(ReportText.severity(.essential, language)))</span>" }
                    h += "</h4>\n<p>\(e(rule.message))</p>\n"
                    if !rule.evidence.isEmpty {
                        h += "<p class=\"evidence\">\(e(term(.evidence))): " + rule.evidence.map { "<code>\(e($0))</code>" }.joined(separator: " ") + "</p>\n"
                    }
                    h += "</article>\n"
                }
            }
            h += "</section>\n"
        }

        // Chart and figures
        if let p = result.pathway {
            h += "<section aria-labelledby=\"pathway-heading\">\n<h2 id=\"pathway-heading\">\(e(term(.pathway)))</h2>\n"
            h += "<figure>\n\(PathwayChart(pathway: p, report: self).svg())\n"
            h += "<figcaption>\(e(PathwayChart(pathway: p, report: self).description()))</figcaption>\n</figure>\n"
            h += "<table class=\"figures\">\n<caption>\(e(term(.pathway))) (\(e(term(.tonnes))))</caption>\n"
            h += "<thead><tr><th scope=\"col\">\(e(term(.year)))</th><th scope=\"col\" class=\"num\">\(e(term(.target)))</th><th scope=\"col\" class=\"num\">\(e(term(.bau)))</th><th scope=\"col\" class=\"num\">\(e(term(.planned)))</th><th scope=\"col\" class=\"num\">\(e(term(.gap)))</th></tr></thead>\n<tbody>\n"
            for year in keyYears(p) {
                let i = year - p.baseYear
                let gapClass = p.gapTco2e[i] > 0 ? " class=\"num shortfall\"" : " class=\"num\""
                h += "<tr><th scope=\"row\">\(year)</th><td class=\"num\">\(tonnes(p.targetTco2e[i]))</td><td class=\"num\">\(tonnes(p.businessAsUsualTco2e[i]))</td><td class=\"num\">\(tonnes(p.plannedTco2e[i]))</td><td\(gapClass)>\(tonnes(p.gapTco2e[i]))</td></tr>\n"
            }
            h += "</tbody>\n</table>\n<ul class=\"facts\">\n"
            h += "<li>\(e(term(.netZeroPlanned))): <strong>\(e(netZeroText ?? "–"))</strong></li>\n"
            for line in mankoLines { h += "<li class=\"manko\">\(e(line))</li>\n" }
            if let share = p.actionsShareOf2030Reduction { h += "<li>\(e(term(.actionsCover))): <strong>\(e(percent(share * 100)))</strong></li>\n" }
            h += "</ul>\n"
            if !p.benchmarks.isEmpty {
                h += "<table class=\"benchmarks\">\n<caption>\(e(term(.benchmarks)))</caption>\n"
                h += "<thead><tr><th scope=\"col\">\(e(term(.benchmark)))</th><th scope=\"col\">\(e(term(.year)))</th><th scope=\"col\" class=\"num\">\(e(term(.required)))</th><th scope=\"col\" class=\"num\">\(e(term(.plannedReduction)))</th><th scope=\"col\"></th><th scope=\"col\" class=\"num\">\(e(term(.planTarget)))</th><th scope=\"col\"></th></tr></thead>\n<tbody>\n"
                for b in p.benchmarks {
                    let cls = b.met.map { $0 ? "status-pass" : "status-fail" } ?? "status-not_applicable"
                    let plannedClass = b.metByPlanned.map { $0 ? "status-pass" : "status-fail" } ?? "status-not_applicable"
                    h += "<tr><td title=\"\(e(benchmarkTitle(b)))\">\(e(benchmarkLabel(b))) <span class=\"muted\">(\(b.referenceYear))</span></td><td>\(b.year)</td><td class=\"num\">\(e(percent(b.reductionPercent)))</td>"
                    h += "<td class=\"num\">\(e(b.plannedReductionPercent.map(percent) ?? "–"))</td><td class=\"\(plannedClass)\">\(e(benchmarkVerdictPlanned(b)))</td>"
                    h += "<td class=\"num\">\(e(b.planReductionPercent.map(percent) ?? "–"))</td><td class=\"\(cls)\">\(e(benchmarkVerdict(b)))</td></tr>\n"
                }
                h += "</tbody>\n</table>\n"
            }
            if let b = p.budget {
                h += "<table class=\"budget\">\n<caption>\(e(term(.budget)))</caption>\n<tbody>\n"
                h += "<tr><th scope=\"row\">\(e(term(.budgetTotal)))</th><td class=\"num\">\(tonnes(b.budgetTco2e)) t (\(b.fromYear)–\(b.toYear))</td></tr>\n"
                h += "<tr><th scope=\"row\">\(e(term(.budgetRate)))</th><td class=\"num\">\(e(percent(b.annualReductionRate * 100)))</td></tr>\n"
                h += "<tr><th scope=\"row\">\(e(term(.budget95)))</th><td class=\"num\">\(e(wholeYear(b.year95PercentUsed)))</td></tr>\n"
                h += "<tr><th scope=\"row\">\(e(term(.budgetPlanned)))</th><td class=\"num\">\(tonnes(b.plannedCumulativeTco2e)) t</td></tr>\n"
                h += "<tr><th scope=\"row\">\(e(term(.budgetOvershoot)))</th><td class=\"num\">\(tonnes(b.overshootTco2e)) t</td></tr>\n"
                h += "<tr><th scope=\"row\">\(e(term(.budgetExhausted)))</th><td class=\"num\">\(e(b.yearExhaustedUnderPlan.map(String.init) ?? term(.notBy2100)))</td></tr>\n"
                h += "</tbody>\n</table>\n"
            }
            h += "</section>\n"
            h += sectorSection(p)
        } else if result.status != .rejected, result.detail != .summary {
            h += "<section><h2>\(e(term(.pathway)))</h2><p>\(e(term(.noPathway)))</p></section>\n"
        }

        h += actionsSection()

        // All rules
        if !result.rules.isEmpty {
            h += "<section aria-labelledby=\"all-heading\">\n<h2 id=\"all-heading\">\(e(term(.allRules)))</h2>\n"
            h += "<table class=\"all-rules\">\n<thead><tr><th scope=\"col\">\(e(term(.capf)))</th><th scope=\"col\">\(e(term(.rule)))</th><th scope=\"col\">\(e(term(.severity)))</th><th scope=\"col\">\(e(term(.status)))</th></tr></thead>\n<tbody>\n"
            for pillar in Self.pillars {
                let rules = result.rules.filter { $0.pillar == pillar }
                guard !rules.isEmpty else { continue }
                h += "<tr class=\"pillar\"><th colspan=\"4\" scope=\"rowgroup\">\(e(pillarHeading(pillar)))</th></tr>\n"
                for r in rules {
                    h += "<tr><td>\(e(r.capf))</td><td title=\"\(e(r.message))\">\(e(title(r)))</td><td>\(e(ReportText.severity(r.severity, language)))</td>"
                    h += "<td><span class=\"badge status-\(r.status.rawValue)\">\(e(ReportText.status(r.status, language)))</span></td></tr>\n"
                }
            }
            h += "</tbody>\n</table>\n</section>\n"
        }

        if !result.notes.isEmpty {
            h += "<section aria-labelledby=\"input-notes-heading\">\n<h2 id=\"input-notes-heading\">\(e(term(.inputNotes)))</h2>\n<ul>\n"
            for note in result.notes { h += "<li>\(e(note.message)) <code>\(e(note.pointer))</code></li>\n" }
            h += "</ul>\n</section>\n"
        }
        if let notes = result.pathway?.notes, !notes.isEmpty {
            h += "<section aria-labelledby=\"notes-heading\">\n<h2 id=\"notes-heading\">\(e(term(.notes)))</h2>\n<ul>\n"
            for note in notes { h += "<li>\(e(note.message))</li>\n" }
            h += "</ul>\n</section>\n"
        }

        h += "<footer>\n<p>\(e(term(.generatedBy))) \(e(rulesetText))"
        if let source = ReportText.rulesetSource(result.ruleset.id, language) ?? ruleset?.source { h += " (\(e(source)))" }
        h += ".</p>\n<p>\(e(term(.contentHash))): <code>\(e(result.contentHash ?? "–"))</code></p>\n</footer>\n"
        h += "</body>\n</html>\n"
        return h
    }

    /// "Ret først": the rules not met, most urgent first (FixFirstItem.ordered), linked to their
    /// entries below.
    private func fixFirstSection() -> String {
        let items = fixFirst
        guard !items.isEmpty else { return "" }
        var h = "<section class=\"fix-first\" id=\"fix-first\" aria-labelledby=\"fix-first-heading\">\n<h2 id=\"fix-first-heading\">\(e(term(.fixFirst)))</h2>\n"
        h += "<p class=\"muted\">\(e(term(.fixFirstIntro)))</p>\n<ol>\n"
        for item in items.prefix(Self.fixFirstLimit) {
            h += "<li class=\"status-\(item.rule.status.rawValue)\"><a href=\"#rule-\(e(item.rule.id))\"><span class=\"capf\">\(e(item.rule.capf))</span> \(e(item.title))</a>"
            h += " <span class=\"detail\">\(e(fixFirstDetail(item)))</span></li>\n"
        }
        h += "</ol>\n"
        if items.count > Self.fixFirstLimit { h += "<p class=\"muted\">+ \(items.count - Self.fixFirstLimit) \(e(term(.fixFirstMore)))</p>\n" }
        return h + "</section>\n"
    }

    private func sectorSection(_ p: Pathway) -> String {
        let chart = SectorChart(pathway: p, report: self)
        guard !chart.rows.isEmpty else { return "" }
        var h = "<section class=\"sectors\" id=\"sectors\" aria-labelledby=\"sectors-heading\">\n<h2 id=\"sectors-heading\">\(e(term(.sectorBreakdown)))</h2>\n"
        h += "<figure>\n\(chart.svg())\n<figcaption>\(e(term(.sectorChartTitle))), \(p.baseYear).</figcaption>\n</figure>\n"
        return h + "</section>\n"
    }

    /// The actions table from the job's actions; without them the sums by sector from the result.
    private func actionsSection() -> String {
        guard let p = result.pathway else { return "" }
        var h = "<section class=\"actions\" id=\"actions\" aria-labelledby=\"actions-heading\">\n<h2 id=\"actions-heading\">\(e(term(.actions)))</h2>\n"
        let rows = actionRows
        if rows.isEmpty, p.sectorContributions.isEmpty {
            return h + "<p class=\"muted\">\(e(term(.actionsNotInResult)))</p>\n</section>\n"
        }
        if rows.isEmpty {
            h += "<p class=\"muted\">\(e(term(.actionsFromResult)))</p>\n"
            h += "<table class=\"sector-actions\">\n<thead><tr><th scope=\"col\">\(e(term(.sector)))</th><th scope=\"col\" class=\"num\">\(e(term(.sectorActions)))</th><th scope=\"col\" class=\"num\">\(e(term(.fullEffect)))</th></tr></thead>\n<tbody>\n"
            for c in p.sectorContributions where c.actionCount > 0 {
                h += "<tr><td>\(e(ReportText.sector(c.sector, language)))</td><td class=\"num\">\(c.actionCount)</td><td class=\"num\">\(tonnes(c.fullEffectReductionTco2e))</td></tr>\n"
            }
            return h + "</tbody>\n</table>\n</section>\n"
        }
        h += "<table class=\"actions-table\">\n<caption>\(e(term(.actionsCaption)))</caption>\n"
        h += "<colgroup><col class=\"id\"/><col class=\"title\"/><col class=\"sector\"/><col class=\"tonnes\"/><col class=\"cost\"/><col class=\"owner\"/><col class=\"status\"/></colgroup>\n<thead><tr><th scope=\"col\">\(e(term(.actionId)))</th><th scope=\"col\">\(e(term(.actionTitle)))</th><th scope=\"col\">\(e(term(.sector)))</th>"
        h += "<th scope=\"col\" class=\"num\">\(e(term(.fullEffect)))</th><th scope=\"col\" class=\"num\">\(e(term(.costPerTonne)))</th><th scope=\"col\">\(e(term(.owner)))</th><th scope=\"col\">\(e(term(.actionStatus)))</th></tr></thead>\n<tbody>\n"
        for row in rows {
            h += "<tr\(row.excludedReason == nil ? "" : " class=\"excluded\"")><td>\(e(row.id))</td><td>\(e(row.title))</td><td>\(e(ReportText.sector(row.sector, language)))</td>"
            h += "<td class=\"num\">\(row.fullEffectTco2e.map(tonnes) ?? "–")</td><td class=\"num\">\(e(costText(row)))</td><td>\(e(row.owner ?? "–"))</td><td>\(e(statusText(row)))</td></tr>\n"
        }
        h += "</tbody>\n</table>\n<p class=\"note\">\(e(term(.costNote)))</p>\n"
        return h + "</section>\n"
    }

    private func e(_ s: String) -> String { HTMLReport.escape(s) }
}

/// HTML helpers: escaping and the stylesheet.
enum HTMLReport {
    /// Escapes text and attribute values with XML's five entities.
    static func escape(_ s: String) -> String {
        guard s.contains(where: { $0 == "&" || $0 == "<" || $0 == ">" || $0 == "\"" || $0 == "'" }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    /// System fonts only; prints on A4 without the screen colours' backgrounds. In print, headings
    /// stay with what follows them and figures, tables and rule entries are not split (a table
    /// longer than a page still breaks, between rows, with its header repeated). No comments in
    /// the CSS: its text is part of the page's, and the Danish edition has no English in it.
    static let css = """
        :root { --ink: #101828; --muted: #475467; --line: #eaecf0; --fail: #b42318; --warn: #b54708; --pass: #067647; --incomplete: #5925dc; --na: #667085; }
        * { box-sizing: border-box; }
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); line-height: 1.45; max-width: 62rem; margin: 2rem auto; padding: 0 1.25rem; }
        h1 { font-size: 2rem; margin: 0.1rem 0 0.3rem; }
        h2 { font-size: 1.35rem; margin: 2rem 0 0.6rem; border-bottom: 2px solid var(--line); padding-bottom: 0.2rem; }
        h3 { font-size: 1.05rem; margin: 1.2rem 0 0.4rem; color: var(--muted); }
        h4 { font-size: 1rem; margin: 0 0 0.25rem; }
        .kicker { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.8rem; color: var(--muted); margin: 0; }
        .plan-title { font-size: 1.1rem; margin: 0 0 0.8rem; }
        dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0; font-size: 0.9rem; }
        dl.meta dt { color: var(--muted); }
        dl.meta dd { margin: 0; }
        .verdict { margin-top: 1.5rem; border-left: 0.5rem solid var(--na); background: #f9fafb; padding: 0.6rem 1.1rem 0.9rem; }
        .verdict h2 { border: 0; margin: 0.3rem 0; font-size: 1.5rem; }
        .verdict .label { font-weight: 400; color: var(--muted); }
        .verdict.status-compliant { border-color: var(--pass); }
        .verdict.status-non_compliant { border-color: var(--fail); }
        .verdict.status-incomplete { border-color: var(--incomplete); }
        .verdict.status-rejected { border-color: var(--fail); }
        table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.92rem; }
        caption { text-align: left; font-weight: 600; padding-bottom: 0.3rem; }
        th, td { padding: 0.25rem 0.6rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
        .num { text-align: right; font-variant-numeric: tabular-nums; }
        td.shortfall { color: var(--fail); font-weight: 600; }
        table.scores { min-width: 24rem; }
        td.bar { width: 14rem; }
        td.bar span { display: block; height: 0.7rem; background: #84adff; border-radius: 0.2rem; }
        figure { margin: 1rem 0; }
        figure svg { width: 100%; height: auto; display: block; }
        figcaption { font-size: 0.85rem; color: var(--muted); }
        ul.facts { padding-left: 1.2rem; }
        .rule { border-left: 4px solid var(--na); padding: 0.45rem 0.9rem; margin: 0.6rem 0; background: #fcfcfd; break-inside: avoid; }
        .rule.status-fail { border-color: var(--fail); }
        .rule.status-warn { border-color: var(--warn); }
        .rule.status-incomplete { border-color: var(--incomplete); }
        .rule p { margin: 0.2rem 0; }
        .capf { color: var(--muted); font-variant-numeric: tabular-nums; margin-right: 0.3rem; }
        .badge { display: inline-block; font-size: 0.75rem; font-weight: 600; padding: 0.05rem 0.45rem; border-radius: 0.6rem; border: 1px solid currentColor; vertical-align: middle; }
        .badge.essential { color: var(--ink); }
        .status-pass { color: var(--pass); }
        .status-fail { color: var(--fail); }
        .status-warn { color: var(--warn); }
        .status-incomplete { color: var(--incomplete); }
        .status-not_applicable { color: var(--na); }
        .rule.status-fail, .rule.status-warn, .rule.status-incomplete, .verdict { color: var(--ink); }
        .evidence { font-size: 0.8rem; color: var(--muted); }
        code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.85em; }
        .muted { color: var(--muted); }
        tr.pillar th { background: #f2f4f7; }
        .reviewed { margin: 0.6rem 0 0; font-size: 0.9rem; }
        .fix-first ol { padding-left: 1.6rem; margin: 0.4rem 0; }
        .fix-first li { margin: 0.2rem 0; }
        .fix-first li a { color: var(--ink); text-decoration: none; font-weight: 600; }
        .fix-first .detail { font-size: 0.85rem; }
        table.actions-table { width: 100%; table-layout: fixed; font-size: 0.85rem; }
        table.actions-table col.id { width: 12%; }
        table.actions-table col.title { width: 25%; }
        table.actions-table col.sector { width: 13%; }
        table.actions-table col.tonnes, table.actions-table col.cost { width: 10%; }
        table.actions-table col.owner { width: 17%; }
        table.actions-table col.status { width: 13%; }
        table.actions-table th { overflow-wrap: normal; }
        tr.excluded td { color: var(--muted); }
        tr.excluded td:nth-child(4) { text-decoration: line-through; }
        .note { font-size: 0.8rem; color: var(--muted); }
        th, td { overflow-wrap: break-word; hyphens: auto; }
        td.num { white-space: nowrap; }
        code { overflow-wrap: anywhere; }
        footer { margin-top: 2.5rem; border-top: 1px solid var(--line); font-size: 0.8rem; color: var(--muted); }
        @page { size: A4; margin: 16mm 14mm; }
        @media print {
          body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
          .verdict, .rule { background: none; }
          h1, h2, h3, h4, caption { break-after: avoid; page-break-after: avoid; }
          h2 + *, h3 + * { break-before: avoid; page-break-before: avoid; }
          figure, table, .rule, .fix-first li { break-inside: avoid; page-break-inside: avoid; }
          thead { display: table-header-group; }
          tr { break-inside: avoid; page-break-inside: avoid; }
          a { color: inherit; text-decoration: none; }
        }

        """
}
