/// The field names of the contract's object types, one enum per type (case names are the JSON
/// keys, so each name is written exactly once). `JobMapper` reads members through them.
enum ContractField {
    enum Job: Int, ContractFields {
        case schema, jobId, municipality, ruleset, language, plan, referenceDate, detail
        static let fieldSet = makeFieldSet()
    }

    enum Municipality: Int, ContractFields {
        case code, name, population
        static let fieldSet = makeFieldSet()
    }

    enum Plan: Int, ContractFields {
        case title, adoptedByCouncil, commitmentLetterSigned, inventory, targets, businessAsUsual, carbonBudget, actions, adaptation, governance, engagement, monitoring, manko
        static let fieldSet = makeFieldSet()
    }

    enum Inventory: Int, ContractFields {
        case standard, level, baseYear, entries, history, source
        static let fieldSet = makeFieldSet()
    }

    enum Entry: Int, ContractFields {
        case sector, subsector, scope, tco2e, notation, gpcRef
        static let fieldSet = makeFieldSet()
    }

    enum Point: Int, ContractFields {
        case year, tco2e, sector
        static let fieldSet = makeFieldSet()
    }

    enum Target: Int, ContractFields {
        case year, reductionPercent, baseYear, netZero, tco2e, sectors
        static let fieldSet = makeFieldSet()
    }

    enum Budget: Int, ContractFields {
        case budgetTco2e, fromYear, toYear, startEmissionsTco2e, scope, source
        static let fieldSet = makeFieldSet()
    }

    enum Action: Int, ContractFields {
        case id, title, sector, reductionTco2e, startYear, fullEffectYear, owner, costDkk, funding, staffFte, status, municipalPower, barriers, coBenefits, kind
        static let fieldSet = makeFieldSet()
    }

    enum Adaptation: Int, ContractFields {
        case riskAssessment, goals, actions
        static let fieldSet = makeFieldSet()
    }

    enum Risk: Int, ContractFields {
        case scenario, horizonYear, hazards
        static let fieldSet = makeFieldSet()
    }

    enum Hazard: Int, ContractFields {
        case hazard, likelihood, consequence
        static let fieldSet = makeFieldSet()
    }

    enum Goal: Int, ContractFields {
        case hazard, text, year
        static let fieldSet = makeFieldSet()
    }

    enum AdaptationAction: Int, ContractFields {
        case id, title, hazards, startYear, costDkk, owner
        static let fieldSet = makeFieldSet()
    }

    enum Governance: Int, ContractFields {
        case responsibleCommittee, staffFte, partners
        static let fieldSet = makeFieldSet()
    }

    enum Engagement: Int, ContractFields {
        case stakeholderGroups, methods, equityConsidered
        static let fieldSet = makeFieldSet()
    }

    enum Monitoring: Int, ContractFields {
        case reportingCadence, indicators, revisionYear
        static let fieldSet = makeFieldSet()
    }

    enum Source: Int, ContractFields {
        case name, vintage, method
        static let fieldSet = makeFieldSet()
    }

    enum Manko: Int, ContractFields {
        case year, tco2e, handling, text
        static let fieldSet = makeFieldSet()
    }
}
