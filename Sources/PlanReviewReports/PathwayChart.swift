import PlanReview
import PlanReviewContract
import Foundation

/// The pathway as an inline SVG chart: x in years, y in kt CO2e; the base-year point, BAU, the
/// planned trajectory, the target trajectory, the gap between them (manko), the benchmark points
/// (Klimaloven, IPCC AR6, ...) and, with a carbon budget, the Tyndall exponential pathway
/// E(t) = E0·e^(−k(t−t0)), k = E0/B (CONTRACT.md, `pathway.budget`). Accessible title and
/// description; a legend inside the figure so that it survives copying into a council paper.
///
/// Every series is an element with id `series-<name>` (baseline, bau, planned, target, gap,
/// benchmarks, budget) so that tests and stylesheets can find it.
struct PathwayChart {
    let pathway: Pathway
    let report: PlanReport

    static let width = 880.0
    static let plotLeft = 72.0
    static let plotRight = 860.0
    static let plotTop = 24.0
    static let plotBottom = 370.0

    private var language: Language { report.language }

    /// The budget pathway in tCO2e per year of the chart, from the budget's start year.
    func budgetSeries() -> [(year: Int, tco2e: Double)] {
        guard let b = pathway.budget, b.budgetTco2e > 0, b.startEmissionsTco2e > 0 else { return [] }
        let k = b.startEmissionsTco2e / b.budgetTco2e
        let first = max(b.fromYear, pathway.baseYear)
        guard let last = pathway.years.last, first <= last else { return [] }
        return (first...last).map { ($0, b.startEmissionsTco2e * exp(-k * Double($0 - b.fromYear))) }
    }

    /// Benchmark points that can be drawn: evaluated against a known reference total and within
    /// the chart's years.
    func benchmarkPoints() -> [(benchmark: BenchmarkResult, tco2e: Double)] {
        pathway.benchmarks.compactMap { b in
            guard pathway.years.contains(b.year), let t = report.benchmarkTonnes(b, pathway) else { return nil }
            return (b, t)
        }
    }

    func svg() -> String {
        let years = pathway.years
        guard let firstYear = years.first, let lastYear = years.last else { return "" }
        let budget = budgetSeries()
        let benchmarks = benchmarkPoints()
        var values = pathway.targetTco2e + pathway.businessAsUsualTco2e + pathway.plannedTco2e + [pathway.baselineTco2e]
        values += budget.map(\.tco2e) + benchmarks.map(\.tco2e)
        // 8 % headroom so that the base-year label stays inside the plot.
        let (yMin, yMax, step) = Self.niceScale(min: min(0, values.min() ?? 0) / 1000, max: (values.max() ?? 1) * 1.08 / 1000)
        let span = Double(max(lastYear - firstYear, 1))
        func x(_ year: Int) -> Double { Self.plotLeft + (Self.plotRight - Self.plotLeft) * Double(year - firstYear) / span }
        func y(_ tco2e: Double) -> Double { Self.plotBottom - (Self.plotBottom - Self.plotTop) * (tco2e / 1000 - yMin) / (yMax - yMin) }
        func points(_ series: [Double]) -> String {
            zip(years, series).map { "\(f(x($0))),\(f(y($1)))" }.joined(separator: " ")
        }

        let name = report.result.municipality?.name ?? ""
        let chartTitle = "\(report.term(.chartTitle))\(name.isEmpty ? "" : " – \(name)")"
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="pathway-chart" viewBox="0 0 \(Int(Self.width)) \(Int(legendTop + legendHeight(benchmarks: !benchmarks.isEmpty, budget: !budget.isEmpty)))" role="img" aria-labelledby="chart-title chart-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="13">
            <title id="chart-title">\(HTMLReport.escape(chartTitle))</title>
            <desc id="chart-desc">\(HTMLReport.escape(description()))</desc>

            """

        // Grid and axes
        svg += "<g class=\"axes\" stroke=\"#d0d5dd\" stroke-width=\"1\">\n"
        var tick = yMin
        while tick <= yMax + step / 2 {
            let ty = Self.plotBottom - (Self.plotBottom - Self.plotTop) * (tick - yMin) / (yMax - yMin)
            svg += "<line x1=\"\(f(Self.plotLeft))\" y1=\"\(f(ty))\" x2=\"\(f(Self.plotRight))\" y2=\"\(f(ty))\"\(abs(tick) < step / 2 ? " stroke=\"#667085\"" : "")/>\n"
            tick += step
        }
        svg += "</g>\n<g class=\"tick-labels\" fill=\"#475467\">\n"
        tick = yMin
        while tick <= yMax + step / 2 {
            let ty = Self.plotBottom - (Self.plotBottom - Self.plotTop) * (tick - yMin) / (yMax - yMin)
            svg += "<text x=\"\(f(Self.plotLeft - 8))\" y=\"\(f(ty + 4))\" text-anchor=\"end\">\(Self.tickLabel(tick, step, language))</text>\n"
            tick += step
        }
        var labelledYears = years.filter { $0 % 5 == 0 }
        if labelledYears.first.map({ $0 - firstYear >= 3 }) ?? true { labelledYears.insert(firstYear, at: 0) }
        if let last = labelledYears.last, lastYear - last >= 3 { labelledYears.append(lastYear) }
        for year in labelledYears {
            svg += "<text x=\"\(f(x(year)))\" y=\"\(f(Self.plotBottom + 20))\" text-anchor=\"middle\">\(year)</text>\n"
        }
        svg += "<text x=\"\(f(Self.plotLeft - 8))\" y=\"\(f(Self.plotTop - 10))\" text-anchor=\"end\" font-weight=\"600\">\(report.term(.axisKt))</text>\n"
        svg += "<text x=\"\(f(Self.plotRight))\" y=\"\(f(Self.plotBottom + 40))\" text-anchor=\"end\">\(report.term(.axisYears))</text>\n"
        svg += "</g>\n"
        svg += "<line class=\"axis\" x1=\"\(f(Self.plotLeft))\" y1=\"\(f(Self.plotTop))\" x2=\"\(f(Self.plotLeft))\" y2=\"\(f(Self.plotBottom))\" stroke=\"#667085\"/>\n"

        // Gap (manko): where planned is above target.
        svg += "<g id=\"series-gap\" class=\"series series-gap\" fill=\"#f04438\" fill-opacity=\"0.16\" stroke=\"none\">\n"
        var run: [Int] = []
        func flush() {
            if run.count >= 2 {
                let top = run.map { "\(f(x(years[$0]))),\(f(y(pathway.plannedTco2e[$0])))" }
                let bottom = run.reversed().map { "\(f(x(years[$0]))),\(f(y(pathway.targetTco2e[$0])))" }
                svg += "<polygon points=\"\((top + bottom).joined(separator: " "))\"/>\n"
            }
            run = []
        }
        for i in years.indices {
            if pathway.gapTco2e[i] > 0 {
                if run.isEmpty, i > 0 { run.append(i - 1) }
                run.append(i)
            } else {
                if !run.isEmpty { run.append(i) }
                flush()
            }
        }
        flush()
        svg += "</g>\n"

        svg += "<polyline id=\"series-bau\" class=\"series series-bau\" fill=\"none\" stroke=\"#667085\" stroke-width=\"2\" stroke-dasharray=\"7 5\" points=\"\(points(pathway.businessAsUsualTco2e))\"/>\n"
        svg += "<polyline id=\"series-target\" class=\"series series-target\" fill=\"none\" stroke=\"#067647\" stroke-width=\"2.5\" points=\"\(points(pathway.targetTco2e))\"/>\n"
        if !budget.isEmpty {
            let path = budget.map { "\(f(x($0.year))),\(f(y($0.tco2e)))" }.joined(separator: " ")
            svg += "<polyline id=\"series-budget\" class=\"series series-budget\" fill=\"none\" stroke=\"#7a5af8\" stroke-width=\"2\" stroke-dasharray=\"2 4\" stroke-linecap=\"round\" points=\"\(path)\"/>\n"
        }
        svg += "<polyline id=\"series-planned\" class=\"series series-planned\" fill=\"none\" stroke=\"#1570ef\" stroke-width=\"3\" points=\"\(points(pathway.plannedTco2e))\"/>\n"

        // Benchmarks: diamonds, labelled; labels of one year are spaced apart, and near the right
        // edge they go to the left of the point.
        svg += "<g id=\"series-benchmarks\" class=\"series series-benchmarks\">\n"
        var labels: [(year: Int, x: Double, y: Double, text: String, color: String)] = []
        for (b, t) in benchmarks {
            let cx = x(b.year)
            let cy = y(t)
            let color = Self.benchmarkColor(b.id)
            let tip = "\(report.benchmarkLabel(b)) \(b.year): −\(report.percent(b.reductionPercent)) vs \(b.referenceYear) = \(report.kilotonnes(t)) kt"
            svg += "<path class=\"benchmark benchmark-\(HTMLReport.escape(b.id))\" d=\"M\(f(cx)) \(f(cy - 6)) L\(f(cx + 6)) \(f(cy)) L\(f(cx)) \(f(cy + 6)) L\(f(cx - 6)) \(f(cy)) Z\" fill=\"\(color)\" stroke=\"#fff\" stroke-width=\"1\"><title>\(HTMLReport.escape(tip))</title></path>\n"
            labels.append((b.year, cx, cy + 4, "\(report.benchmarkLabel(b)) \(b.year)", color))
        }
        labels.sort { ($0.year, $0.y) < ($1.year, $1.y) }
        for k in labels.indices.dropFirst() where labels[k].year == labels[k - 1].year && labels[k].y < labels[k - 1].y + 14 {
            labels[k].y = labels[k - 1].y + 14
        }
        // A year's labels that run below the plot move up together.
        var k = 0
        while k < labels.count {
            var end = k
            while end + 1 < labels.count, labels[end + 1].year == labels[k].year { end += 1 }
            let overflow = labels[end].y - (Self.plotBottom - 4)
            if overflow > 0 { for j in k...end { labels[j].y -= overflow } }
            k = end + 1
        }
        for label in labels {
            let left = label.x > Self.plotRight - 130
            svg += "<text x=\"\(f(label.x + (left ? -10 : 10)))\" y=\"\(f(label.y))\" text-anchor=\"\(left ? "end" : "start")\" font-size=\"11\" fill=\"\(label.color)\">\(HTMLReport.escape(label.text))</text>\n"
        }
        svg += "</g>\n"

        // Base-year point.
        let bx = x(pathway.baseYear)
        let by = y(pathway.baselineTco2e)
        svg += "<g id=\"series-baseline\" class=\"series series-baseline\">\n"
        svg += "<circle cx=\"\(f(bx))\" cy=\"\(f(by))\" r=\"5.5\" fill=\"#101828\" stroke=\"#fff\" stroke-width=\"1.5\"/>\n"
        svg += "<text x=\"\(f(bx + 9))\" y=\"\(f(by - 8))\" font-size=\"12\" fill=\"#101828\">\(HTMLReport.escape("\(report.term(.legendBaseline)) \(pathway.baseYear): \(report.kilotonnes(pathway.baselineTco2e)) kt"))</text>\n"
        svg += "</g>\n"

        svg += legend(benchmarks: benchmarks.map(\.benchmark), budget: !budget.isEmpty)
        svg += "</svg>"
        return svg
    }

    private var legendTop: Double { Self.plotBottom + 56 }

    private func legendItems(benchmarks: [BenchmarkResult], budget: Bool) -> [(kind: String, color: String, label: String)] {
        var items: [(String, String, String)] = [
            ("point", "#101828", report.term(.legendBaseline)),
            ("dash", "#667085", report.term(.legendBAU)),
            ("line", "#1570ef", report.term(.legendPlanned)),
            ("line", "#067647", report.term(.legendTarget)),
            ("area", "#f04438", report.term(.legendGap)),
        ]
        if budget { items.append(("dot", "#7a5af8", report.term(.legendBudget))) }
        var seen: [String] = []
        for b in benchmarks where !seen.contains(b.id) {
            seen.append(b.id)
            items.append(("diamond", Self.benchmarkColor(b.id), report.benchmarkLabel(b)))
        }
        return items
    }

    private func legendHeight(benchmarks: Bool, budget: Bool) -> Double {
        // Enough for two rows; the layout below wraps at the plot's width.
        48
    }

    private func legend(benchmarks: [BenchmarkResult], budget: Bool) -> String {
        var out = "<g class=\"legend\" font-size=\"12\" fill=\"#344054\">\n"
        var cx = Self.plotLeft
        var cy = legendTop
        for item in legendItems(benchmarks: benchmarks, budget: budget) {
            let itemWidth = 34 + Double(item.label.count) * 6.6 + 18
            if cx + itemWidth > Self.plotRight + 10 {
                cx = Self.plotLeft
                cy += 22
            }
            switch item.kind {
            case "point": out += "<circle cx=\"\(f(cx + 12))\" cy=\"\(f(cy - 4))\" r=\"5\" fill=\"\(item.color)\"/>"
            case "dash": out += "<line x1=\"\(f(cx))\" y1=\"\(f(cy - 4))\" x2=\"\(f(cx + 26))\" y2=\"\(f(cy - 4))\" stroke=\"\(item.color)\" stroke-width=\"2\" stroke-dasharray=\"7 5\"/>"
            case "dot": out += "<line x1=\"\(f(cx))\" y1=\"\(f(cy - 4))\" x2=\"\(f(cx + 26))\" y2=\"\(f(cy - 4))\" stroke=\"\(item.color)\" stroke-width=\"2\" stroke-dasharray=\"2 4\" stroke-linecap=\"round\"/>"
            case "area": out += "<rect x=\"\(f(cx))\" y=\"\(f(cy - 10))\" width=\"26\" height=\"12\" fill=\"\(item.color)\" fill-opacity=\"0.16\"/>"
            case "diamond": out += "<path d=\"M\(f(cx + 13)) \(f(cy - 10)) L\(f(cx + 19)) \(f(cy - 4)) L\(f(cx + 13)) \(f(cy + 2)) L\(f(cx + 7)) \(f(cy - 4)) Z\" fill=\"\(item.color)\"/>"
            default: out += "<line x1=\"\(f(cx))\" y1=\"\(f(cy - 4))\" x2=\"\(f(cx + 26))\" y2=\"\(f(cy - 4))\" stroke=\"\(item.color)\" stroke-width=\"3\"/>"
            }
            out += "<text x=\"\(f(cx + 34))\" y=\"\(f(cy))\">\(HTMLReport.escape(item.label))</text>\n"
            cx += itemWidth
        }
        return out + "</g>\n"
    }

    /// One paragraph for screen readers: the figures a reader takes from the chart.
    func description() -> String {
        let p = pathway
        var parts = ["\(report.term(.legendBaseline)) \(p.baseYear): \(report.kilotonnes(p.baselineTco2e)) kt CO2e."]
        if let i = p.years.firstIndex(of: 2030) {
            let target = report.term(.target).lowercased()
            let planned = report.term(.planned).lowercased()
            parts.append("2030: \(target) \(report.kilotonnes(p.targetTco2e[i])) kt, \(planned) \(report.kilotonnes(p.plannedTco2e[i])) kt, BAU \(report.kilotonnes(p.businessAsUsualTco2e[i])) kt.")
        }
        parts.append("\(report.term(.netZeroPlanned)): \(report.netZeroText ?? "–").")
        if let b = p.budget {
            parts.append("\(report.term(.budget)): \(report.kilotonnes(b.budgetTco2e)) kt, \(b.yearExhaustedUnderPlan.map { "\(report.term(.budgetExhausted).lowercased()) \($0)" } ?? report.term(.notBy2100)).")
        }
        return parts.joined(separator: " ")
    }

    static func benchmarkColor(_ id: String) -> String {
        switch id {
        case "klimaloven": "#c4320a"
        case "ipcc_ar6": "#b54708"
        case "carbon_law": "#0e9384"
        default: "#475467"
        }
    }

    /// A scale from `min` to `max` (kt) with 4–8 round steps (1, 2, 2.5, 5 × 10^n).
    static func niceScale(min: Double, max: Double) -> (Double, Double, Double) {
        let hi = Swift.max(max, min + 1e-9, 0.001)
        let range = hi - min
        let rough = range / 6
        let magnitude = pow(10, floor(log10(rough)))
        var step = magnitude
        for m in [1.0, 2.0, 2.5, 5.0, 10.0] where range / (m * magnitude) <= 8 {
            step = m * magnitude
            break
        }
        let lo = floor(min / step) * step
        let top = ceil(hi / step) * step
        return (lo, top > lo ? top : lo + step, step)
    }

    static func tickLabel(_ value: Double, _ step: Double, _ language: Language) -> String {
        if step >= 1 { return NumberText.grouped(Int64(clamping: value), language) }
        return NumberText.oneDecimal(value, language)
    }

    /// A coordinate with one decimal, "." as the separator (SVG).
    private func f(_ v: Double) -> String {
        let tenths = Int64(clamping: v * 10)
        let sign = tenths < 0 ? "-" : ""
        let m = tenths.magnitude
        return m % 10 == 0 ? "\(sign)\(m / 10)" : "\(sign)\(m / 10).\(m % 10)"
    }
}
