import PlanReviewContract
import PlanReviewJSON

/// A figure or text a check puts into its message, formatted in the job's language.
public enum MessageValue: Sendable, Equatable {
    /// A year, without grouping: 2030.
    case year(Int)
    /// A count, grouped: 1.234 / 1,234.
    case count(Int)
    /// Tonnes CO2e, rounded to whole tonnes and grouped: 86.900 / 86,900.
    case tonnes(Double)
    /// A percentage to 0.1 without a trailing zero: 58 / 58,5 (da) / 58.5 (en).
    case percent(Double)
    /// A decimal to 0.1 without a trailing zero (full-time equivalents).
    case decimal(Double)
    case text(String)
    /// Joined as a list: "a, b og c" / "a, b and c".
    case texts([String])
    case hazards([ClimateHazard])
    case sectors([GPCSector])
    /// Years, without grouping: "2025, 2030 og 2050".
    case years([Int])
    /// An ISO date (year, month, day) as "19. juni 2024" / "19 June 2024".
    case date(year: Int, month: Int, day: Int)
    /// Target years with the planned pathway's gap: "2030 (manko 86.900 t)".
    case gaps([YearTonnes])
    /// Benchmark comparisons, formatted as "Klimaloven 2030 (72 % ≥ 70 %)", "IPCC AR6 2030: 38 % <
    /// 43 %" or "IPCC AR6 2030/2035: kan ikke vurderes (reason)".
    case benchmarks([BenchmarkItem])

    func format(into out: inout [UInt8], _ language: Language) {
        switch self {
        case .year(let y): NumberText.plain(y, into: &out)
        case .count(let n): NumberText.grouped(Int64(n), into: &out, language)
        case .tonnes(let t): NumberText.grouped(Int64(clamping: t), into: &out, language)
        case .percent(let p), .decimal(let p): NumberText.oneDecimal(p, into: &out, language)
        case .text(let s): out.append(contentsOf: s.utf8)
        case .texts(let items):
            for (i, item) in items.enumerated() {
                ComplianceText.listSeparator(i, items.count, into: &out, language)
                out.append(contentsOf: item.utf8)
            }
        case .hazards(let hazards):
            for (i, h) in hazards.enumerated() {
                ComplianceText.listSeparator(i, hazards.count, into: &out, language)
                out.append(contentsOf: ComplianceText.hazard(h, language).utf8)
            }
        case .sectors(let sectors):
            for (i, sector) in sectors.enumerated() {
                ComplianceText.listSeparator(i, sectors.count, into: &out, language)
                out.append(contentsOf: ComplianceText.sector(sector, language).utf8)
            }
        case .benchmarks(let items):
            for (i, item) in items.enumerated() {
                ComplianceText.listSeparator(i, items.count, into: &out, language)
                item.format(into: &out, language)
            }
        case .years(let years):
            for (i, y) in years.enumerated() {
                ComplianceText.listSeparator(i, years.count, into: &out, language)
                NumberText.plain(y, into: &out)
            }
        case .date(let year, let month, let day):
            NumberText.plain(day, into: &out)
            out.append(contentsOf: (language == .da ? ". " : " ").utf8)
            out.append(contentsOf: ComplianceText.month(month, language).utf8)
            out.append(UInt8(ascii: " "))
            NumberText.plain(year, into: &out)
        case .gaps(let gaps):
            for (i, g) in gaps.enumerated() {
                ComplianceText.listSeparator(i, gaps.count, into: &out, language)
                NumberText.plain(g.year, into: &out)
                out.append(contentsOf: " (".utf8)
                out.append(contentsOf: ComplianceText.word(.gap, language).utf8)
                out.append(UInt8(ascii: " "))
                NumberText.grouped(Int64(clamping: g.tonnes), into: &out, language)
                out.append(contentsOf: " t)".utf8)
            }
        }
    }
}

/// A year and a figure in tonnes (the gap of a target year).
public struct YearTonnes: Sendable, Equatable {
    public var year: Int
    public var tonnes: Double
}

/// One benchmark in a rule message: a comparison of the plan's reduction with the required one,
/// or the years that cannot be evaluated and why.
public struct BenchmarkItem: Sendable, Equatable {
    public var label: String
    public var years: [Int]
    public var planPercent: Double?
    public var requiredPercent: Double
    public var met: Bool?
    public var reason: String?

    func format(into out: inout [UInt8], _ language: Language) {
        out.append(contentsOf: label.utf8)
        out.append(UInt8(ascii: " "))
        for (i, y) in years.enumerated() {
            if i > 0 { out.append(UInt8(ascii: "/")) }
            NumberText.plain(y, into: &out)
        }
        if let met, let planPercent {
            out.append(contentsOf: (met ? " (" : ": ").utf8)
            NumberText.oneDecimal(planPercent, into: &out, language)
            out.append(contentsOf: (met ? " % ≥ " : " % < ").utf8)
            NumberText.oneDecimal(requiredPercent, into: &out, language)
            out.append(contentsOf: (met ? " %)" : " %").utf8)
        } else {
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: ComplianceText.word(.notEvaluable, language).utf8)
            if let reason, let first = reason.first {
                out.append(contentsOf: " (".utf8)
                out.append(contentsOf: first.lowercased().utf8)
                let rest = reason.dropFirst()
                out.append(contentsOf: (rest.hasSuffix(".") ? rest.dropLast() : rest).utf8)
                out.append(UInt8(ascii: ")"))
            }
        }
    }
}
