import PlanReview
import PlanReviewContract

/// A progress result as an inline SVG chart, like `PathwayChart`: x in years, y in kt CO2e; the
/// plan's target line and planned line for the result's scope, the planned line without what the
/// lagging actions take out, and the reported years as points. Accessible title and description,
/// legend inside the figure. Series ids: `series-target`, `series-planned`, `series-adjusted`,
/// `series-reported`.
struct ProgressChart {
    let result: ProgressResult
    let language: Language

    static let width = 880.0
    static let left = 72.0
    static let right = 860.0
    static let top = 24.0
    static let bottom = 370.0

    func svg() -> String {
        guard let t = result.trajectory, let start = t.years.first, let last = t.years.last else { return "" }
        let first = min(start, result.reportedYears.first?.year ?? start)
        guard first < last else { return "" }
        let reported = result.reportedYears
        let values = t.targetTco2e + t.plannedTco2e + t.adjustedPlannedTco2e + reported.map(\.reportedTco2e)
        let (yMin, yMax, step) = PathwayChart.niceScale(min: min(0, values.min() ?? 0) / 1000, max: (values.max() ?? 1) * 1.08 / 1000)
        let span = Double(last - first)
        func x(_ year: Int) -> Double { Self.left + (Self.right - Self.left) * Double(year - first) / span }
        func y(_ v: Double) -> Double { Self.bottom - (Self.bottom - Self.top) * (v / 1000 - yMin) / (yMax - yMin) }
        func line(_ series: [Double]) -> String { zip(t.years, series).map { "\(f(x($0))),\(f(y($1)))" }.joined(separator: " ") }
        let da = language == .da
        let name = result.municipality?.name ?? ""
        let title = (da ? "Indberettet udledning mod planen" : "Reported emissions against the plan") + (name.isEmpty ? "" : " – \(name)")
        let desc = da
            ? "Målsti, planlagt udvikling og planlagt udvikling uden opgivne og forsinkede tiltag, \(first)–\(last), i kt CO2e; punkterne er de indberettede år."
            : "Target line, planned pathway and planned pathway without cancelled and delayed actions, \(first)–\(last), in kt CO2e; the points are the reported years."
        var s = """
            <svg xmlns="http://www.w3.org/2000/svg" class="progress-chart" viewBox="0 0 \(Int(Self.width)) 460" role="img" aria-labelledby="progress-chart-title progress-chart-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="13">
            <title id="progress-chart-title">\(HTMLReport.escape(title))</title>
            <desc id="progress-chart-desc">\(HTMLReport.escape(desc))</desc>
            <g class="axes" stroke="#d0d5dd" stroke-width="1">

            """
        var tick = yMin
        while tick <= yMax + step / 2 {
            let ty = Self.bottom - (Self.bottom - Self.top) * (tick - yMin) / (yMax - yMin)
            s += "<line x1=\"\(f(Self.left))\" y1=\"\(f(ty))\" x2=\"\(f(Self.right))\" y2=\"\(f(ty))\"/>\n"
            s += "<text x=\"\(f(Self.left - 8))\" y=\"\(f(ty + 4))\" text-anchor=\"end\" fill=\"#475467\" stroke=\"none\">\(NumberText.grouped(Int64(clamping: tick), language))</text>\n"
            tick += step
        }
        let yearStep = span > 30 ? 10 : 5
        for year in stride(from: (first + yearStep - 1) / yearStep * yearStep, through: last, by: yearStep) {
            s += "<text x=\"\(f(x(year)))\" y=\"\(f(Self.bottom + 18))\" text-anchor=\"middle\" fill=\"#475467\" stroke=\"none\">\(year)</text>\n"
        }
        s += "<text x=\"16\" y=\"\(f(Self.top - 8))\" fill=\"#475467\" stroke=\"none\">kt CO2e</text>\n</g>\n"
        s += "<polyline id=\"series-target\" fill=\"none\" stroke=\"#067647\" stroke-width=\"2\" stroke-dasharray=\"6 4\" points=\"\(line(t.targetTco2e))\"/>\n"
        s += "<polyline id=\"series-planned\" fill=\"none\" stroke=\"#1d4ed8\" stroke-width=\"2.5\" points=\"\(line(t.plannedTco2e))\"/>\n"
        if t.lostTco2e.contains(where: { $0 != 0 }) {
            s += "<polyline id=\"series-adjusted\" fill=\"none\" stroke=\"#b54708\" stroke-width=\"2\" stroke-dasharray=\"2 3\" points=\"\(line(t.adjustedPlannedTco2e))\"/>\n"
        }
        s += "<g id=\"series-reported\" fill=\"#101828\">\n"
        for r in reported {
            let above = (r.deviationPercent ?? 0) > result.verdict.map(\.tolerancePercent) ?? 5
            s += "<circle cx=\"\(f(x(r.year)))\" cy=\"\(f(y(r.reportedTco2e)))\" r=\"5\"\(above ? " fill=\"#b42318\"" : "")><title>\(r.year): \(NumberText.grouped(Int64(clamping: r.reportedTco2e), language)) t</title></circle>\n"
        }
        s += "</g>\n"
        // Legend
        let entries: [(String, String, String)] = [
            ("#067647", "6 4", da ? "Målsti" : "Target line"),
            ("#1d4ed8", "", da ? "Planlagt" : "Planned"),
            ("#b54708", "2 3", da ? "Planlagt uden opgivne og forsinkede tiltag" : "Planned without cancelled and delayed actions"),
        ]
        var lx = Self.left
        for (color, dash, label) in entries {
            s += "<line x1=\"\(f(lx))\" y1=\"420\" x2=\"\(f(lx + 28))\" y2=\"420\" stroke=\"\(color)\" stroke-width=\"2.5\"\(dash.isEmpty ? "" : " stroke-dasharray=\"\(dash)\"")/>\n"
            s += "<text x=\"\(f(lx + 34))\" y=\"424\" fill=\"#101828\">\(HTMLReport.escape(label))</text>\n"
            lx += 34 + Double(label.count) * 7 + 24
        }
        s += "<circle cx=\"\(f(Self.left + 14))\" cy=\"444\" r=\"5\" fill=\"#101828\"/><text x=\"\(f(Self.left + 34))\" y=\"448\" fill=\"#101828\">\(da ? "Indberettet (rød: over tolerancen)" : "Reported (red: above the tolerance)")</text>\n"
        s += "</svg>\n"
        return s
    }

    private func f(_ v: Double) -> String {
        let tenths = Int64(clamping: v * 10)
        let sign = tenths < 0 ? "-" : ""
        let m = tenths.magnitude
        return m % 10 == 0 ? "\(sign)\(m / 10)" : "\(sign)\(m / 10).\(m % 10)"
    }
}
