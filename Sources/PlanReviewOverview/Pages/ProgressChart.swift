import Foundation

/// The progress chart of a municipality page: the plan's planned and target lines (from its latest
/// review) with the reported emissions of its progress results as points. Without reported points
/// it still draws the lines and says that no progress report exists yet.
struct ProgressChart {
    var years: [Int]
    var planned: [Double]
    var target: [Double]
    var points: [ProgressPoint]

    /// The lines from a `planreview.result/v1` body (nil when it has no pathway).
    init?(reviewBody: String?, points: [ProgressPoint]) {
        self.points = points
        guard let reviewBody, let object = (try? JSONSerialization.jsonObject(with: Data(reviewBody.utf8))) as? [String: Any],
            let pathway = object["pathway"] as? [String: Any], let years = pathway["years"] as? [NSNumber]
        else {
            guard !points.isEmpty else { return nil }
            years = points.map(\.year)
            planned = []
            target = []
            return
        }
        self.years = years.map(\.intValue)
        planned = (pathway["plannedTco2e"] as? [NSNumber])?.map(\.doubleValue) ?? []
        target = (pathway["targetTco2e"] as? [NSNumber])?.map(\.doubleValue) ?? []
    }

    func svg() -> String {
        let width = 720.0, height = 320.0, left = 70.0, right = 20.0, top = 20.0, bottom = 40.0
        let allYears = years + points.map(\.year)
        guard let minYear = allYears.min(), let maxYear = allYears.max() else { return "" }
        let values = planned + target + points.map(\.reportedTco2e)
        let maxValue = max(values.max() ?? 1, 1) * 1.05
        func x(_ year: Int) -> Double { left + (width - left - right) * Double(year - minYear) / Double(max(maxYear - minYear, 1)) }
        func y(_ v: Double) -> Double { top + (height - top - bottom) * (1 - max(v, 0) / maxValue) }
        func line(_ series: [Double]) -> String {
            zip(years, series).map { String(format: "%.1f,%.1f", x($0), y($1)) }.joined(separator: " ")
        }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Indberettede udledninger over den planlagte og målsatte kurve\">\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#fff\"/>\n"
        for i in 0...4 {
            let v = maxValue * Double(i) / 4
            s += String(format: "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e8ee\"/>", left, width - right, y(v), y(v))
            s += String(format: "<text x=\"%.0f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#5b6673\">", left - 6, y(v) + 4) + NumberFormat.tonnes(v) + "</text>\n"
        }
        var year = minYear - minYear % 5 + (minYear % 5 == 0 ? 0 : 5)
        while year <= maxYear {
            s += String(format: "<text x=\"%.1f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6673\">%d</text>", x(year), height - bottom + 16, year)
            year += 5
        }
        if !target.isEmpty { s += "<polyline fill=\"none\" stroke=\"#1f7a3a\" stroke-width=\"2\" stroke-dasharray=\"6 4\" points=\"\(line(target))\"/>\n" }
        if !planned.isEmpty { s += "<polyline fill=\"none\" stroke=\"#0b5cad\" stroke-width=\"2\" points=\"\(line(planned))\"/>\n" }
        for p in points {
            s += String(format: "<circle class=\"reported\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#b42318\"><title>%d: %@ t CO2e</title></circle>\n", x(p.year), y(p.reportedTco2e), p.year, NumberFormat.tonnes(p.reportedTco2e))
        }
        s += "<g font-size=\"12\"><rect x=\"\(Int(left) + 10)\" y=\"\(Int(top))\" width=\"12\" height=\"3\" fill=\"#0b5cad\"/><text x=\"\(Int(left) + 28)\" y=\"\(Int(top) + 5)\">Planlagt</text>"
        s += "<rect x=\"\(Int(left) + 100)\" y=\"\(Int(top))\" width=\"12\" height=\"3\" fill=\"#1f7a3a\"/><text x=\"\(Int(left) + 118)\" y=\"\(Int(top) + 5)\">Mål</text>"
        s += "<circle cx=\"\(Int(left) + 176)\" cy=\"\(Int(top) + 2)\" r=\"5\" fill=\"#b42318\"/><text x=\"\(Int(left) + 186)\" y=\"\(Int(top) + 5)\">Indberettet</text></g>\n"
        s += "</svg>"
        return s
    }
}
