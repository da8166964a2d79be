/// How much a plan result carries (the job's optional `detail`, docs/CONTRACT.md "In this
/// repository"): the contract's fields at every level but `summary`; the ruleset's metadata and the
/// figures derived from others only at `full`.
///
/// A result says its level in `detail`; a result without `detail` (written before the field
/// existed) is `full`.
public enum ResultDetail: String, Sendable, Codable, CaseIterable {
    /// The verdict, the scores and the gap: `status`, `scores`, `notes`, and of the pathway only
    /// `baseYear`, `baselineTco2e`, `years`, `gapTco2e`, `gap2030Tco2e` and `netZeroYearPlanned`; no `rules`.
    case summary
    /// The default: every field of the shared contract (v1 and v1.1) and the additions no reader can
    /// derive; benchmark titles and sources are in the ruleset document (`planreview ruleset`).
    case standard
    /// Self-describing: as `standard`, plus each benchmark's `title` and `source` and the derived
    /// pathway figures (`requiredAnnualReductionRates`, `sectorContributions`, `targets`, …).
    case full

    /// The level a job gets without `detail` (or with a word that is not one of these).
    public static let `default` = ResultDetail.standard
}
