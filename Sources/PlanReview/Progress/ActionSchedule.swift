import PlanReviewContract

/// The plan's actions against what is reported of them at the reference date, and the plan as it
/// would be if the lagging ones go on as reported (docs/DOMAIN.md, "Progress", actions).
///
/// - cancelled: contributes nothing; paused: nothing either (as a plan review treats a pause);
/// - planned or adopted after its `startYear` has passed: behind by d = reference year − start,
///   its ramp moves d years later;
/// - in progress after its `fullEffectYear` has passed (not completed): behind by d = reference
///   year − full effect, the ramp moves d years later;
/// - with `achievedTco2e` below the plan's reduction in the last full year (reference year − 1)
///   by more than the tolerance: behind, and it goes on delivering the share achieved
///   (reduction × achieved / expected);
/// - completed, or on time: unchanged. Actions nobody reported on keep the plan's status.
struct ActionSchedule {
    var progress: [ActionProgress] = []
    /// The plan's actions as they would contribute (status, ramp and reduction adjusted).
    var adjustedActions: [MitigationAction] = []
    private var planActions: [MitigationAction] = []
    var unknownIds: [(index: Int, id: String)] = []
    var unknownStatuses: [(index: Int, word: String)] = []

    init(plan: [MitigationAction], reported: [ReportedAction], referenceYear: Int, tolerancePercent: Double) {
        let known = Set(plan.map(\.id))
        var byId: [String: (Int, ReportedAction)] = [:]
        for (i, r) in reported.enumerated() {
            if known.contains(r.id) { byId[r.id] = (i, r) } else { unknownIds.append((i, r.id)) }
        }
        let lastFullYear = referenceYear - 1
        for action in plan {
            var adjusted = action
            let report = byId[action.id]
            let reportedStatus = report.map { ActionStatus.parse($0.1.status) } ?? nil
            if let (i, r) = report, reportedStatus == nil { unknownStatuses.append((i, r.status)) }
            let isCompensation = action.kind.flatMap(ActionKind.parse) == .compensation
            let start = action.startYear
            let full = start.map { max(action.fullEffectYear ?? $0, $0) }
            var expected: Double?
            if let r = action.reductionTco2e, let start, let full, !isCompensation {
                expected = round1(r * PathwayCalculator.rampShare(year: lastFullYear, start: start, full: full))
            }
            let achieved = report?.1.achievedTco2e
            let assessment: String
            if report != nil, reportedStatus == nil {
                assessment = "unknown_status"
            } else if let status = reportedStatus {
                switch status {
                case .cancelled, .paused:
                    assessment = status == .cancelled ? "cancelled" : "paused"
                    adjusted.status = ActionStatus.cancelled.rawValue
                case .completed:
                    assessment = "completed"
                    adjusted.status = status.rawValue
                case .planned, .adopted, .inProgress:
                    adjusted.status = status.rawValue
                    if let achieved, let expected, expected > 0, achieved < expected * (1 - tolerancePercent / 100), let r = action.reductionTco2e {
                        assessment = "behind_schedule"
                        adjusted.reductionTco2e = r * achieved / expected
                    } else if status != .inProgress, let start, let full, start < referenceYear {
                        assessment = "behind_schedule"
                        let d = referenceYear - start
                        adjusted.startYear = start + d
                        adjusted.fullEffectYear = full + d
                    } else if status == .inProgress, achieved == nil, let start, let full, full < referenceYear {
                        assessment = "behind_schedule"
                        let d = referenceYear - full
                        adjusted.startYear = start + d
                        adjusted.fullEffectYear = full + d
                    } else {
                        assessment = "on_schedule"
                    }
                }
            } else {
                assessment = "not_reported"
            }
            progress.append(ActionProgress(
                id: action.id, title: action.title, sector: action.sector, assessment: assessment,
                planStatus: action.status, reportedStatus: reportedStatus?.rawValue ?? report?.1.status,
                startYear: action.startYear, fullEffectYear: action.fullEffectYear, expectedTco2e: expected,
                achievedTco2e: achieved, lostTco2e: 0, note: report?.1.note))
            adjustedActions.append(adjusted)
            planActions.append(action)
        }
    }

    /// Sets each action's `lostTco2e`: its reduction in `year` in the plan minus as adjusted
    /// (compensation never counts: it is outside the territorial pathway).
    mutating func setLost(in year: Int) {
        for i in progress.indices {
            let isCompensation = planActions[i].kind.flatMap(ActionKind.parse) == .compensation
            progress[i].lostTco2e = isCompensation ? 0 : round1(Self.contribution(planActions[i], in: year) - Self.contribution(adjustedActions[i], in: year))
        }
    }

    /// The action's reduction in `year` as the pathway counts it.
    static func contribution(_ action: MitigationAction, in year: Int) -> Double {
        if let status = action.status.flatMap(ActionStatus.parse), !status.contributes { return 0 }
        guard let r = action.reductionTco2e, let start = action.startYear else { return 0 }
        return r * PathwayCalculator.rampShare(year: year, start: start, full: max(action.fullEffectYear ?? start, start))
    }
}
