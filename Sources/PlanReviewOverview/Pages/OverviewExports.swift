import Foundation

/// The overview as data: `/api/overview` and `overview.json` (JSON), `/overview.csv` and
/// `overview.csv` (RFC 4180, comma separated, dot decimals, one row per municipality).
extension Overview {
    public func json() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(self))
    }

    static let csvColumns = [
        "code", "name", "has_result", "status", "score_overall", "score_pillar_1", "score_pillar_2", "score_pillar_3",
        "base_year", "baseline_tco2e", "target_2030_reduction_percent", "planned_2030_reduction_percent", "gap_2030_tco2e",
        "tco2e_per_inhabitant", "afolu_share_percent", "on_track", "progress_status", "reviewed_at", "job_id",
    ]

    public func csv() -> String {
        var out = Self.csvColumns.joined(separator: ",") + "\r\n"
        let p = NumberFormat.plain
        for r in municipalities {
            let fields: [String] = [
                String(r.code), r.name, r.hasResult ? "true" : "false", r.status ?? "", p(r.scoreOverall), p(r.scorePillar1),
                p(r.scorePillar2), p(r.scorePillar3), r.baseYear.map(String.init) ?? "", p(r.baselineTco2e),
                p(r.target2030ReductionPercent), p(r.planned2030ReductionPercent), p(r.gap2030Tco2e), p(r.tco2ePerInhabitant),
                p(r.afoluSharePercent), r.onTrack.map { $0 ? "true" : "false" } ?? "", r.progressStatus ?? "",
                r.reviewedAt.map { ISO8601DateFormatter().string(from: $0) } ?? "", r.jobId ?? "",
            ]
            out += fields.map(Self.csvField).joined(separator: ",") + "\r\n"
        }
        return out
    }

    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
