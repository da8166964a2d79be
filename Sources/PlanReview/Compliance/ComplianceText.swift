import PlanReviewContract
import PlanReviewJSON

/// Domain words the rule messages put into their placeholders, in both result languages: hazard
/// and sector names, scopes, target horizons, list joining. The rule texts themselves are in the
/// ruleset; these are the vocabulary they are filled with.
public enum ComplianceText {
    /// Hazard names as in the Danish climate adaptation guidance (Klimatilpasning.dk, DMI's
    /// Klimaatlas).
    public static func hazard(_ hazard: ClimateHazard, _ language: Language) -> String {
        switch (hazard, language) {
        case (.cloudburst, .da): "skybrud"
        case (.cloudburst, .en): "cloudburst"
        case (.stormSurge, .da): "stormflod"
        case (.stormSurge, .en): "storm surge"
        case (.seaLevelRise, .da): "havvandsstigning"
        case (.seaLevelRise, .en): "sea-level rise"
        case (.groundwater, .da): "stigende grundvand"
        case (.groundwater, .en): "rising groundwater"
        case (.heat, .da): "hedebølger"
        case (.heat, .en): "heatwaves"
        case (.drought, .da): "tørke"
        case (.drought, .en): "drought"
        case (.riverFlooding, .da): "oversvømmelse fra vandløb"
        case (.riverFlooding, .en): "river flooding"
        case (.coastalErosion, .da): "kysterosion"
        case (.coastalErosion, .en): "coastal erosion"
        }
    }

    /// GPC sector names (GPC Table 2.1; Danish as in Energistyrelsen's Energi- og CO2-regnskab).
    public static func sector(_ sector: GPCSector, _ language: Language) -> String {
        switch (sector, language) {
        case (.stationaryEnergy, .da): "stationær energi"
        case (.stationaryEnergy, .en): "stationary energy"
        case (.transport, .da): "transport"
        case (.transport, .en): "transport"
        case (.waste, .da): "affald"
        case (.waste, .en): "waste"
        case (.ippu, .da): "industrielle processer (IPPU)"
        case (.ippu, .en): "industrial processes (IPPU)"
        case (.afolu, .da): "landbrug og arealanvendelse (AFOLU)"
        case (.afolu, .en): "agriculture and land use (AFOLU)"
        }
    }

    /// "transport, scope 2".
    static func source(_ sector: GPCSector, scope: Int, _ language: Language) -> String {
        "\(Self.sector(sector, language)), scope \(scope)"
    }

    /// The three target horizons of CAPF item 1.3 with their year ranges.
    static func horizon(_ horizon: TargetHorizon, shortLatest: Int, longEarliest: Int, _ language: Language) -> String {
        switch (horizon, language) {
        case (.short, .da): "kort sigt (til og med \(shortLatest))"
        case (.short, .en): "short term (up to \(shortLatest))"
        case (.medium, .da): "mellemlang sigt (\(shortLatest + 1)–\(longEarliest - 1))"
        case (.medium, .en): "medium term (\(shortLatest + 1)–\(longEarliest - 1))"
        case (.long, .da): "lang sigt (fra \(longEarliest))"
        case (.long, .en): "long term (from \(longEarliest))"
        }
    }

    enum TargetHorizon: CaseIterable { case short, medium, long }

    /// "a, b og c" / "a, b and c".
    static func list(_ items: [String], into out: inout String, _ language: Language) {
        for (i, item) in items.enumerated() {
            if i > 0 { out += i == items.count - 1 ? (language == .da ? " og " : " and ") : ", " }
            out += item
        }
    }

    static func list(_ items: [String], _ language: Language) -> String {
        var s = ""
        list(items, into: &s, language)
        return s
    }

    /// Words used inside list items built by the checks.
    static func word(_ word: Word, _ language: Language) -> String {
        switch (word, language) {
        case (.notEstimated, .da): "ikke opgjort (NE)"
        case (.notEstimated, .en): "not estimated (NE)"
        case (.zeroWithoutKey, .da): "0 t uden notationsnøgle (brug NO eller NE)"
        case (.zeroWithoutKey, .en): "0 t without a notation key (use NO or NE)"
        case (.noScenario, .da): "intet klimascenarie angivet"
        case (.noScenario, .en): "no climate scenario stated"
        case (.noHorizon, .da): "ingen tidshorisont angivet"
        case (.noHorizon, .en): "no time horizon stated"
        case (.unrated, .da): "farer uden sandsynlighed eller konsekvens"
        case (.unrated, .en): "hazards without likelihood or consequence"
        case (.notEvaluable, .da): "kan ikke vurderes"
        case (.notEvaluable, .en): "cannot be evaluated"
        case (.notMet, .da): "ikke opfyldt"
        case (.notMet, .en): "not met"
        case (.met, .da): "opfyldt"
        case (.met, .en): "met"
        case (.gap, .da): "manko"
        case (.gap, .en): "gap"
        case (.otherSectors, .da): "sektorerne uden for landbruget"
        case (.otherSectors, .en): "the sectors other than agriculture"
        }
    }

    enum Word { case notEstimated, zeroWithoutKey, noScenario, noHorizon, unrated, notEvaluable, notMet, met, gap, otherSectors }

    /// GPC AFOLU subsector names (GPC ch. 8) in the job's language; others as written.
    static func subsector(_ name: String, _ language: Language) -> String {
        switch (name, language) {
        case ("livestock", .da): "husdyr (livestock)"
        case ("land", .da): "arealanvendelse (land)"
        case ("aggregate_sources", .da): "øvrige kilder på land (aggregate_sources)"
        default: name
        }
    }

    /// `plan.manko.handling` words (`MankoHandling`) in the job's language; others as written.
    static func handling(_ word: String, _ language: Language) -> String {
        guard language == .da, let h = MankoHandling.parse(word) else { return String(word.map { $0 == "_" ? " " : $0 }) }
        switch h {
        case .nationalMeasures: return "nationale tiltag"
        case .futureTechnology: return "ny teknologi"
        case .revision: return "revision af planen"
        case .regionalCooperation: return "regionalt samarbejde"
        case .compensation: return "kompensation"
        case .other: return "andet"
        }
    }

    static func month(_ month: Int, _ language: Language) -> String {
        guard (1...12).contains(month) else { return String(month) }
        return language == .da ? months.da[month - 1] : months.en[month - 1]
    }

    /// Built once (a local array literal is built again at every call).
    private static let months = (
        da: ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"],
        en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    )

    /// An ISO date (YYYY-MM-DD, as validation guarantees) as year, month and day.
    static func dateParts(_ iso: String) -> (year: Int, month: Int, day: Int)? {
        var parts = (0, 0, 0)
        var field = 0
        var digits = 0
        for byte in iso.utf8 {
            if byte == UInt8(ascii: "-") {
                guard digits > 0, field < 2 else { return nil }
                field += 1
                digits = 0
            } else if byte >= 48, byte <= 57 {
                let d = Int(byte - 48)
                switch field {
                case 0: parts.0 = parts.0 * 10 + d
                case 1: parts.1 = parts.1 * 10 + d
                default: parts.2 = parts.2 * 10 + d
                }
                digits += 1
            } else {
                return nil
            }
        }
        guard field == 2, digits > 0, (1...12).contains(parts.1) else { return nil }
        return parts
    }
}
