import Foundation
import PlanReviewContract

/// One message from the results stream, read for the overview: a plan review, a progress result, or
/// something to skip (with the reason for the log line and the counter). Never throws: bad input is
/// a value.
public enum ResultMessage: Sendable, Equatable {
    case review(StoredReview)
    case progress(StoredProgress)
    case skipped(SkipReason)

    /// Why a message was not taken into the overview.
    public enum SkipReason: String, Sendable, Equatable {
        case notJSON = "not_json"
        case unknownSchema = "unknown_schema"
        case noMunicipality = "no_municipality"
        case unknownMunicipality = "unknown_municipality"
        case noJobId = "no_job_id"
    }

    /// The `schema` of progress results (CONTRACT.md v1.1, "Progress job").
    public static let progressResultSchema = ContractSchemas.progressResult

    /// Reads a body. `knownCodes` is the official list (a code outside it is skipped);
    /// `publishedAt` is the message's AMQP timestamp, when it had one.
    public static func read(body: [UInt8], knownCodes: Set<Int>, publishedAt: Date? = nil) -> ResultMessage {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])) as? [String: Any] else {
            return .skipped(.notJSON)
        }
        let schema = object["schema"] as? String
        guard schema == ContractSchemas.result || schema == progressResultSchema else { return .skipped(.unknownSchema) }
        guard let jobId = object["jobId"] as? String, !jobId.isEmpty else { return .skipped(.noJobId) }
        let municipality = object["municipality"] as? [String: Any]
        guard let code = (municipality?["code"] as? NSNumber)?.intValue else { return .skipped(.noMunicipality) }
        guard knownCodes.contains(code) else { return .skipped(.unknownMunicipality) }
        let contentHash = object["contentHash"] as? String ?? ""
        let status = object["status"] as? String ?? "unknown"
        let text = String(decoding: body, as: UTF8.self)
        if schema == progressResultSchema {
            let figures = ProgressFigures(
                status: status, referenceDate: object["referenceDate"] as? String,
                points: progressPoints(object), reportedAt: publishedAt)
            return .progress(StoredProgress(code: code, jobId: jobId, contentHash: contentHash, figures: figures, body: text))
        }
        var figures = ReviewFigures(status: status)
        figures.reviewedAt = publishedAt
        figures.population = (municipality?["population"] as? NSNumber)?.intValue
        if let scores = object["scores"] as? [String: Any] {
            figures.scoreOverall = double(scores["overall"])
            let pillars = scores["pillars"] as? [String: Any]
            figures.scorePillar1 = double(pillars?["1"])
            figures.scorePillar2 = double(pillars?["2"])
            figures.scorePillar3 = double(pillars?["3"])
        }
        if let pathway = object["pathway"] as? [String: Any] {
            figures.baseYear = (pathway["baseYear"] as? NSNumber)?.intValue
            figures.baselineTco2e = double(pathway["baselineTco2e"])
            figures.gap2030Tco2e = double(pathway["gap2030Tco2e"])
            figures.afoluTco2e = double((pathway["baselineBySector"] as? [String: Any])?["afolu"])
            if let years = pathway["years"] as? [NSNumber], let i = years.firstIndex(where: { $0.intValue == 2030 }) {
                figures.target2030Tco2e = element(pathway["targetTco2e"], i)
                figures.planned2030Tco2e = element(pathway["plannedTco2e"], i)
            }
            let references = pathway["referenceTotals"] as? [[String: Any]] ?? []
            figures.reference1990Tco2e = references.first { ($0["year"] as? NSNumber)?.intValue == 1990 }.flatMap { double($0["tco2e"]) }
        }
        return .review(StoredReview(code: code, jobId: jobId, contentHash: contentHash, figures: figures, body: text))
    }

    static func double(_ value: Any?) -> Double? {
        guard let number = value as? NSNumber else { return nil }
        let d = number.doubleValue
        return d.isFinite ? d : nil
    }

    static func element(_ array: Any?, _ index: Int) -> Double? {
        guard let values = array as? [Any], index < values.count else { return nil }
        return double(values[index])
    }

    /// `reportedYears[]` of a progress result (Config/schemas/progress-result.v1.schema.json): each
    /// `{year, reportedTco2e, plannedTco2e, targetTco2e, ...}`, planned and target null before the
    /// plan's base year.
    static func progressPoints(_ object: [String: Any]) -> [ProgressPoint] {
        let entries = object["reportedYears"] as? [[String: Any]] ?? []
        return entries.compactMap { entry -> ProgressPoint? in
            guard let year = (entry["year"] as? NSNumber)?.intValue, let reported = double(entry["reportedTco2e"]) else { return nil }
            return ProgressPoint(year: year, reportedTco2e: reported, plannedTco2e: double(entry["plannedTco2e"]), targetTco2e: double(entry["targetTco2e"]))
        }.sorted { $0.year < $1.year }
    }
}
