/// Placeholder until the domain lands.
public enum PlanReviewModule {}
