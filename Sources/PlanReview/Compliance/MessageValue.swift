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
    /// Sectors with a share: "stationær energi (23,9 %)", joined as a list.
    case sectorPercents([SectorPercent])
    /// Years, without grouping: "2025, 2030 og 2050".
    case years([Int])
    /// An ISO date (year, month, day) as "19. juni 2024" / "19 June 2024".
    case date(year: Int, month: Int, day: Int)
    /// Target years with the planned pathway's gap: "2030 (manko 86.900 t)".
    case gaps([YearTonnes])
    /// Benchmark comparisons, formatted as "Klimaloven 2030 (72 % ≥ 70 %)", "IPCC AR6 2030: 38 % <
    /// 43 %" or "IPCC AR6 2030/2035: kan ikke vurderes (reason)".
    case benchmarks([BenchmarkItem])

    func format(into out: inout MessageBytes, _ language: Language) {
        switch self {
        case .year(let y): NumberText.plain(y, into: &out)
        case .count(let n): NumberText.grouped(Int64(n), into: &out, language)
        case .tonnes(let t): NumberText.grouped(Int64(clamping: t), into: &out, language)
        case .percent(let p), .decimal(let p): NumberText.oneDecimal(p, into: &out, language)
        case .text(let s): out.append(s)
        case .texts(let items):
            for i in items.indices {
                out.appendListSeparator(i, items.count, language)
                out.append(items[i])
            }
        case .hazards(let hazards):
            for i in hazards.indices {
                out.appendListSeparator(i, hazards.count, language)
                out.append(ComplianceText.hazard(hazards[i], language))
            }
        case .sectors(let sectors):
            for i in sectors.indices {
                out.appendListSeparator(i, sectors.count, language)
                out.append(ComplianceText.sector(sectors[i], language))
            }
        case .sectorPercents(let items):
            for i in items.indices {
                out.appendListSeparator(i, items.count, language)
                out.append(ComplianceText.sector(items[i].sector, language))
                out.appendLiteral(" (")
                NumberText.oneDecimal(items[i].percent, into: &out, language)
                out.appendLiteral(" %)")
            }
        case .benchmarks(let items):
            for i in items.indices {
                out.appendListSeparator(i, items.count, language)
                items[i].format(into: &out, language)
            }
        case .years(let years):
            for i in years.indices {
                out.appendListSeparator(i, years.count, language)
                NumberText.plain(years[i], into: &out)
            }
        case .date(let year, let month, let day):
            NumberText.plain(day, into: &out)
            out.appendLiteral(language == .da ? ". " : " ")
            out.append(ComplianceText.month(month, language))
            out.append(UInt8(ascii: " "))
            NumberText.plain(year, into: &out)
        case .gaps(let gaps):
            for i in gaps.indices {
                out.appendListSeparator(i, gaps.count, language)
                NumberText.plain(gaps[i].year, into: &out)
                out.appendLiteral(" (")
                out.append(ComplianceText.word(.gap, language))
                out.append(UInt8(ascii: " "))
                NumberText.grouped(Int64(clamping: gaps[i].tonnes), into: &out, language)
                out.appendLiteral(" t)")
            }
        }
    }
}

/// A sector and a percentage (its share of the inventory, or how much of it the actions cover).
public struct SectorPercent: Sendable, Equatable {
    public var sector: GPCSector
    public var percent: Double

    public init(sector: GPCSector, percent: Double) {
        self.sector = sector
        self.percent = percent
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

    func format(into out: inout MessageBytes, _ language: Language) {
        out.append(label)
        out.append(UInt8(ascii: " "))
        for i in years.indices {
            if i > 0 { out.append(UInt8(ascii: "/")) }
            NumberText.plain(years[i], into: &out)
        }
        if let met, let planPercent {
            out.appendLiteral(met ? " (" : ": ")
            NumberText.oneDecimal(planPercent, into: &out, language)
            out.appendLiteral(met ? " % ≥ " : " % < ")
            NumberText.oneDecimal(requiredPercent, into: &out, language)
            out.appendLiteral(met ? " %)" : " %")
        } else {
            out.appendLiteral(": ")
            out.append(ComplianceText.word(.notEvaluable, language))
            if let reason, !reason.isEmpty {
                out.appendLiteral(" (")
                Self.appendSentence(reason, into: &out)
                out.append(UInt8(ascii: ")"))
            }
        }
    }

    /// `reason` inside brackets: its first character lower-cased, a final "." dropped. By bytes
    /// where bytes and characters agree (an ASCII first byte other than CR, an ASCII byte before
    /// the final "."), else by characters (which lower-cases and splits Unicode correctly but
    /// costs some 7 k instructions).
    static func appendSentence(_ reason: String, into out: inout MessageBytes) {
        let done: Bool? = reason.utf8.withContiguousStorageIfAvailable { b in
            let n = b.count
            guard n > 0, b[0] < 0x80, b[0] != 13 else { return false }
            let dropsDot = n >= 2 && b[n - 1] == UInt8(ascii: ".")
            if dropsDot, b[n - 2] >= 0x80 { return false }
            let first = b[0]
            out.append(first >= 65 && first <= 90 ? first + 32 : first)
            out.append(UnsafeBufferPointer(rebasing: b[1..<(dropsDot ? n - 1 : n)]))
            return true
        }
        guard done != true, let first = reason.first else { return }
        out.append(first.lowercased())
        let rest = reason.dropFirst()
        out.append(rest.hasSuffix(".") ? rest.dropLast() : rest)
    }
}
