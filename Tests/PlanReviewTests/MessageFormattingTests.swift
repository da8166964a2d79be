import PlanReview
import PlanReviewContract
import Testing

/// Rule messages write their figures into their own buffer (`MessageBytes`) through the generic
/// `NumberText`; they must read exactly as the reports' `NumberText` strings (the goldens use both),
/// including the no-separator path below 1,000 and the rounding at the edges.
@Suite struct MessageFormattingTests {
    static let figures: [Double] = [
        0, 0.04, -0.04, 0.05, -0.05, 0.5, 1, 9.95, 19.09, 99.5, 999, 999.4, 999.5, 999.96, 1_000, 12_345.678, 86_900.5, -1_234_567, -2.5, 1e15, -1e15,
    ]

    @Test(arguments: [Language.da, .en])
    func figuresReadAsNumberText(language: Language) throws {
        let t = try MessageTemplate.compile("{count}", allowed: [.count])
        for v in Self.figures {
            #expect(t.render([.count: .tonnes(v)], language) == NumberText.grouped(Int64(clamping: v), language), "tonnes \(v)")
            #expect(t.render([.count: .percent(v)], language) == NumberText.oneDecimal(v, language), "percent \(v)")
            let n = Int(v.rounded(.towardZero))
            #expect(t.render([.count: .count(n)], language) == NumberText.grouped(Int64(n), language), "count \(n)")
        }
        for y in [0, 7, 999, 1000, 2030, 9999, 10_000, -5] {
            #expect(t.render([.count: .year(y)], language) == String(y))
        }
    }

    @Test func sectorSharesAreAList() throws {
        let t = try MessageTemplate.compile("Ingen tiltag for {count}.", allowed: [.count])
        let shares = [SectorPercent(sector: .stationaryEnergy, percent: 23.94), SectorPercent(sector: .transport, percent: 0.04), SectorPercent(sector: .waste, percent: 1_234.5)]
        #expect(t.render([.count: .sectorPercents(shares)], .da) == "Ingen tiltag for stationær energi (23,9 %), transport (0 %) og affald (1.234,5 %).")
        #expect(t.render([.count: .sectorPercents(Array(shares.prefix(1)))], .en) == "Ingen tiltag for stationary energy (23.9 %).")
    }
}
