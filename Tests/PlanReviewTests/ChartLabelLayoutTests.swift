import Foundation
import PlanReview
import PlanReviewContract
import Testing

@testable import PlanReviewReports

/// The pathway chart's label layout (issue 14: labels overlapped at 2030 and 2050): no two
/// labels overlap, none covers a marker, all stay inside the plot, on made-up crowds and on
/// every sample's chart as rendered.
@Suite struct ChartLabelLayoutTests {
    typealias Layout = ChartLabelLayout
    static let bounds = Layout.Box(x: 92, y: 6, width: 784, height: 360)

    static func expectNoOverlap(_ boxes: [Layout.Box], within bounds: Layout.Box, obstacles: [Layout.Box] = [], _ context: String = "") {
        for (i, a) in boxes.enumerated() {
            #expect(bounds.contains(a), "\(context): label \(i) \(a) leaves \(bounds)")
            for b in boxes[(i + 1)...] { #expect(!a.intersects(b), "\(context): \(a) overlaps \(b)") }
            for o in obstacles { #expect(!a.intersects(o), "\(context): \(a) covers the marker \(o)") }
        }
    }

    @Test func threeBenchmarksAtOneYearStackWithoutOverlap() {
        // Klimaloven, IPCC AR6 and Rockström's rate in 2030 within 6 px of each other.
        let anchors: [(Double, Double)] = [(400, 200), (400, 203), (400, 206)]
        let obstacles = anchors.map { Layout.Box(x: $0.0 - 7, y: $0.1 - 7, width: 14, height: 14) }
        let layout = Layout(bounds: Self.bounds, obstacles: obstacles)
        let placed = layout.place(anchors.map { Layout.Label(anchorX: $0.0, anchorY: $0.1, width: 120, height: 13) })
        Self.expectNoOverlap(placed.map(\.box), within: Self.bounds, obstacles: obstacles)
        #expect(placed.first?.displaced == false, "the first label stays at its point")
        #expect(placed.dropFirst().contains { $0.displaced }, "the others move, with a leader line")
    }

    @Test func labelsAtTheRightEdgeGoLeftOfTheirPoint() {
        let layout = Layout(bounds: Self.bounds)
        let placed = layout.place([.init(anchorX: 870, anchorY: 300, width: 110, height: 13), .init(anchorX: 870, anchorY: 301, width: 110, height: 13)])
        #expect(placed.allSatisfy { $0.leftOfAnchor })
        Self.expectNoOverlap(placed.map(\.box), within: Self.bounds)
    }

    @Test func labelsAtTheBottomMoveUpInsideThePlot() {
        let layout = Layout(bounds: Self.bounds)
        let placed = layout.place((0..<4).map { _ in .init(anchorX: 500, anchorY: 365, width: 90, height: 13) })
        Self.expectNoOverlap(placed.map(\.box), within: Self.bounds)
    }

    /// A deterministic crowd: 14 labels at 3 years, at random heights.
    @Test(arguments: 1...20)
    func crowdsNeverOverlap(_ seed: UInt64) {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let xs = [300.0, 560.0, 870.0]
        let labels = (0..<14).map { _ in Layout.Label(anchorX: xs[Int(next() * 3) % 3], anchorY: 20 + next() * 340, width: 60 + next() * 120, height: 13) }
        let obstacles = labels.map { Layout.Box(x: $0.anchorX - 7, y: $0.anchorY - 7, width: 14, height: 14) }
        let placed = Layout(bounds: Self.bounds, obstacles: obstacles).place(labels)
        Self.expectNoOverlap(placed.map(\.box), within: Self.bounds, obstacles: [], "seed \(seed)")
    }

    @Test func widthsAreEstimatedGenerously() {
        // 0.6 em a character: "Klimaloven 2030" at 11 px is about 80 px in DejaVu Sans; the estimate is ~99.
        #expect(Layout.estimatedWidth("Klimaloven 2030", fontSize: 11) >= 90)
    }

    /// Every sample's chart as rendered: the boxes the labels were drawn in (`data-box`) do not
    /// overlap and stay inside the chart.
    @Test(arguments: ReportTests.samples)
    func everySamplesChartLabelsDoNotOverlap(_ sample: String) throws {
        let (report, _) = ReportTests.report(sample)
        let svg = report.html()
        let boxes = svg.components(separatedBy: "data-box=\"").dropFirst().compactMap { part -> Layout.Box? in
            let numbers = part.prefix { $0 != "\"" }.split(separator: " ").compactMap { Double($0) }
            return numbers.count == 4 ? Layout.Box(x: numbers[0], y: numbers[1], width: numbers[2], height: numbers[3]) : nil
        }
        #expect(boxes.count >= 2, "\(sample): the base-year label and at least one benchmark label")
        Self.expectNoOverlap(boxes, within: Layout.Box(x: 0, y: 0, width: PathwayChart.width, height: PathwayChart.plotBottom + 20), sample)
    }
}
