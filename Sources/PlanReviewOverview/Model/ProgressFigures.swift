import Foundation

/// The figures of one progress result (`planreview.progress-result/v1`) the overview shows: the
/// verdict and the reported points for the chart.
///
/// Read from the result's fields (Config/schemas/progress-result.v1.schema.json): the verdict is
/// the result's `status` (`on_track`, `off_track`, `insufficient_data`, `rejected`), the points its
/// `reportedYears[]` (`year`, `reportedTco2e`, `plannedTco2e`, `targetTco2e`).
public struct ProgressFigures: Sendable, Codable, Equatable {
    public var status: String
    public var referenceDate: String?
    public var points: [ProgressPoint]
    public var reportedAt: Date?

    public init(status: String, referenceDate: String? = nil, points: [ProgressPoint] = [], reportedAt: Date? = nil) {
        self.status = status
        self.referenceDate = referenceDate
        self.points = points
        self.reportedAt = reportedAt
    }

    /// true on track, false off track, nil when the result does not say (insufficient data, rejected).
    public var onTrack: Bool? {
        switch status {
        case "on_track": true
        case "off_track": false
        default: nil
        }
    }
}

/// One reported year: reported beside planned and target, t CO2e.
public struct ProgressPoint: Sendable, Codable, Equatable {
    public var year: Int
    public var reportedTco2e: Double
    public var plannedTco2e: Double?
    public var targetTco2e: Double?

    public init(year: Int, reportedTco2e: Double, plannedTco2e: Double? = nil, targetTco2e: Double? = nil) {
        self.year = year
        self.reportedTco2e = reportedTco2e
        self.plannedTco2e = plannedTco2e
        self.targetTco2e = targetTco2e
    }
}
