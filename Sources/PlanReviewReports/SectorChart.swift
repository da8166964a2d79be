import PlanReview
import PlanReviewContract

/// The base year's emissions by GPC sector as horizontal bars (SVG), removals as a bar to the
/// left of zero: AFOLU is split into its emissions and its removals (`pathway.removalsTco2e`, the
/// negative LULUCF entries already inside `baselineBySector.afolu`), so a net figure never hides
/// a sink. In t CO2e, like every other figure of the report.
struct SectorChart {
    let pathway: Pathway
    let report: PlanReport

    static let width = 880.0
    static let rowHeight = 30.0
    static let top = 12.0

    struct Row: Equatable {
        let label: String
        let tco2e: Double
        let isRemoval: Bool
    }

    /// Sectors with a figure, largest first; AFOLU's removals as their own row.
    var rows: [Row] {
        let removals = min(0, pathway.removalsTco2e)
        var rows: [Row] = []
        for sector in GPCSector.allCases {
            var value = pathway.baselineBySector[sector]
            var label = ReportText.sector(sector, report.language)
            if sector == .afolu, removals < 0 {
                value -= removals
                label = report.term(.afoluEmissions)
            }
            if value != 0 { rows.append(Row(label: label, tco2e: value, isRemoval: false)) }
        }
        rows.sort { $0.tco2e > $1.tco2e }
        if removals < 0 { rows.append(Row(label: report.term(.removals), tco2e: removals, isRemoval: true)) }
        return rows
    }

    func svg() -> String {
        let rows = rows
        guard !rows.isEmpty else { return "" }
        let lo = min(0, rows.map(\.tco2e).min() ?? 0)
        let hi = max(rows.map(\.tco2e).max() ?? 1, 1)
        // Room for the longest sector name, and for the value labels at both ends of the bars.
        let labelWidth = 16 + (rows.map { ChartLabelLayout.estimatedWidth($0.label, fontSize: 13) }.max() ?? 0)
        let plotLeft = labelWidth + (lo < 0 ? 90 : 0)
        let plotRight = Self.width - 110
        func x(_ v: Double) -> Double { plotLeft + (plotRight - plotLeft) * (v - lo) / (hi - lo) }
        let height = Self.top + Double(rows.count) * Self.rowHeight + 14
        let title = report.term(.sectorChartTitle)
        let t = report.term(.tonnes)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="sector-chart" viewBox="0 0 \(Int(Self.width)) \(Int(height))" role="img" aria-labelledby="sector-title sector-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="13">
            <title id="sector-title">\(HTMLReport.escape(title))</title>
            <desc id="sector-desc">\(HTMLReport.escape(rows.map { "\($0.label): \(report.tonnes($0.tco2e)) \(t)" }.joined(separator: "; ")))</desc>

            """
        let zero = x(0)
        for (i, row) in rows.enumerated() {
            let y = Self.top + Double(i) * Self.rowHeight
            let x0 = min(zero, x(row.tco2e))
            let w = abs(x(row.tco2e) - zero)
            let color = row.isRemoval ? PathwayChart.targetColor : PathwayChart.plannedColor
            svg += "<g class=\"sector-row\">"
            svg += "<text x=\"\(f(labelWidth - 10))\" y=\"\(f(y + 18))\" text-anchor=\"end\" fill=\"#344054\">\(HTMLReport.escape(row.label))</text>"
            svg += "<rect x=\"\(f(x0))\" y=\"\(f(y + 5))\" width=\"\(f(max(w, 1)))\" height=\"18\" fill=\"\(color)\"\(row.isRemoval ? " fill-opacity=\"0.85\"" : "")/>"
            let valueX = row.tco2e < 0 ? x0 - 6 : x0 + w + 6
            svg += "<text x=\"\(f(valueX))\" y=\"\(f(y + 18))\" text-anchor=\"\(row.tco2e < 0 ? "end" : "start")\" fill=\"#101828\" font-variant-numeric=\"tabular-nums\">\(HTMLReport.escape(report.tonnes(row.tco2e)))</text>"
            svg += "</g>\n"
        }
        svg += "<line x1=\"\(f(zero))\" y1=\"\(f(Self.top))\" x2=\"\(f(zero))\" y2=\"\(f(height - 10))\" stroke=\"#667085\"/>\n"
        return svg + "</svg>"
    }

    private func f(_ v: Double) -> String { PathwayChart.format(v) }
}
