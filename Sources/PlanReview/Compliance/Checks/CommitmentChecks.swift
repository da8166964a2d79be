import PlanReviewContract
import PlanReviewJSON

/// CAPF 1.1 "Vision, forpligtelse og tilslutning" and 1.2 "Koordinering": political adoption, the DK2020 commitment letter, partners.
/// Each check's spec (parameters, outcomes) is beside its code; meanings and sources: docs/RULES.md.
extension CheckSpec {
    static let commitmentChecks: [CheckSpec] = [
        CheckSpec(kind: .councilAdoption, parameters: [], outcomes: [yields(.pass, .pass, [.date]), yields(.missing, .fail)]),
        CheckSpec(kind: .commitmentLetter, parameters: [], outcomes: [yields(.pass, .pass), yields(.fail, .fail), yields(.missing, .fail)]),
        CheckSpec(
            kind: .partners, parameters: [param("minCount", .count, .number(2))],
            outcomes: [yields(.pass, .pass, [.count, .items]), yields(.few, .fail, [.count, .items, .minimum]), yields(.missing, .fail, [.minimum])]),
    ]
}

extension RuleContext {
    /// 1.1: the council adopted the plan (DK2020: political adoption is the entry ticket).
    func councilAdoption() -> CheckOutcome {
        let pointer = Evidence.adoptedByCouncil
        guard let date = plan.adoptedByCouncil else { return CheckOutcome(.missing, pointer) }
        let value = ComplianceText.dateParts(date).map { MessageValue.date(year: $0.year, month: $0.month, day: $0.day) } ?? .text(date)
        return CheckOutcome(.pass, [.date: value], pointer)
    }

    /// 1.1: the DK2020 commitment letter (hensigtserklæring) is signed.
    func commitmentLetter() -> CheckOutcome {
        let pointer = Evidence.commitmentLetterSigned
        switch plan.commitmentLetterSigned {
        case true?: return CheckOutcome(.pass, pointer)
        case false?: return CheckOutcome(.fail, pointer)
        case nil: return CheckOutcome(.missing, pointer)
        }
    }

    /// 1.2: partners named (utility, region, neighbours, business, agriculture).
    func partners(minCount: Int) -> CheckOutcome {
        let pointer = Evidence.governancePartners
        let partners = plan.governance?.partners ?? []
        if partners.isEmpty { return CheckOutcome(.missing, [.minimum: .count(minCount)], pointer) }
        if partners.count < minCount {
            return CheckOutcome(.few, [.count: .count(partners.count), .items: .texts(partners), .minimum: .count(minCount)], pointer)
        }
        return CheckOutcome(.pass, [.count: .count(partners.count), .items: .texts(partners)], pointer)
    }
}
