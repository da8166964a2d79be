import PlanReviewContract

/// The version of planreview, carried in every result's `worker.version`.
public enum PlanReviewVersion {
    public static let current = "0.1.0"
}
