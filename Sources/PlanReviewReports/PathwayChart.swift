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
    static let plotLeft = 92.0
    static let plotRight = 860.0
    static let plotTop = 36.0
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
        // One unit throughout, t CO2e as in the tables; 8 % headroom for the base-year label.
        let (yMin, yMax, step) = Self.niceScale(min: min(0, values.min() ?? 0), max: (values.max() ?? 1) * 1.08)
        let span = Double(max(lastYear - firstYear, 1))
        func x(_ year: Int) -> Double { Self.plotLeft + (Self.plotRight - Self.plotLeft) * Double(year - firstYear) / span }
        func y(_ tco2e: Double) -> Double { Self.plotBottom - (Self.plotBottom - Self.plotTop) * (tco2e - yMin) / (yMax - yMin) }
        func points(_ series: [Double]) -> String {
            zip(years, series).map { "\(f(x($0))),\(f(y($1)))" }.joined(separator: " ")
        }

        let name = report.result.municipality?.name ?? ""
        let chartTitle = "\(report.term(.chartTitle))\(name.isEmpty ? "" : " – \(name)")"
        let legendRows = legendLayout(benchmarks: benchmarks.map(\.benchmark), budget: !budget.isEmpty).rows
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" class="pathway-chart" viewBox="0 0 \(Int(Self.width)) \(Int(legendTop + Double(legendRows) * 22))" role="img" aria-labelledby="chart-title chart-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="13">
            <title id="chart-title">\(HTMLReport.escape(chartTitle))</title>
            <desc id="chart-desc">\(HTMLReport.escape(description()))</desc>

            """

        // Grid and axes
        svg += "<g class=\"axes\" stroke=\"#d0d5dd\" stroke-width=\"1\">\n"
        var tick = yMin
        while tick <= yMax + step / 2 {
            let ty = y(tick)
            svg += "<line x1=\"\(f(Self.plotLeft))\" y1=\"\(f(ty))\" x2=\"\(f(Self.plotRight))\" y2=\"\(f(ty))\"\(abs(tick) < step / 2 ? " stroke=\"#667085\"" : "")/>\n"
            tick += step
        }
        // The milestone years (2030, the net-zero year) as faint verticals: the benchmarks sit on them.
        for year in Set([PathwayCalculator.milestoneYear, pathway.netZeroTargetYear ?? 2050]).sorted() where years.contains(year) {
            svg += "<line class=\"milestone\" x1=\"\(f(x(year)))\" y1=\"\(f(Self.plotTop))\" x2=\"\(f(x(year)))\" y2=\"\(f(Self.plotBottom))\" stroke-dasharray=\"3 3\"/>\n"
        }
        svg += "</g>\n<g class=\"tick-labels\" fill=\"#475467\">\n"
        tick = yMin
        while tick <= yMax + step / 2 {
            svg += "<text x=\"\(f(Self.plotLeft - 8))\" y=\"\(f(y(tick) + 4))\" text-anchor=\"end\">\(report.tonnes(tick))</text>\n"
            tick += step
        }
        var labelledYears = years.filter { $0 % 5 == 0 }
        if labelledYears.first.map({ $0 - firstYear >= 3 }) ?? true { labelledYears.insert(firstYear, at: 0) }
        if let last = labelledYears.last, lastYear - last >= 3 { labelledYears.append(lastYear) }
        for year in labelledYears {
            svg += "<text x=\"\(f(x(year)))\" y=\"\(f(Self.plotBottom + 20))\" text-anchor=\"middle\">\(year)</text>\n"
        }
        svg += "<text x=\"\(f(Self.plotLeft - 8))\" y=\"\(f(Self.plotTop - 20))\" text-anchor=\"end\" font-weight=\"600\">\(report.term(.tonnes))</text>\n"
        svg += "<text x=\"\(f(Self.plotRight))\" y=\"\(f(Self.plotBottom + 40))\" text-anchor=\"end\">\(report.term(.axisYears))</text>\n"
        svg += "</g>\n"
        svg += "<line class=\"axis\" x1=\"\(f(Self.plotLeft))\" y1=\"\(f(Self.plotTop))\" x2=\"\(f(Self.plotLeft))\" y2=\"\(f(Self.plotBottom))\" stroke=\"#667085\"/>\n"

        // Gap (manko): where planned is above target.
        svg += "<g id=\"series-gap\" class=\"series series-gap\" fill=\"\(Self.gapColor)\" fill-opacity=\"0.16\" stroke=\"none\">\n"
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

        svg += "<polyline id=\"series-bau\" class=\"series series-bau\" fill=\"none\" stroke=\"\(Self.bauColor)\" stroke-width=\"2\" stroke-dasharray=\"7 5\" points=\"\(points(pathway.businessAsUsualTco2e))\"/>\n"
        svg += "<polyline id=\"series-target\" class=\"series series-target\" fill=\"none\" stroke=\"\(Self.targetColor)\" stroke-width=\"2.5\" points=\"\(points(pathway.targetTco2e))\"/>\n"
        if !budget.isEmpty {
            let path = budget.map { "\(f(x($0.year))),\(f(y($0.tco2e)))" }.joined(separator: " ")
            svg += "<polyline id=\"series-budget\" class=\"series series-budget\" fill=\"none\" stroke=\"\(Self.budgetColor)\" stroke-width=\"2\" stroke-dasharray=\"2 4\" stroke-linecap=\"round\" points=\"\(path)\"/>\n"
        }
        svg += "<polyline id=\"series-planned\" class=\"series series-planned\" fill=\"none\" stroke=\"\(Self.plannedColor)\" stroke-width=\"3\" points=\"\(points(pathway.plannedTco2e))\"/>\n"

        // Labels: the base year's first, then the benchmarks by year and height, placed by
        // ChartLabelLayout so that none overlaps another or a marker.
        let bx = x(pathway.baseYear)
        let by = y(pathway.baselineTco2e)
        let baselineText = "\(report.term(.legendBaseline)) \(pathway.baseYear): \(report.tonnes(pathway.baselineTco2e)) \(report.term(.tonnes))"
        let markers = benchmarks.map { (benchmark: $0.benchmark, x: x($0.benchmark.year), y: y($0.tco2e)) }
            .sorted { ($0.benchmark.year, $0.y) < ($1.benchmark.year, $1.y) }
        var labels = [ChartLabelLayout.Label(anchorX: bx, anchorY: by - 12, width: ChartLabelLayout.estimatedWidth(baselineText, fontSize: 12), height: 15)]
        for m in markers {
            let text = "\(report.benchmarkLabel(m.benchmark)) \(m.benchmark.year)"
            labels.append(.init(anchorX: m.x, anchorY: m.y, width: ChartLabelLayout.estimatedWidth(text, fontSize: 11), height: 13))
        }
        let layout = ChartLabelLayout(
            bounds: .init(x: Self.plotLeft + 2, y: Self.plotTop - 12, width: Self.plotRight - Self.plotLeft + 16, height: Self.plotBottom - Self.plotTop + 8),
            obstacles: markers.map { .init(x: $0.x - 7, y: $0.y - 7, width: 14, height: 14) } + [.init(x: bx - 6, y: by - 6, width: 12, height: 12)])
        let placements = layout.place(labels)

        svg += "<g id=\"series-benchmarks\" class=\"series series-benchmarks\">\n"
        for (m, placement) in zip(markers, placements.dropFirst()) {
            let b = m.benchmark
            let style = Self.benchmarkStyle(b.id)
            let t = benchmarks.first { $0.benchmark.id == b.id && $0.benchmark.year == b.year }?.tco2e ?? 0
            let tip = "\(report.benchmarkLabel(b)) \(b.year): −\(report.percent(b.reductionPercent)) (\(b.referenceYear)) = \(report.tonnes(t)) \(report.term(.tonnes))"
            svg += "<path class=\"benchmark benchmark-\(HTMLReport.escape(b.id))\" d=\"\(Self.markerPath(style.shape, cx: m.x, cy: m.y, f))\" fill=\"\(style.fill)\" stroke=\"#fff\" stroke-width=\"1\"><title>\(HTMLReport.escape(tip))</title></path>\n"
            svg += label(placement, anchorX: m.x, anchorY: m.y, text: "\(report.benchmarkLabel(b)) \(b.year)", fontSize: 11, color: style.text)
        }
        svg += "</g>\n"

        svg += "<g id=\"series-baseline\" class=\"series series-baseline\">\n"
        svg += "<circle cx=\"\(f(bx))\" cy=\"\(f(by))\" r=\"5.5\" fill=\"#101828\" stroke=\"#fff\" stroke-width=\"1.5\"/>\n"
        if let placement = placements.first {
            svg += label(placement, anchorX: bx, anchorY: by, text: baselineText, fontSize: 12, color: "#101828")
        }
        svg += "</g>\n"

        svg += legend(benchmarks: benchmarks.map(\.benchmark), budget: !budget.isEmpty)
        svg += "</svg>"
        return svg
    }

    /// A placed label's text (class `chart-label`, its box in `data-box` for the tests), with a
    /// leader line to its point when it had to move away from it.
    private func label(_ placement: ChartLabelLayout.Placement, anchorX: Double, anchorY: Double, text: String, fontSize: Double, color: String) -> String {
        let box = placement.box
        var out = ""
        if placement.displaced {
            let endX = placement.leftOfAnchor ? box.maxX : box.x
            out += "<line class=\"leader\" x1=\"\(f(anchorX))\" y1=\"\(f(anchorY))\" x2=\"\(f(endX))\" y2=\"\(f(box.y + box.height / 2))\" stroke=\"\(color)\" stroke-width=\"0.75\"/>"
        }
        let textX = placement.leftOfAnchor ? box.maxX : box.x
        out += "<text class=\"chart-label\" data-box=\"\(f(box.x)) \(f(box.y)) \(f(box.width)) \(f(box.height))\" x=\"\(f(textX))\" y=\"\(f(box.maxY - box.height * 0.25))\" text-anchor=\"\(placement.leftOfAnchor ? "end" : "start")\" font-size=\"\(f(fontSize))\" fill=\"\(color)\" stroke=\"#fff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\">\(HTMLReport.escape(text))</text>\n"
        return out
    }

    private var legendTop: Double { Self.plotBottom + 62 }

    private func legendItems(benchmarks: [BenchmarkResult], budget: Bool) -> [(kind: String, color: String, label: String)] {
        var items: [(String, String, String)] = [
            ("point", "#101828", report.term(.legendBaseline)),
            ("dash", Self.bauColor, report.term(.legendBAU)),
            ("line", Self.plannedColor, report.term(.legendPlanned)),
            ("line", Self.targetColor, report.term(.legendTarget)),
            ("area", Self.gapColor, report.term(.legendGap)),
        ]
        if budget { items.append(("dot", Self.budgetColor, report.term(.legendBudget))) }
        // One entry per family (Klimaloven and its interim target are one law, one marker).
        var seen: [String] = []
        for b in benchmarks where !seen.contains(Self.family(b.id)) {
            seen.append(Self.family(b.id))
            let style = Self.benchmarkStyle(b.id)
            let named = benchmarks.first { $0.id == Self.family(b.id) } ?? b
            items.append((style.shape.rawValue, style.fill, report.benchmarkLabel(named)))
        }
        return items
    }

    /// Legend items in rows that wrap at the plot's width: each item's x and row.
    private func legendLayout(benchmarks: [BenchmarkResult], budget: Bool) -> (items: [(kind: String, color: String, label: String, x: Double, row: Int)], rows: Int) {
        var out: [(String, String, String, Double, Int)] = []
        var cx = Self.plotLeft
        var row = 0
        for item in legendItems(benchmarks: benchmarks, budget: budget) {
            let itemWidth = 34 + ChartLabelLayout.estimatedWidth(item.label, fontSize: 12) + 14
            if cx + itemWidth > Self.width - 8, cx > Self.plotLeft {
                cx = Self.plotLeft
                row += 1
            }
            out.append((item.kind, item.color, item.label, cx, row))
            cx += itemWidth
        }
        return (out, row + 1)
    }

    private func legend(benchmarks: [BenchmarkResult], budget: Bool) -> String {
        var out = "<g class=\"legend\" font-size=\"12\" fill=\"#344054\">\n"
        for item in legendLayout(benchmarks: benchmarks, budget: budget).items {
            let cx = item.x
            let cy = legendTop + Double(item.row) * 22
            switch item.kind {
            case "point": out += "<circle cx=\"\(f(cx + 12))\" cy=\"\(f(cy - 4))\" r=\"5\" fill=\"\(item.color)\"/>"
            case "dash": out += "<line x1=\"\(f(cx))\" y1=\"\(f(cy - 4))\" x2=\"\(f(cx + 26))\" y2=\"\(f(cy - 4))\" stroke=\"\(item.color)\" stroke-width=\"2\" stroke-dasharray=\"7 5\"/>"
            case "dot": out += "<line x1=\"\(f(cx))\" y1=\"\(f(cy - 4))\" x2=\"\(f(cx + 26))\" y2=\"\(f(cy - 4))\" stroke=\"\(item.color)\" stroke-width=\"2\" stroke-dasharray=\"2 4\" stroke-linecap=\"round\"/>"
            case "area": out += "<rect x=\"\(f(cx))\" y=\"\(f(cy - 10))\" width=\"26\" height=\"12\" fill=\"\(item.color)\" fill-opacity=\"0.16\"/>"
            case "line": out += "<line x1=\"\(f(cx))\" y1=\"\(f(cy - 4))\" x2=\"\(f(cx + 26))\" y2=\"\(f(cy - 4))\" stroke=\"\(item.color)\" stroke-width=\"3\"/>"
            default:
                let shape = MarkerShape(rawValue: item.kind) ?? .diamond
                out += "<path d=\"\(Self.markerPath(shape, cx: cx + 13, cy: cy - 4, f))\" fill=\"\(item.color)\"/>"
            }
            out += "<text x=\"\(f(cx + 34))\" y=\"\(f(cy))\">\(HTMLReport.escape(item.label))</text>\n"
        }
        return out + "</g>\n"
    }

    /// One paragraph for screen readers: the figures a reader takes from the chart.
    func description() -> String {
        let p = pathway
        let t = report.term(.tonnes)
        var parts = ["\(report.term(.legendBaseline)) \(p.baseYear): \(report.tonnes(p.baselineTco2e)) \(t)."]
        if let i = p.years.firstIndex(of: 2030) {
            let target = report.term(.target).lowercased()
            let planned = report.term(.planned).lowercased()
            parts.append("2030: \(target) \(report.tonnes(p.targetTco2e[i])) \(t), \(planned) \(report.tonnes(p.plannedTco2e[i])) \(t), BAU \(report.tonnes(p.businessAsUsualTco2e[i])) \(t).")
        }
        parts.append("\(report.term(.netZeroPlanned)): \(report.netZeroText ?? "–").")
        if let b = p.budget {
            parts.append("\(report.term(.budget)): \(report.tonnes(b.budgetTco2e)) \(t), \(b.yearExhaustedUnderPlan.map { "\(report.term(.budgetExhausted).lowercased()) \($0)" } ?? report.term(.notBy2100)).")
        }
        return parts.joined(separator: " ")
    }

    // Colours: the Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"), which stays
    // distinct under the common colour-vision deficiencies; benchmarks also differ by shape.
    static let plannedColor = "#0072B2"
    static let targetColor = "#009E73"
    static let bauColor = "#667085"
    static let budgetColor = "#56B4E9"
    static let gapColor = "#D55E00"

    enum MarkerShape: String {
        case diamond, triangle, square, circle
    }

    /// Each benchmark family its own colour and shape (Klimaloven and its interim target share
    /// them: one law); the text colour is a darker shade of the fill for contrast on white.
    static func benchmarkStyle(_ id: String) -> (shape: MarkerShape, fill: String, text: String) {
        switch id {
        case "klimaloven", "klimaloven_2025": (.diamond, "#CC79A7", "#9E4A7D")
        case "ipcc_ar6": (.triangle, "#E69F00", "#8F6200")
        case "carbon_law": (.square, "#000000", "#000000")
        default: (.circle, "#667085", "#475467")
        }
    }

    static func family(_ id: String) -> String { id == "klimaloven_2025" ? "klimaloven" : id }

    static func markerPath(_ shape: MarkerShape, cx: Double, cy: Double, _ f: (Double) -> String) -> String {
        switch shape {
        case .diamond: "M\(f(cx)) \(f(cy - 6.5)) L\(f(cx + 6.5)) \(f(cy)) L\(f(cx)) \(f(cy + 6.5)) L\(f(cx - 6.5)) \(f(cy)) Z"
        case .triangle: "M\(f(cx)) \(f(cy - 6.5)) L\(f(cx + 6.5)) \(f(cy + 5)) L\(f(cx - 6.5)) \(f(cy + 5)) Z"
        case .square: "M\(f(cx - 5)) \(f(cy - 5)) L\(f(cx + 5)) \(f(cy - 5)) L\(f(cx + 5)) \(f(cy + 5)) L\(f(cx - 5)) \(f(cy + 5)) Z"
        case .circle: "M\(f(cx - 5)) \(f(cy)) A5 5 0 1 0 \(f(cx + 5)) \(f(cy)) A5 5 0 1 0 \(f(cx - 5)) \(f(cy)) Z"
        }
    }

    /// A scale from `min` to `max` (t CO2e) with 4–8 round steps (1, 2, 2.5, 5 × 10^n).
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

    /// A coordinate with one decimal, "." as the separator (SVG).
    func f(_ v: Double) -> String { Self.format(v) }

    static func format(_ v: Double) -> String {
        let tenths = Int64(clamping: v * 10)
        let sign = tenths < 0 ? "-" : ""
        let m = tenths.magnitude
        return m % 10 == 0 ? "\(sign)\(m / 10)" : "\(sign)\(m / 10).\(m % 10)"
    }
}
