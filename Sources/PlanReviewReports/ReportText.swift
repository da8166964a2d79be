import PlanReview
import PlanReviewContract
/// The fixed words of the human reports (text, markdown, HTML) in both languages. Rule titles
/// and messages come from the ruleset and the result; these are the headings and labels around
/// them.
enum ReportText {
    enum Term {
        case reportTitle, municipality, plan, ruleset, jobId, contentHash, language
        case verdict, scores, overall, pillar
        case toFix, warnings, incompleteRules, passedRules, notApplicableRules, allRules
        case pathway, year, target, bau, planned, gap, baseline, netZeroPlanned, notReached, actionsCover, tonnes
        case benchmarks, benchmark, required, planTarget, plannedReduction, met, notMet, notEvaluated
        case budget, budgetTotal, budgetRate, budget95, budgetPlanned, budgetOvershoot, budgetExhausted, notBy2100
        case notes, evidence, rule, capf, severity, status, errors, pointer, reason
        case chartTitle, legendTarget, legendBAU, legendPlanned, legendBaseline, legendBudget, legendGap, axisYears
        case reviewedOn, byWorker, fixFirst, fixFirstIntro, fixFirstMore, tonnesAtStake
        case actions, actionsCaption, actionId, actionTitle, sector, fullEffect, costPerTonne, costNote, owner, actionStatus, excludedMark
        case sectorBreakdown, sectorChartTitle, removals, afoluEmissions, sectorActions, actionsFromResult, actionsNotInResult
        case generatedBy, noPathway, summaryOnly, essentialMark, rejectedIntro
        case manko, statedManko, computedGap, handling, noMankoStated, compensation, excludedActions, inputNotes, wholeBody
    }

    static func term(_ term: Term, _ language: Language) -> String {
        let da = language == .da
        switch term {
        case .reportTitle: return da ? "Gennemgang af klimahandlingsplan" : "Climate action plan review"
        case .municipality: return da ? "Kommune" : "Municipality"
        case .plan: return da ? "Plan" : "Plan"
        case .ruleset: return da ? "Regelsæt" : "Ruleset"
        case .jobId: return da ? "Job-id" : "Job id"
        case .contentHash: return da ? "Indholdshash" : "Content hash"
        case .language: return da ? "Sprog" : "Language"
        case .verdict: return da ? "Vurdering" : "Verdict"
        case .scores: return da ? "Pointtal (0–100)" : "Score (0–100)"
        case .overall: return da ? "Samlet" : "Overall"
        case .pillar: return da ? "Søjle" : "Pillar"
        case .toFix: return da ? "Det skal rettes" : "What to fix"
        case .warnings: return da ? "Bør forbedres" : "Should be improved"
        case .incompleteRules: return da ? "Kan ikke vurderes (mangler data)" : "Cannot be evaluated (missing data)"
        case .passedRules: return da ? "Opfyldt" : "Met"
        case .notApplicableRules: return da ? "Ikke relevant" : "Not applicable"
        case .allRules: return da ? "Alle regler" : "All rules"
        case .pathway: return da ? "Udledningsforløb" : "Emissions pathway"
        case .year: return da ? "År" : "Year"
        case .target: return da ? "Mål" : "Target"
        case .bau: return da ? "BAU" : "BAU"
        case .planned: return da ? "Planlagt" : "Planned"
        case .gap: return da ? "Manko" : "Gap"
        case .baseline: return da ? "Basisår" : "Base year"
        case .netZeroPlanned: return da ? "Netto-nul i det planlagte forløb" : "Net zero in the planned pathway"
        case .notReached: return da ? "nås ikke inden" : "not reached by"
        case .actionsCover: return da ? "Tiltagenes andel af den nødvendige reduktion i 2030" : "Actions' share of the reduction needed in 2030"
        case .tonnes: return da ? "t CO2e" : "t CO2e"
        case .benchmarks: return da ? "Pejlemærker" : "Benchmarks"
        case .benchmark: return da ? "Pejlemærke" : "Benchmark"
        case .required: return da ? "Krav" : "Required"
        case .planTarget: return da ? "Planens mål" : "Plan target"
        case .plannedReduction: return da ? "Planlagt" : "Planned"
        case .met: return da ? "opfyldt" : "met"
        case .notMet: return da ? "ikke opfyldt" : "not met"
        case .notEvaluated: return da ? "kan ikke vurderes" : "not evaluated"
        case .budget: return da ? "Kulstofbudget" : "Carbon budget"
        case .budgetTotal: return da ? "Budget" : "Budget"
        case .budgetRate: return da ? "Nødvendig årlig reduktion" : "Required annual reduction"
        case .budget95: return da ? "95 % brugt i" : "95 % used in"
        case .budgetPlanned: return da ? "Planlagt udledning" : "Planned emissions"
        case .budgetOvershoot: return da ? "Overskridelse" : "Overshoot"
        case .budgetExhausted: return da ? "Brugt op i" : "Used up in"
        case .notBy2100: return da ? "ikke brugt op før 2100" : "not used up before 2100"
        case .notes: return da ? "Bemærkninger til beregningen" : "Notes on the calculation"
        case .evidence: return da ? "Kilde i planen" : "Evidence in the plan"
        case .rule: return da ? "Regel" : "Rule"
        case .capf: return "CAPF"
        case .severity: return da ? "Kravniveau" : "Severity"
        case .status: return da ? "Status" : "Status"
        case .errors: return da ? "Fejl i indsendelsen" : "Problems in the submission"
        case .pointer: return da ? "Felt" : "Field"
        case .reason: return da ? "Problem" : "Problem"
        case .chartTitle: return da ? "Udledningsforløb (t CO2e)" : "Emissions pathway (t CO2e)"
        case .legendTarget: return da ? "Målforløb" : "Target trajectory"
        case .legendBAU: return da ? "Uden nye tiltag (BAU)" : "Business as usual (BAU)"
        case .legendPlanned: return da ? "Planlagt (BAU minus tiltag)" : "Planned (BAU minus actions)"
        case .legendBaseline: return da ? "Basisår" : "Base year"
        case .legendBudget: return da ? "Kulstofbudget-forløb" : "Carbon-budget pathway"
        case .legendGap: return da ? "Manko" : "Gap"
        case .axisYears: return da ? "År" : "Year"
        case .reviewedOn: return da ? "Gennemgået" : "Reviewed"
        case .byWorker: return da ? "af" : "by"
        case .fixFirst: return da ? "Ret først" : "Fix first"
        case .fixFirstIntro:
            return da
                ? "Væsentlige krav før anbefalede, ikke opfyldt før manglende data; inden for hver gruppe flest tons eller størst vægt i pointtallet først."
                : "Essential requirements before recommended ones, failures before missing data; within each group the most tonnes or the largest weight in the score first."
        case .fixFirstMore: return da ? "flere punkter i afsnittene nedenfor" : "more in the sections below"
        case .tonnesAtStake: return da ? "t på spil" : "t at stake"
        case .actions: return da ? "Tiltag" : "Actions"
        case .actionId: return da ? "Nr." : "No."
        case .actionTitle: return da ? "Tiltag" : "Action"
        case .sector: return da ? "Sektor" : "Sector"
        case .fullEffect: return da ? "t CO2e/år" : "t CO2e/yr"
        case .actionsCaption:
            return da
                ? "Planens tiltag: reduktion i t CO2e om året ved fuld effekt, omkostning i kr. pr. t årlig reduktion"
                : "The plan's actions: reduction in t CO2e a year at full effect, cost in DKK per t of yearly reduction"
        case .costPerTonne: return da ? "kr. pr. t/år" : "DKK per t/yr"
        case .costNote:
            return da
                ? "Kr. pr. t/år er planens oplyste omkostning for tiltaget delt med den årlige reduktion ved fuld effekt. Det er ikke en pris pr. ton over tiltagets levetid: planen oplyser ikke, hvilken periode omkostningen dækker. Tiltag uden oplyst omkostning står med –."
                : "DKK per t/yr is the plan's stated cost of the action divided by its yearly reduction at full effect. It is not a cost per tonne over the action's lifetime: the plan does not say which period the cost covers. Actions without a stated cost show –."
        case .owner: return da ? "Ansvarlig" : "Owner"
        case .actionStatus: return da ? "Status" : "Status"
        case .excludedMark: return da ? "udeladt af forløbet" : "left out of the pathway"
        case .sectorBreakdown: return da ? "Udledning i basisåret fordelt på sektorer" : "Base-year emissions by sector"
        case .sectorChartTitle: return da ? "Udledning i basisåret efter GPC-sektor (t CO2e)" : "Base-year emissions by GPC sector (t CO2e)"
        case .removals: return da ? "Optag (LULUCF)" : "Removals (LULUCF)"
        case .afoluEmissions: return da ? "Landbrug, skov og arealer (udledning)" : "Agriculture, forestry, land use (emissions)"
        case .sectorActions: return da ? "Antal tiltag" : "Actions"
        case .actionsFromResult:
            return da
                ? "Resultatet indeholder kun tiltagenes summer pr. sektor. Dannes rapporten sammen med jobbet (planreview report --job), vises hvert tiltag."
                : "The result holds only the actions' sums by sector. Rendered together with the job (planreview report --job), the report lists each action."
        case .actionsNotInResult:
            return da
                ? "Resultatet har ingen tal for tiltagene (detaljeniveau standard eller summary). Dannes rapporten sammen med jobbet (planreview report --job), vises hvert tiltag."
                : "The result holds no figures for the actions (detail standard or summary). Rendered together with the job (planreview report --job), the report lists each action."
        case .generatedBy: return da ? "Lavet af planreview ud fra regelsættet" : "Produced by planreview from the ruleset"
        case .noPathway: return da ? "Planen har ingen drivhusgasopgørelse, så der er intet forløb." : "The plan has no inventory, so there is no pathway."
        case .summaryOnly:
            return da
                ? "Resultatet er et resumé (detaljeniveau summary): det har vurderingen, pointtallene og mankoen, men ikke reglerne og forløbet. Send jobbet med detaljeniveau standard for hele rapporten."
                : "The result is a summary (detail summary): it has the verdict, the scores and the gap, not the rules and the pathway. Send the job with detail standard for the whole report."
        case .essentialMark: return da ? "væsentlig" : "essential"
        case .manko: return da ? "Manko" : "Gap (manko)"
        case .statedManko: return da ? "Planens oplyste manko" : "The plan's stated gap"
        case .computedGap: return da ? "beregnet manko samme år" : "computed gap that year"
        case .handling: return da ? "håndtering" : "handling"
        case .noMankoStated: return da ? "Planen oplyser ingen manko; beregnet manko" : "The plan states no gap; computed gap"
        case .compensation: return da ? "Kompensation (tæller ikke som reduktion)" : "Compensation (never counted as a reduction)"
        case .excludedActions: return da ? "Tiltag uden effekt i forløbet" : "Actions left out of the pathway"
        case .inputNotes: return da ? "Bemærkninger til indsendelsen" : "Notes on the submission"
        case .wholeBody: return da ? "(hele jobbet)" : "(body)"
        case .rejectedIntro: return da ? "Jobbet kunne ikke læses som en plan. Ret disse felter og send igen:" : "The job could not be read as a plan. Fix these fields and submit again:"
        }
    }

    static func verdict(_ status: ReviewStatus, _ language: Language) -> String {
        switch (status, language) {
        case (.compliant, .da): "Lever op til DK2020"
        case (.compliant, .en): "Compliant with DK2020"
        case (.nonCompliant, .da): "Lever ikke op til DK2020"
        case (.nonCompliant, .en): "Not compliant with DK2020"
        case (.incomplete, .da): "Kan ikke vurderes færdigt"
        case (.incomplete, .en): "Incomplete"
        case (.rejected, .da): "Afvist"
        case (.rejected, .en): "Rejected"
        }
    }

    /// One sentence under the verdict.
    static func verdictExplanation(_ status: ReviewStatus, failedEssential: Int, incompleteEssential: Int, warned: Int, _ language: Language) -> String {
        let da = language == .da
        func requirements(_ n: Int) -> String {
            da ? "\(n) \(n == 1 ? "væsentligt" : "væsentlige") krav" : "\(n) essential requirement\(n == 1 ? "" : "s")"
        }
        switch status {
        case .compliant:
            if warned == 0 { return da ? "Alle væsentlige krav er opfyldt." : "Every essential requirement is met." }
            return da
                ? "Alle væsentlige krav er opfyldt; \(warned) \(warned == 1 ? "punkt" : "punkter") bør forbedres."
                : "Every essential requirement is met; \(warned) point\(warned == 1 ? "" : "s") should be improved."
        case .nonCompliant:
            return da ? "\(requirements(failedEssential)) er ikke opfyldt." : "\(requirements(failedEssential)) \(failedEssential == 1 ? "is" : "are") not met."
        case .incomplete:
            return da ? "\(requirements(incompleteEssential)) kan ikke vurderes, fordi data mangler." : "\(requirements(incompleteEssential)) cannot be evaluated for missing data."
        case .rejected:
            return da ? "Jobbet er afvist: se fejlene nedenfor." : "The job was rejected: see the problems below."
        }
    }

    static func status(_ status: RuleStatus, _ language: Language) -> String {
        switch (status, language) {
        case (.pass, .da): "opfyldt"
        case (.pass, .en): "pass"
        case (.fail, .da): "ikke opfyldt"
        case (.fail, .en): "fail"
        case (.warn, .da): "bør forbedres"
        case (.warn, .en): "warn"
        case (.notApplicable, .da): "ikke relevant"
        case (.notApplicable, .en): "n/a"
        case (.incomplete, .da): "mangler data"
        case (.incomplete, .en): "incomplete"
        }
    }

    static func severity(_ severity: RuleSeverity, _ language: Language) -> String {
        switch (severity, language) {
        case (.essential, .da): "væsentlig"
        case (.essential, .en): "essential"
        case (.recommended, .da): "anbefalet"
        case (.recommended, .en): "recommended"
        }
    }

    /// The source of the rulesets this repository ships, in the report's language: the ruleset's
    /// `source` is one string, in part English (the C40 framework's title), and the Danish edition
    /// has no English in it, footer included.
    static func rulesetSource(_ id: String, _ language: Language) -> String? {
        guard id == "dk2020" || id == "dk2020-strict" else { return nil }
        return language == .da
            ? "DK2020-klimaplanlægning efter C40's rammeværk for klimahandlingsplaner (CAPF), dansk udgave, Realdania og CONCITO 2020; pejlemærkernes kilder står i regelsættet"
            : "DK2020 climate planning after C40's Climate Action Planning Framework (CAPF), Danish edition, Realdania and CONCITO 2020; the benchmarks' sources are in the ruleset"
    }

    /// `2026-03-14` as "14. marts 2026" / "14 March 2026"; any other text as it is.
    static func longDate(_ iso: String, _ language: Language) -> String {
        let parts = iso.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return iso }
        let da = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"]
        let en = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return language == .da ? "\(parts[2]). \(da[parts[1] - 1]) \(parts[0])" : "\(parts[2]) \(en[parts[1] - 1]) \(parts[0])"
    }

    /// The five GPC sectors (GPC ch. 2, Table 2.1) in the report's language.
    static func sector(_ sector: GPCSector, _ language: Language) -> String {
        switch (sector, language) {
        case (.stationaryEnergy, .da): "Stationær energi"
        case (.stationaryEnergy, .en): "Stationary energy"
        case (.transport, .da): "Transport"
        case (.transport, .en): "Transport"
        case (.waste, .da): "Affald og spildevand"
        case (.waste, .en): "Waste"
        case (.ippu, .da): "Industrielle processer (IPPU)"
        case (.ippu, .en): "Industrial processes (IPPU)"
        case (.afolu, .da): "Landbrug, skov og arealer"
        case (.afolu, .en): "Agriculture, forestry, land use"
        }
    }

    /// `plan.actions[].status` (a contract word or a Danish synonym, CONTRACT.md v1.1) in the
    /// report's language; other words as the plan wrote them.
    static func actionStatus(_ word: String, _ language: Language) -> String {
        let key = word.lowercased().split(separator: " ").joined(separator: " ")
        let canonical: String =
            switch key {
            case "planlagt": "planned"
            case "vedtaget": "adopted"
            case "igang", "i gang": "in_progress"
            case "gennemført": "completed"
            case "sat i bero": "paused"
            case "opgivet", "aflyst": "cancelled"
            default: key
            }
        switch (canonical, language) {
        case ("planned", .da): return "planlagt"
        case ("adopted", .da): return "vedtaget"
        case ("in_progress", .da): return "i gang"
        case ("completed", .da): return "gennemført"
        case ("paused", .da): return "sat i bero"
        case ("cancelled", .da): return "opgivet"
        case ("in_progress", .en): return "in progress"
        case ("planned", .en), ("adopted", .en), ("completed", .en), ("paused", .en), ("cancelled", .en): return canonical
        default: return word
        }
    }

    /// Why an action is left out of the pathway (`excludedActions[].reason`).
    static func exclusion(_ reason: String, _ language: Language) -> String {
        switch (reason, language) {
        case ("cancelled", .da): "opgivet"
        case ("paused", .da): "sat i bero"
        case ("compensation", .da): "kompensation"
        case ("cancelled", .en): "cancelled"
        case ("paused", .en): "paused"
        default: reason
        }
    }

    /// `plan.manko.handling` words in the report's language.
    static func handling(_ word: String, _ language: Language) -> String {
        switch (word, language) {
        case ("national_measures", .da): "nationale tiltag"
        case ("future_technology", .da): "ny teknologi"
        case ("revision", .da): "revision af planen"
        case ("regional_cooperation", .da): "regionalt samarbejde"
        case ("compensation", .da): "kompensation"
        case ("other", .da): "andet"
        default: String(word.map { $0 == "_" ? " " : $0 })
        }
    }
}
