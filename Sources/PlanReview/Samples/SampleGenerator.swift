import Foundation
import PlanReviewContract
import PlanReviewJSON

/// Deterministic, seeded generator of realistic, valid plans: the property tests use it, and so
/// will `planreview samples generate` and the load benchmarks (~30 actions for each of the 98
/// municipalities). The same seed gives the same jobs on every platform (SplitMix64, no
/// system randomness, no floating-point formatting of unrounded values).
///
/// Generated plans are valid by construction: targets get stricter over time, years are in
/// order, ids are unique. Figures are illustrative, not real data.
public struct SampleGenerator: Sendable {
    private var rng: SplitMix64
    /// A second stream for the variety added for the compliance rules (transport scope 2, full
    /// risk assessments), so that the figures drawn from `rng` stay what they were.
    private var variety: SplitMix64
    private let seed: UInt64
    private var counter: UInt64 = 0

    public init(seed: UInt64) {
        self.seed = seed
        self.rng = SplitMix64(seed: seed)
        self.variety = SplitMix64(seed: seed ^ 0xC0FF_EE00_D15E_A5E5)
    }

    /// A job for `municipality` with `actions` mitigation actions.
    public mutating func job(for municipality: MunicipalityRef, actions actionCount: Int = 30) -> Job {
        counter += 1
        let baseYear = int(2018...2023)
        let total = Double(int(80...1_600)) * 1_000

        // Inventory: GPC sectors with typical Danish municipal shares.
        let shares: [(GPCSector, String, Int, Double)] = [
            (.stationaryEnergy, "residential", 1, uniform(0.06, 0.12)),
            (.stationaryEnergy, "residential", 2, uniform(0.03, 0.06)),
            (.stationaryEnergy, "commercial", 2, uniform(0.02, 0.05)),
            (.stationaryEnergy, "manufacturing", 1, uniform(0.03, 0.10)),
            (.transport, "on_road", 1, uniform(0.20, 0.35)),
            (.transport, "off_road", 1, uniform(0.01, 0.04)),
            (.waste, "solid_waste", 3, uniform(0.01, 0.03)),
            (.waste, "wastewater", 1, uniform(0.002, 0.01)),
            (.ippu, "product_use", 1, uniform(0.005, 0.02)),
            (.afolu, "livestock", 1, uniform(0.10, 0.30)),
            (.afolu, "land", 1, uniform(0.05, 0.20)),
        ]
        let shareSum = shares.reduce(0) { $0 + $1.3 }
        var entries = shares.map { InventoryEntry(sector: $0.0, subsector: $0.1, scope: $0.2, tco2e: (total * $0.3 / shareSum / 10).rounded() * 10) }
        if chance(0.3) { entries.append(InventoryEntry(sector: .transport, subsector: "aviation", scope: 3, notation: .ne)) }
        // GPC BASIC needs transport scope 2 (electric rail and cars); most plans report it.
        if varietyChance(0.85) {
            entries.append(InventoryEntry(sector: .transport, subsector: "railways", scope: 2, tco2e: (total * varietyUniform(0.002, 0.008) / 10).rounded() * 10))
        }
        let baseline = entries.reduce(0) { $0 + ($1.tco2e ?? 0) }
        var bySector: [GPCSector: Double] = [:]
        for e in entries { bySector[e.sector, default: 0] += e.tco2e ?? 0 }

        let e1990 = (baseline * uniform(1.3, 2.0) / 1_000).rounded() * 1_000
        var history = [EmissionsPoint(year: 1990, tco2e: e1990)]
        if chance(0.5) { history.append(EmissionsPoint(year: 2019, tco2e: (baseline * uniform(1.0, 1.15) / 100).rounded() * 100)) }

        // Targets: stricter over time, net zero last.
        var targets: [Target] = []
        let netZeroYear = chance(0.7) ? 2050 : 2045
        if chance(0.75) {
            targets.append(Target(year: 2030, reductionPercent: 70, baseYear: 1990))
            if chance(0.6) { targets.append(Target(year: 2040, reductionPercent: Double(int(85...95)), baseYear: 1990)) }
        } else {
            let p2030 = Double(int(40...65))
            targets.append(Target(year: 2030, reductionPercent: p2030))
            if chance(0.6) { targets.append(Target(year: 2040, reductionPercent: p2030 + Double(int(15...30)))) }
        }
        targets.append(Target(year: netZeroYear, netZero: true))

        var bau: [EmissionsPoint]?
        if chance(0.7) {
            let b2030 = (baseline * uniform(0.80, 0.97) / 100).rounded() * 100
            bau = [EmissionsPoint(year: 2030, tco2e: b2030), EmissionsPoint(year: 2050, tco2e: (b2030 * uniform(0.6, 0.95) / 100).rounded() * 100)]
        }
        var budget: CarbonBudget?
        if chance(0.6) {
            budget = CarbonBudget(
                budgetTco2e: (baseline * uniform(5, 12) / 1_000).rounded() * 1_000, fromYear: baseYear, toYear: 2100,
                startEmissionsTco2e: chance(0.3) ? (baseline * uniform(0.9, 1.0) / 100).rounded() * 100 : nil)
        }

        var actions: [MitigationAction] = []
        actions.reserveCapacity(actionCount)
        // How far the plan's actions go: some plans cover their 2030 target, many leave a manko.
        let ambition = varietyUniform(0.9, 2.4)
        let sectors = GPCSector.allCases
        let weights = sectors.map { max(bySector[$0] ?? 0, baseline * 0.01) }
        for i in 0..<actionCount {
            let sector = pick(sectors, weights: weights)
            let titles = Self.titles[sector]!
            let quantified = chance(0.95)
            let start = int(baseYear + 1...2030)
            let full = min(start + int(0...8), 2050)
            let id = "\(Self.prefix[sector]!)\(i + 1)"
            actions.append(MitigationAction(
                id: id,
                title: titles[int(0...titles.count - 1)],
                sector: sector,
                reductionTco2e: quantified ? (baseline * uniform(0.002, 0.03) * ambition / 10).rounded() * 10 : nil,
                startYear: quantified ? start : nil,
                fullEffectYear: quantified ? full : nil,
                owner: Self.owners[int(0...Self.owners.count - 1)],
                costDkk: Double(int(1...400)) * 250_000,
                funding: Self.funding[int(0...Self.funding.count - 1)],
                staffFte: Double(int(1...8)) / 2,
                status: ["planned", "in_progress", "completed"][int(0...2)],
                municipalPower: [MunicipalPower.direct, .influence, .none][int(0...2)],
                barriers: [Self.barriers[int(0...Self.barriers.count - 1)]],
                coBenefits: Array(Set([Self.coBenefits[int(0...Self.coBenefits.count - 1)], Self.coBenefits[int(0...Self.coBenefits.count - 1)]])).sorted()))
        }

        var hazards = ClimateHazard.allCases.filter { _ in chance(0.7) }
        // Most plans assess all six Danish hazards (DK2020), some only a few.
        if varietyChance(0.75) {
            let danish: [ClimateHazard] = [.cloudburst, .stormSurge, .seaLevelRise, .groundwater, .heat, .drought]
            hazards = ClimateHazard.allCases.filter { danish.contains($0) || hazards.contains($0) }
        }
        let levels = ["low", "medium", "high"]
        let adaptation = Adaptation(
            riskAssessment: RiskAssessment(
                scenario: ["RCP4.5", "RCP8.5", "SSP2-4.5"][int(0...2)], horizonYear: 2100,
                hazards: hazards.map { HazardAssessment(hazard: $0, likelihood: levels[int(0...2)], consequence: levels[int(0...2)]) }),
            goals: hazards.prefix(2).map { AdaptationGoal(hazard: $0, text: "Sikring mod \($0.rawValue) (100-års hændelse)", year: int(2030...2050)) },
            actions: hazards.prefix(3).enumerated().map { k, h in
                AdaptationAction(id: "K\(k + 1)", title: "Klimatilpasning: \(h.rawValue)", hazards: [h], startYear: int(2025...2032), costDkk: Double(int(4...400)) * 500_000, owner: "Teknik og Miljø")
            })

        let plan = Plan(
            title: "Klimahandlingsplan \(baseYear + 2)-2050 for \(municipality.name) (genereret eksempel, ikke rigtige data)",
            adoptedByCouncil: chance(0.8) ? String(format: "%04d-%02d-%02d", baseYear + 2, int(1...12), int(1...28)) : nil,
            commitmentLetterSigned: chance(0.9),
            inventory: Inventory(standard: "GPC", level: chance(0.6) ? .basicPlus : .basic, baseYear: baseYear, entries: entries, history: history),
            targets: targets,
            businessAsUsual: bau,
            carbonBudget: budget,
            actions: actions,
            adaptation: adaptation,
            governance: Governance(responsibleCommittee: "Klima- og Miljøudvalget", staffFte: Double(int(2...20)), partners: ["forsyningsselskabet", "landboforeningen"]),
            engagement: Engagement(stakeholderGroups: ["borgere", "erhverv", "landbrug"], methods: ["borgermøder", "klimapanel"], equityConsidered: chance(0.7)),
            monitoring: Monitoring(reportingCadence: chance(0.8) ? "annual" : "biennial", indicators: ["tCO2e total", "andel elbiler"], revisionYear: int(2027...2030)))

        return Job(
            jobId: uuid(), municipality: JobMunicipality(code: municipality.code, name: municipality.name, population: int(1_800...660_000)),
            ruleset: chance(0.8) ? "dk2020" : nil, language: chance(0.8) ? .da : .en, plan: plan)
    }

    /// The job as JSON (sorted keys, as `JSONEncoder` writes it).
    public static func jsonBytes(_ job: Job) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? [UInt8](encoder.encode(job))) ?? []
    }

    // MARK: - Randomness

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(rng.next() % UInt64(range.count))
    }

    private mutating func uniform(_ a: Double, _ b: Double) -> Double {
        a + (b - a) * Double(rng.next() >> 11) / Double(1 << 53)
    }

    private mutating func chance(_ p: Double) -> Bool { uniform(0, 1) < p }

    private mutating func varietyUniform(_ a: Double, _ b: Double) -> Double {
        a + (b - a) * Double(variety.next() >> 11) / Double(1 << 53)
    }

    private mutating func varietyChance(_ p: Double) -> Bool { varietyUniform(0, 1) < p }

    private mutating func pick<T>(_ items: [T], weights: [Double]) -> T {
        var x = uniform(0, weights.reduce(0, +))
        for (item, w) in zip(items, weights) {
            if x < w { return item }
            x -= w
        }
        return items[items.count - 1]
    }

    private mutating func uuid() -> String {
        let a = rng.next()
        let b = rng.next()
        let hex = String(a, radix: 16).leftPadded(16) + String(b, radix: 16).leftPadded(16)
        let c = Array(hex)
        return "\(String(c[0..<8]))-\(String(c[8..<12]))-4\(String(c[13..<16]))-a\(String(c[17..<20]))-\(String(c[20..<32]))"
    }

    // MARK: - Vocabulary

    static let prefix: [GPCSector: String] = [.stationaryEnergy: "E", .transport: "T", .waste: "W", .ippu: "I", .afolu: "L"]
    static let titles: [GPCSector: [String]] = [
        .stationaryEnergy: ["Udfasning af oliefyr", "Fjernvarme til landsbyer", "Energirenovering af kommunale bygninger", "Solceller på tage", "Varmepumper i erhverv"],
        .transport: ["Elbusser i al kommunal busdrift", "Ladestandere i hele kommunen", "Cykelstier mellem byerne", "Grøn kommunal bilflåde", "Samkørselsordning"],
        .waste: ["Sortering af madaffald", "Biogas fra spildevand", "Genbrugsstationer med direkte genbrug"],
        .ippu: ["Udfasning af F-gasser i køleanlæg", "Klimavenlige byggematerialer"],
        .afolu: ["Udtagning af lavbundsjorde", "Skovrejsning", "Fodertilsætning mod metan", "Biogas fra husdyrgødning"],
    ]
    static let owners = ["Teknik og Miljø", "Klima og Landbrug", "Ejendomme", "Plan og Byg", "Erhverv og Beskæftigelse"]
    static let funding = ["anlægsbudget", "statslig pulje", "EU-midler", "forsyningsselskab", "driftsbudget"]
    static let barriers = ["lodsejeraftaler", "ladeinfrastruktur", "finansiering", "lovgivning", "kompetencer"]
    static let coBenefits = ["luftkvalitet", "støj", "biodiversitet", "vandmiljø", "sundhed", "lokale arbejdspladser"]
}

extension String {
    fileprivate func leftPadded(_ n: Int) -> String {
        count >= n ? self : String(repeating: "0", count: n - count) + self
    }
}
