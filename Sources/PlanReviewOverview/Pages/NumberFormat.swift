import Foundation

/// Danish number and date text for the pages: decimal comma, thousands with a dot ("86.900"),
/// "—" for a value that does not exist. CSV and JSON keep plain numbers.
enum NumberFormat {
    static let none = "—"

    static func decimal(_ value: Double?, digits: Int = 1) -> String {
        guard let value, value.isFinite else { return none }
        let scale = pow(10, Double(digits))
        let rounded = (value * scale).rounded() / scale
        let negative = rounded < 0
        let integer = Int(abs(rounded).rounded(.towardZero))
        var text = grouped(integer)
        if digits > 0 {
            let fraction = Int(((abs(rounded) - Double(integer)) * scale).rounded())
            text += "," + String(format: "%0\(digits)d", fraction)
        }
        return (negative ? "−" : "") + text
    }

    static func tonnes(_ value: Double?) -> String { decimal(value, digits: 0) }

    static func percent(_ value: Double?) -> String {
        guard let value else { return none }
        return decimal(value, digits: value.rounded() == value ? 0 : 1) + " %"
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "." }
            out.append(c)
        }
        return out
    }

    /// "2026-05-20" (UTC), as a sortable and readable date.
    static func date(_ date: Date?) -> String {
        guard let date else { return none }
        return isoDay(date)
    }

    static func isoDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// A number for a `data-sort` attribute and CSV: plain, with a dot; "" when absent.
    static func plain(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        if value.rounded() == value && abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
