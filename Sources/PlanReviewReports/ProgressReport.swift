import Foundation
import PlanReview
import PlanReviewContract

/// A progress result prepared for people: the verdict and its criteria, the reported years against
/// the plan, the rates, the actions behind schedule or cancelled and the sectors; as text
/// (`text(width:)`), Markdown (`markdown()`) or one HTML page with an SVG chart (`html()`), in the
/// result's language.
public struct ProgressReport: Sendable {
    public let result: ProgressResult

    public init(result: ProgressResult) {
        self.result = result
    }

    var language: Language { result.language }
    private var da: Bool { language == .da }

    /// One table of the report.
    struct Table {
        var title: String
        var header: [String]
        var rows: [[String]]
        /// Columns that hold numbers (right-aligned).
        var numeric: Set<Int>
    }

    var title: String { da ? "Opfølgning på klimaplanen" : "Climate plan progress" }

    var municipalityText: String {
        result.municipality.map { "\($0.name) (\($0.code))" } ?? (da ? "ukendt kommune" : "unknown municipality")
    }

    var statusText: String {
        switch (result.status, language) {
        case (.onTrack, .da): "På rette spor"
        case (.onTrack, .en): "On track"
        case (.offTrack, .da): "Ikke på rette spor"
        case (.offTrack, .en): "Off track"
        case (.insufficientData, .da): "Utilstrækkelige data"
        case (.insufficientData, .en): "Insufficient data"
        case (.rejected, .da): "Afvist"
        case (.rejected, .en): "Rejected"
        }
    }

    /// Key facts under the heading.
    var facts: [(String, String)] {
        var out: [(String, String)] = [(da ? "Kommune" : "Municipality", municipalityText)]
        if let date = result.referenceDate { out.append((da ? "Rapportens dato" : "Report date", date)) }
        if let plan = result.plan {
            if let t = plan.title { out.append((da ? "Plan" : "Plan", t)) }
            out.append((da ? "Planens egen vurdering" : "The plan's own review", ReportText.verdict(plan.reviewStatus, language)))
        }
        if let scope = result.scope {
            let sectors = scope.sectors.map { $0.map { sectorName($0, language) }.joined(separator: ", ") } ?? (da ? "alle sektorer" : "all sectors")
            out.append((da ? "Omfang" : "Scope", sectors))
        }
        if let s = result.scores { out.append((da ? "Planens point (samlet)" : "Plan score (overall)", NumberText.oneDecimal(s.overall, language))) }
        out.append(("jobId", result.jobId.isEmpty ? "–" : result.jobId))
        return out
    }

    func t(_ v: Double?) -> String { v.map { NumberText.grouped(Int64(clamping: $0), language) } ?? "–" }
    func pct(_ v: Double?) -> String { v.map { ($0 > 0 ? "+" : "") + NumberText.oneDecimal($0, language) + " %" } ?? "–" }
    func rate(_ v: Double?) -> String { v.map { NumberText.oneDecimal($0 * 100, language) + " %" } ?? "–" }

    func criterionMark(_ met: Bool?) -> String {
        switch met {
        case true?: da ? "opfyldt" : "met"
        case false?: da ? "ikke opfyldt" : "not met"
        case nil: da ? "kan ikke vurderes" : "cannot be judged"
        }
    }

    var tables: [Table] {
        var out: [Table] = []
        if let errors = result.errors {
            out.append(Table(title: da ? "Fejl i jobbet" : "Errors in the job", header: [da ? "Sted" : "Pointer", da ? "Årsag" : "Reason"], rows: errors.map { [$0.pointer.isEmpty ? "(body)" : $0.pointer, $0.reason] }, numeric: []))
            return out
        }
        if let v = result.verdict {
            out.append(Table(title: da ? "Kriterier" : "Criteria", header: [da ? "Kriterium" : "Criterion", da ? "Vurdering" : "Assessment", da ? "Begrundelse" : "Reason"], rows: v.criteria.map { [$0.id, criterionMark($0.met), $0.message] }, numeric: []))
        }
        if !result.reportedYears.isEmpty {
            out.append(Table(
                title: da ? "Indberettede år (t CO2e)" : "Reported years (t CO2e)",
                header: [da ? "År" : "Year", da ? "Indberettet" : "Reported", da ? "Planlagt" : "Planned", da ? "Afvigelse" : "Deviation", "%", da ? "Mål" : "Target", da ? "Over mål" : "Above target"],
                rows: result.reportedYears.map { [String($0.year), t($0.reportedTco2e), t($0.plannedTco2e), t($0.deviationTco2e), pct($0.deviationPercent), t($0.targetTco2e), t($0.targetDeviationTco2e)] },
                numeric: [0, 1, 2, 3, 4, 5, 6]))
        }
        if let r = result.rates {
            var rows: [[String]] = []
            if let a = r.achieved { rows.append([da ? "Opnået \(a.fromYear)–\(a.toYear)" : "Achieved \(a.fromYear)–\(a.toYear)", rate(a.annualRate), "–"]) }
            for (label, needed) in [(da ? "Nødvendig til næste mål" : "Needed to the next target", r.nextTarget), (da ? "Nødvendig til nettonul" : "Needed to net zero", r.netZero)] {
                if let n = needed { rows.append(["\(label) (\(n.year))", rate(n.annualRate), t(n.linearTco2ePerYear)]) }
            }
            rows.append([da ? "Loft for en opnåelig takt" : "Cap of an achievable rate", rate(r.achievableRateCap), "–"])
            out.append(Table(title: da ? "Reduktionstakt pr. år" : "Reduction rate a year", header: ["", da ? "Årlig takt" : "Annual rate", da ? "Lineært, t/år" : "Linear, t/yr"], rows: rows, numeric: [1, 2]))
        }
        let lagging = result.actions.filter { ["behind_schedule", "cancelled", "paused", "unknown_status"].contains($0.assessment) }
        if !lagging.isEmpty {
            let year = result.trajectory?.assessmentYear
            out.append(Table(
                title: da ? "Tiltag, der er opgivet eller forsinket" : "Actions cancelled or behind schedule",
                header: ["id", da ? "Tiltag" : "Action", da ? "Vurdering" : "Assessment", da ? "Ventet nu" : "Expected now", da ? "Opnået" : "Achieved", (da ? "Tabt i " : "Lost in ") + (year.map(String.init) ?? "–")],
                rows: lagging.map { [$0.id, $0.title, assessmentText($0.assessment), t($0.expectedTco2e), t($0.achievedTco2e), t($0.lostTco2e)] },
                numeric: [3, 4, 5]))
        }
        if !result.sectors.isEmpty {
            out.append(Table(
                title: da ? "Sektorer (seneste indberettede år)" : "Sectors (latest reported year)",
                header: [da ? "Sektor" : "Sector", da ? "År" : "Year", da ? "Indberettet" : "Reported", da ? "Basisår" : "Base year", da ? "Planlagt" : "Planned", "%"],
                rows: result.sectors.map { [sectorName($0.sector, language), String($0.year), t($0.reportedTco2e), t($0.baselineTco2e), t($0.plannedTco2e), pct($0.deviationPercent)] },
                numeric: [1, 2, 3, 4, 5]))
        }
        if !result.notes.isEmpty {
            out.append(Table(title: da ? "Bemærkninger" : "Notes", header: [da ? "Sted" : "Pointer", da ? "Bemærkning" : "Note"], rows: result.notes.map { [$0.pointer, $0.message] }, numeric: []))
        }
        return out
    }

    /// GPC sector names (GPC 2021; the Danish as in Energi- og CO2-regnskabet's sector words).
    func sectorName(_ sector: GPCSector, _ language: Language) -> String {
        switch (sector, language) {
        case (.stationaryEnergy, .da): "stationær energi"
        case (.stationaryEnergy, .en): "stationary energy"
        case (.transport, _): "transport"
        case (.waste, .da): "affald"
        case (.waste, .en): "waste"
        case (.ippu, .da): "industriprocesser og produktbrug"
        case (.ippu, .en): "industrial processes and product use"
        case (.afolu, .da): "landbrug, skov og arealanvendelse"
        case (.afolu, .en): "agriculture, forestry and land use"
        }
    }

    func assessmentText(_ word: String) -> String {
        switch (word, language) {
        case ("behind_schedule", .da): "forsinket"
        case ("behind_schedule", .en): "behind schedule"
        case ("cancelled", .da): "opgivet"
        case ("cancelled", .en): "cancelled"
        case ("paused", .da): "sat i bero"
        case ("paused", .en): "paused"
        case ("unknown_status", .da): "ukendt status"
        case ("unknown_status", .en): "unknown status"
        default: word
        }
    }

    // MARK: - Renderings

    public func text(width: Int = 100) -> String {
        var s = "\(title.uppercased())\n\(String(repeating: "=", count: min(width, title.count)))\n"
        for (k, v) in facts { s += "\(k): \(v)\n" }
        s += "\n\(da ? "Vurdering" : "Verdict"): \(statusText)\n"
        if let v = result.verdict { s += wrap(v.message, width) + "\n" }
        for table in tables {
            s += "\n\(table.title)\n\(String(repeating: "-", count: min(width, table.title.count)))\n"
            let columns = table.header.indices.map { c in ([table.header[c]] + table.rows.map { $0[c] }).map(\.count).max() ?? 0 }
            let wide = columns.reduce(0, +) + 2 * columns.count > width
            if wide {
                for row in table.rows { s += wrap(zip(table.header, row).map { $0.isEmpty ? $1 : "\($0): \($1)" }.joined(separator: "; "), width) + "\n" }
                continue
            }
            func pad(_ cell: String, _ c: Int) -> String {
                let fill = String(repeating: " ", count: max(0, columns[c] - cell.count))
                return table.numeric.contains(c) ? fill + cell : cell + fill
            }
            s += table.header.indices.map { pad(table.header[$0], $0) }.joined(separator: "  ") + "\n"
            for row in table.rows { s += row.indices.map { pad(row[$0], $0) }.joined(separator: "  ") + "\n" }
        }
        return s
    }

    public func markdown() -> String {
        var s = "# \(title): \(municipalityText)\n\n"
        for (k, v) in facts { s += "- **\(k):** \(md(v))\n" }
        s += "\n## \(da ? "Vurdering" : "Verdict"): \(statusText)\n\n"
        if let v = result.verdict { s += md(v.message) + "\n" }
        for table in tables {
            s += "\n## \(table.title)\n\n| " + table.header.map(md).joined(separator: " | ") + " |\n|"
            s += table.header.indices.map { table.numeric.contains($0) ? "---:" : "---" }.joined(separator: "|") + "|\n"
            for row in table.rows { s += "| " + row.map(md).joined(separator: " | ") + " |\n" }
        }
        return s
    }

    public func html() -> String {
        let e = HTMLReport.escape
        var h = "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"\(language.rawValue)\" xml:lang=\"\(language.rawValue)\">\n<head>\n"
        h += "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<meta name=\"generator\" content=\"planreview\"/>\n"
        h += "<title>\(e("\(title) – \(municipalityText)"))</title>\n<style>\n\(HTMLReport.css)</style>\n</head>\n<body>\n"
        h += "<header>\n<p class=\"kicker\">\(e(title))</p>\n<h1>\(e(result.municipality?.name ?? municipalityText))</h1>\n<dl class=\"meta\">\n"
        for (k, v) in facts { h += "<dt>\(e(k))</dt><dd>\(e(v))</dd>\n" }
        h += "</dl>\n</header>\n"
        h += "<section class=\"verdict status-\(result.status.rawValue)\" aria-labelledby=\"verdict-heading\">\n"
        h += "<h2 id=\"verdict-heading\"><span class=\"label\">\(e(da ? "Vurdering" : "Verdict")):</span> \(e(statusText))</h2>\n"
        if let v = result.verdict { h += "<p>\(e(v.message))</p>\n" }
        h += "</section>\n"
        let chart = ProgressChart(result: result, language: language).svg()
        if !chart.isEmpty { h += "<figure class=\"chart\">\n\(chart)</figure>\n" }
        for (n, table) in tables.enumerated() {
            h += "<section aria-labelledby=\"table-\(n)\">\n<h2 id=\"table-\(n)\">\(e(table.title))</h2>\n<table>\n<thead><tr>"
            h += table.header.map { "<th>\(e($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
            for row in table.rows {
                h += "<tr>" + row.indices.map { table.numeric.contains($0) ? "<td class=\"num\">\(e(row[$0]))</td>" : "<td>\(e(row[$0]))</td>" }.joined() + "</tr>\n"
            }
            h += "</tbody>\n</table>\n</section>\n"
        }
        h += "</body>\n</html>\n"
        return h
    }

    private func md(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

    private func wrap(_ text: String, _ width: Int) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = "  "
            }
            line += (line.isEmpty || line == "  " ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
