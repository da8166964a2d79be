import Foundation
import PlanReviewContract

/// One municipality in the overview: its latest plan review and latest progress result, or none.
public struct OverviewRow: Sendable, Codable, Equatable {
    public var code: Int
    public var name: String
    public var hasResult: Bool
    public var jobId: String?
    public var status: String?
    public var scoreOverall: Double?
    public var scorePillar1: Double?
    public var scorePillar2: Double?
    public var scorePillar3: Double?
    public var baseYear: Int?
    public var baselineTco2e: Double?
    public var target2030ReductionPercent: Double?
    public var planned2030ReductionPercent: Double?
    public var gap2030Tco2e: Double?
    public var tco2ePerInhabitant: Double?
    public var afoluSharePercent: Double?
    /// From the latest progress result; nil ("—") until one exists or when it gives no verdict.
    public var onTrack: Bool?
    public var progressStatus: String?
    public var reviewedAt: Date?

    public init(municipality: MunicipalityRef, review: StoredReview?, progress: StoredProgress?) {
        code = municipality.code
        name = municipality.name
        hasResult = review != nil
        if let review {
            let f = review.figures
            jobId = review.jobId
            status = f.status
            scoreOverall = f.scoreOverall
            scorePillar1 = f.scorePillar1
            scorePillar2 = f.scorePillar2
            scorePillar3 = f.scorePillar3
            baseYear = f.baseYear
            baselineTco2e = f.baselineTco2e
            target2030ReductionPercent = f.target2030ReductionPercent.map(Self.round1)
            planned2030ReductionPercent = f.planned2030ReductionPercent.map(Self.round1)
            gap2030Tco2e = f.gap2030Tco2e
            tco2ePerInhabitant = f.tco2ePerInhabitant.map { ($0 * 100).rounded() / 100 }
            afoluSharePercent = f.afoluSharePercent.map(Self.round1)
            reviewedAt = f.reviewedAt
        }
        if let progress {
            onTrack = progress.figures.onTrack
            progressStatus = progress.figures.status
        }
    }

    static func round1(_ x: Double) -> Double { (x * 10).rounded() / 10 }
}
