/// Places the text labels of a chart so that no two overlap and none leaves the plot: the
/// benchmark labels at 2030 and 2050 (Klimaloven, IPCC, Rockström's rate can sit within a few
/// pixels of each other) and the base-year label.
///
/// Pure and deterministic: boxes in, boxes out, so a unit test can check every pair
/// (Tests/PlanReviewTests/ChartLabelLayoutTests.swift). Text widths are estimated from the
/// character count (`estimatedWidth`), generously, since the page's font is the reader's.
struct ChartLabelLayout {
    /// An axis-aligned box in SVG coordinates (y grows downwards).
    struct Box: Equatable {
        var x: Double
        var y: Double
        var width: Double
        var height: Double

        var maxX: Double { x + width }
        var maxY: Double { y + height }

        func intersects(_ other: Box) -> Bool {
            x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
        }

        func contains(_ other: Box) -> Bool {
            other.x >= x && other.maxX <= maxX && other.y >= y && other.maxY <= maxY
        }
    }

    /// A label to place: the point it belongs to and the size of its text.
    struct Label: Equatable {
        var anchorX: Double
        var anchorY: Double
        var width: Double
        var height: Double
    }

    /// Where a label went: its box, and whether the text is drawn left of the anchor
    /// (`text-anchor="end"`). `displaced` labels get a leader line to their point.
    struct Placement: Equatable {
        var box: Box
        var leftOfAnchor: Bool
        var displaced: Bool
    }

    /// The plot area labels must stay inside.
    var bounds: Box
    /// Horizontal distance between the anchor and the text.
    var gap: Double = 9
    /// Vertical step when a label is moved off its point.
    var step: Double = 3
    /// Boxes nothing may cover (the markers themselves, the base-year point).
    var obstacles: [Box] = []

    /// Width of `text` at `fontSize` in a sans-serif face: 0.6 em a character, a bit more than the
    /// average of system-ui, Arial and DejaVu Sans, so the estimate errs on the side of space.
    static func estimatedWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.6
    }

    /// Places `labels` in order (put the important ones first): each goes beside its anchor,
    /// right of it unless it would leave the plot, at the anchor's height if that is free, else at
    /// the nearest free height above or below; as a last resort on the other side. A label that
    /// finds no free place at all is put at its anchor (returned with `displaced == false`), which
    /// only happens when the plot is too small for its labels.
    func place(_ labels: [Label]) -> [Placement] {
        var placed: [Box] = []
        var result: [Placement] = []
        let maxSteps = Int((bounds.height / step).rounded(.up))
        for label in labels {
            let preferLeft = label.anchorX + gap + label.width > bounds.maxX
            let sides = preferLeft ? [true, false] : [false, true]
            var chosen: Placement?
            search: for offsetIndex in 0...(2 * maxSteps) {
                // 0, +1, −1, +2, −2, … steps: nearest heights first, below before above.
                let k = (offsetIndex + 1) / 2
                let dy = Double(offsetIndex % 2 == 1 ? k : -k) * step
                for left in sides {
                    let box = Box(
                        x: left ? label.anchorX - gap - label.width : label.anchorX + gap,
                        y: label.anchorY - label.height / 2 + dy, width: label.width, height: label.height)
                    guard bounds.contains(box), !placed.contains(where: box.intersects), !obstacles.contains(where: box.intersects) else { continue }
                    chosen = Placement(box: box, leftOfAnchor: left, displaced: abs(dy) > label.height / 2)
                    break search
                }
            }
            let placement =
                chosen
                ?? Placement(
                    box: Box(x: label.anchorX + gap, y: label.anchorY - label.height / 2, width: label.width, height: label.height),
                    leftOfAnchor: false, displaced: false)
            placed.append(placement.box)
            result.append(placement)
        }
        return result
    }
}
