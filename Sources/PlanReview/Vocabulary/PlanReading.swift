import PlanReviewContract
import PlanReviewJSON

/// A job read against the vocabularies of contract v1.1: subsector names and GPC reference
/// numbers resolved to codes, Danish synonyms of enumerated words mapped to the contract's, and
/// every unknown word noted (`notes`) and remembered (`unknown`) so the rule that needs it is
/// `incomplete` rather than a silent pass or fail. A `gpcRef` whose sector contradicts `sector`
/// is a validation error (`issues`).
struct PlanReading {
    /// The job with words replaced by the contract's codes (unknown words kept as written).
    var job: Job
    var notes: [ResultNote] = []
    var issues: [ValidationIssue] = []
    var unknown = UnknownWords()

    /// Which fields held words outside the vocabulary.
    struct UnknownWords: Equatable {
        var afoluSubsector = false
        var actionStatus = false
        var actionKind = false
        var hazardLevel = false
        var mankoHandling = false
        var budgetScope = false
    }

    /// Words are read from the argument and written into `self.job` in place, only where one
    /// changes: a working copy of the plan (and of its inventory) cost a copy and a release of
    /// every field per review.
    init(_ job: Job, gpc: GPCVocabulary, language: Language) {
        self.job = job
        if let entries = job.plan.inventory?.entries {
            // Pointers are built only for a note or an issue.
            for i in entries.indices {
                func pointer(_ field: String) -> String { "/plan/inventory/entries/\(i)/" + field }
                let sector = entries[i].sector
                let subsector = entries[i].subsector
                var code = subsector
                if let ref = entries[i].gpcRef {
                    if let (found, _) = gpc.subsector(gpcRef: ref) {
                        if found.sector != sector {
                            issues.append(ValidationIssue(pointer: pointer("gpcRef"), reason: "GPC reference \(ref) is in sector \(found.sector.rawValue), not \(sector.rawValue)", code: .invalidValue))
                        }
                        code = found.code
                    } else if !gpc.isEmpty {
                        note(pointer("gpcRef"), .unknownGPCRef(ref), language)
                    }
                } else if let word = subsector {
                    if let found = gpc.subsector(named: word), found.sector == sector {
                        if found.code != word { note(pointer("subsector"), .mappedSubsector(word, found.code), language) }
                        code = found.code
                    } else if !gpc.isEmpty {
                        note(pointer("subsector"), .unknownSubsector(word), language)
                        if sector == .afolu { unknown.afoluSubsector = true }
                    }
                }
                if code != subsector { self.job.plan.inventory!.entries[i].subsector = code }
            }
        }
        if let actions = job.plan.actions {
            for i in actions.indices {
                if let word = actions[i].status {
                    if let status = ActionStatus.parse(word) {
                        if status.rawValue != word { self.job.plan.actions![i].status = status.rawValue }
                    } else {
                        note("/plan/actions/\(i)/status", .unknownWord(word, field: "status"), language)
                        unknown.actionStatus = true
                    }
                }
                if let word = actions[i].kind {
                    if let kind = ActionKind.parse(word) {
                        if kind.rawValue != word { self.job.plan.actions![i].kind = kind.rawValue }
                    } else {
                        note("/plan/actions/\(i)/kind", .unknownWord(word, field: "kind"), language)
                        unknown.actionKind = true
                    }
                }
            }
        }
        if var hazards = job.plan.adaptation?.riskAssessment?.hazards {
            var changed = false
            for i in hazards.indices {
                if let level = hazardLevel(hazards[i].likelihood, i, "likelihood", language), level != hazards[i].likelihood {
                    hazards[i].likelihood = level
                    changed = true
                }
                if let level = hazardLevel(hazards[i].consequence, i, "consequence", language), level != hazards[i].consequence {
                    hazards[i].consequence = level
                    changed = true
                }
            }
            if changed { self.job.plan.adaptation?.riskAssessment?.hazards = hazards }
        }
        if var handling = job.plan.manko?.handling {
            var changed = false
            for i in handling.indices {
                if let value = MankoHandling.parse(handling[i]) {
                    if value.rawValue != handling[i] {
                        handling[i] = value.rawValue
                        changed = true
                    }
                } else {
                    note("/plan/manko/handling/\(i)", .unknownWord(handling[i], field: "handling"), language)
                    unknown.mankoHandling = true
                }
            }
            if changed { self.job.plan.manko?.handling = handling }
        }
        if let word = job.plan.carbonBudget?.scope {
            if let scope = BudgetScope.parse(word) {
                self.job.plan.carbonBudget?.scope = scope.rawValue
            } else {
                note("/plan/carbonBudget/scope", .unknownWord(word, field: "scope"), language)
                unknown.budgetScope = true
            }
        }
        if let word = job.detail, ResultDetail(rawValue: word) == nil { note("/detail", .unknownDetail(word), language) }
    }

    /// The contract's word for a hazard's likelihood or consequence; nil for none or an empty
    /// word, the word itself (noted) when unknown.
    private mutating func hazardLevel(_ word: String?, _ i: Int, _ field: String, _ language: Language) -> String? {
        guard let word, !word.isEmpty else { return nil }
        if let level = HazardLevel.parse(word) { return level.rawValue }
        note("/plan/adaptation/riskAssessment/hazards/\(i)/\(field)", .unknownWord(word, field: field), language)
        unknown.hazardLevel = true
        return word
    }

    private mutating func note(_ pointer: String, _ text: VocabularyText, _ language: Language) {
        notes.append(ResultNote(pointer: pointer, code: text.code, message: text.text(language)))
    }
}

/// The texts of the vocabulary notes in both result languages.
enum VocabularyText {
    case unknownGPCRef(String)
    case unknownSubsector(String)
    case mappedSubsector(String, String)
    case unknownWord(String, field: String)
    case unknownDetail(String)

    var code: String {
        switch self {
        case .unknownGPCRef: "unknown_gpc_ref"
        case .unknownSubsector: "unknown_subsector"
        case .mappedSubsector: "mapped_subsector"
        case .unknownWord, .unknownDetail: "unknown_word"
        }
    }

    func text(_ language: Language) -> String {
        switch (self, language) {
        case let (.unknownGPCRef(ref), .da): "GPC-referencen '\(ref.prefix(40))' findes ikke i GPC-listen: sektoren gælder, delsektoren er ukendt."
        case let (.unknownGPCRef(ref), .en): "The GPC reference '\(ref.prefix(40))' is not in the GPC list: the sector applies, the subsector is unknown."
        case let (.unknownSubsector(word), .da): "Delsektoren '\(word.prefix(60))' er ikke en GPC-delsektor eller et kendt dansk navn for en: regler på sektorniveau bruger sektorens total."
        case let (.unknownSubsector(word), .en): "The subsector '\(word.prefix(60))' is not a GPC subsector or a known Danish name for one: sector-level rules use the sector total."
        case let (.mappedSubsector(word, code), .da): "Delsektoren '\(word.prefix(60))' er læst som GPC-delsektoren \(code)."
        case let (.mappedSubsector(word, code), .en): "The subsector '\(word.prefix(60))' is read as the GPC subsector \(code)."
        case let (.unknownWord(word, field), .da): "'\(word.prefix(60))' er ikke et kendt ord for \(field): den regel, der bruger det, kan ikke vurderes."
        case let (.unknownWord(word, field), .en): "'\(word.prefix(60))' is not a known word for \(field): the rule that needs it cannot be evaluated."
        case let (.unknownDetail(word), .da): "'\(word.prefix(60))' er ikke et kendt detaljeniveau (summary, standard eller full): resultatet har standardniveauet."
        case let (.unknownDetail(word), .en): "'\(word.prefix(60))' is not a known detail level (summary, standard or full): the result has the standard level."
        }
    }
}
