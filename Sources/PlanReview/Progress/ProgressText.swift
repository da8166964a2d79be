import PlanReviewContract

/// The human texts of a progress result, in Danish and English: the verdict's criteria and the
/// notes. Numbers as in the rest of the result's texts (Danish: 1.234,5).
enum ProgressText {
    static func t(_ value: Double, _ language: Language) -> String { NumberText.grouped(Int64(clamping: value), language) }
    static func pct(_ value: Double, _ language: Language) -> String { NumberText.oneDecimal(value, language) }
    static func rate(_ value: Double, _ language: Language) -> String { NumberText.oneDecimal(value * 100, language) }

    static func noPathway(_ l: Language) -> String {
        l == .da ? "Planen har ingen opgørelse, så der er ingen planlagt udvikling at måle imod." : "The plan has no inventory, so there is no planned pathway to measure against."
    }

    static func noReportedYear(baseYear: Int, endYear: Int, _ l: Language) -> String {
        l == .da
            ? "Intet indberettet år ligger efter planens basisår \(baseYear) (og senest \(endYear)): der er endnu intet at følge op på."
            : "No reported year lies after the plan's base year \(baseYear) (and not after \(endYear)): there is nothing to follow up on yet."
    }

    static func dataAge(year: Int, age: Int, referenceYear: Int, max: Int, met: Bool, _ l: Language) -> String {
        switch (met, l) {
        case (true, .da): "Det seneste indberettede år, \(year), er \(age) år før rapportens år \(referenceYear) (højst \(max))."
        case (true, .en): "The latest reported year, \(year), is \(age) years before the report's year \(referenceYear) (at most \(max))."
        case (false, .da): "Det seneste indberettede år, \(year), er \(age) år før rapportens år \(referenceYear): for gammelt til at vurdere (højst \(max) år)."
        case (false, .en): "The latest reported year, \(year), is \(age) years before the report's year \(referenceYear): too old to judge (at most \(max) years)."
        }
    }

    static func withinPlan(year: Int, reported: Double, planned: Double, deviation: Double?, tolerance: Double, met: Bool, _ l: Language) -> String {
        let dev = deviation.map { ($0 >= 0 ? "+" : "") + pct($0, l) + " %" } ?? "–"
        switch (met, l) {
        case (true, .da): return "\(year): indberettet \(t(reported, l)) t mod planlagt \(t(planned, l)) t (\(dev)), inden for tolerancen på \(pct(tolerance, l)) %."
        case (true, .en): return "\(year): reported \(t(reported, l)) t against planned \(t(planned, l)) t (\(dev)), within the tolerance of \(pct(tolerance, l)) %."
        case (false, .da): return "\(year): indberettet \(t(reported, l)) t mod planlagt \(t(planned, l)) t (\(dev)), over tolerancen på \(pct(tolerance, l)) %."
        case (false, .en): return "\(year): reported \(t(reported, l)) t against planned \(t(planned, l)) t (\(dev)), above the tolerance of \(pct(tolerance, l)) %."
        }
    }

    static func noNextTarget(after year: Int, _ l: Language) -> String {
        l == .da ? "Planen har intet mål efter \(year), som en nødvendig reduktionstakt kan regnes mod." : "The plan has no target after \(year) to compute a needed reduction rate against."
    }

    static func alreadyBelowTarget(year: Int, _ l: Language) -> String {
        l == .da ? "Udledningen er allerede under målet for \(year)." : "Emissions are already below the \(year) target."
    }

    static func rateAchievable(needed: Double, year: Int, achieved: Double?, cap: Double, met: Bool, _ l: Language) -> String {
        let achievedText = achieved.map { rate($0, l) + " %" } ?? (l == .da ? "ukendt" : "unknown")
        switch (met, l) {
        case (true, .da): return "Målet for \(year) kræver \(rate(needed, l)) % reduktion om året; opnået hidtil \(achievedText) om året, loftet for en opnåelig takt er \(rate(cap, l)) %."
        case (true, .en): return "The \(year) target needs a \(rate(needed, l)) % cut a year; achieved so far \(achievedText) a year, the cap of an achievable rate is \(rate(cap, l)) %."
        case (false, .da): return "Målet for \(year) kræver \(rate(needed, l)) % reduktion om året: mere end både den opnåede takt (\(achievedText)) og loftet på \(rate(cap, l)) %."
        case (false, .en): return "The \(year) target needs a \(rate(needed, l)) % cut a year: more than both the rate achieved (\(achievedText)) and the cap of \(rate(cap, l)) %."
        }
    }

    static func actionsKeepPathway(year: Int, lost: Double, adjusted: Double, planned: Double, met: Bool, _ l: Language) -> String {
        if lost <= 0 {
            return l == .da ? "Intet indberettet tiltag er opgivet eller forsinket, så den planlagte udvikling frem til \(year) står ved magt." : "No reported action is cancelled or behind schedule, so the planned pathway up to \(year) stands."
        }
        switch (met, l) {
        case (true, .da): return "Opgivne og forsinkede tiltag tager \(t(lost, l)) t ud af planen i \(year) (\(t(adjusted, l)) t mod planlagt \(t(planned, l)) t): inden for tolerancen."
        case (true, .en): return "Cancelled and delayed actions take \(t(lost, l)) t out of the plan in \(year) (\(t(adjusted, l)) t against planned \(t(planned, l)) t): within the tolerance."
        case (false, .da): return "Opgivne og forsinkede tiltag tager \(t(lost, l)) t ud af planen i \(year) (\(t(adjusted, l)) t mod planlagt \(t(planned, l)) t): planen holder ikke uden erstatning for dem."
        case (false, .en): return "Cancelled and delayed actions take \(t(lost, l)) t out of the plan in \(year) (\(t(adjusted, l)) t against planned \(t(planned, l)) t): the plan does not hold without replacing them."
        }
    }

    static func verdict(_ status: ProgressStatus, year: Int?, _ l: Language) -> String {
        let y = year.map(String.init) ?? "–"
        switch (status, l) {
        case (.onTrack, .da): return "På rette spor: \(y) ligger inden for den planlagte udvikling, og næste mål kan nås."
        case (.onTrack, .en): return "On track: \(y) lies within the planned pathway and the next target is within reach."
        case (.offTrack, .da): return "Ikke på rette spor i \(y): se de kriterier, der ikke er opfyldt."
        case (.offTrack, .en): return "Off track in \(y): see the criteria that are not met."
        case (.insufficientData, .da): return "Utilstrækkelige data: de indberettede tal kan ikke vurderes mod planen."
        case (.insufficientData, .en): return "Insufficient data: the reported figures cannot be judged against the plan."
        case (.rejected, .da): return "Afvist."
        case (.rejected, .en): return "Rejected."
        }
    }

    // MARK: - Notes

    static func unknownAction(_ id: String, _ l: Language) -> String {
        l == .da ? "Tiltaget '\(id.prefix(64))' findes ikke i planen: indberetningen er ikke brugt." : "The action '\(id.prefix(64))' is not in the plan: its report is not used."
    }

    static func hashMismatch(stated: String, computed: String, _ l: Language) -> String {
        l == .da
            ? "planContentHash \(stated.prefix(80)) svarer ikke til det medsendte planjobs \(computed): fremskridtet er målt mod den medsendte plan."
            : "planContentHash \(stated.prefix(80)) does not match the embedded plan job's \(computed): progress is measured against the embedded plan."
    }

    static func hashUnchecked(_ l: Language) -> String {
        l == .da
            ? "planContentHash kan kun efterprøves, når hele planjobbet sendes med (planJob); den er gentaget uprøvet."
            : "planContentHash can only be checked when the whole plan job is sent (planJob); it is echoed unchecked."
    }

    static func sectorsOutsideScope(_ l: Language) -> String {
        l == .da
            ? "Det seneste år er kun indberettet for nogle sektorer: sammenligningen gælder planen for de sektorer (mål for alle sektorer læses som samme reduktion i hver)."
            : "The latest year is reported for some sectors only: the comparison is with the plan for those sectors (all-sector targets read as the same cut in each)."
    }
}
