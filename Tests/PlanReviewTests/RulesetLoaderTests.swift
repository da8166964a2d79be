import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewReports
import PlanReviewResources
import Testing

/// A malformed ruleset: an edit of Config/rulesets/dk2020.yaml and what the error must name.
struct BrokenRuleset: Sendable, CustomTestStringConvertible {
    let name: String
    let replace: String
    let with: String
    /// Fragments the error's description must contain (the file name is always checked).
    let expect: [String]

    var testDescription: String { name }
}

/// The ruleset loader: compiled rules, strict keys, errors that name the file, the rule, the field
/// and the YAML line; rulesets that extend another; selecting a ruleset per job.
@Suite struct RulesetLoaderTests {
    static let yaml = try! String(contentsOfFile: Fixtures.configDirectory + "/rulesets/dk2020.yaml", encoding: .utf8)

    /// Loads a Config directory holding the municipalities and the given ruleset files.
    static func load(_ files: [String: String]) -> Result<ReviewConfiguration, any Error> {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("planreview-rulesets-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("rulesets"), withIntermediateDirectories: true)
            try Data(Fixtures.read("Config/municipalities.json")).write(to: dir.appendingPathComponent("municipalities.json"))
            for (name, text) in files { try text.write(to: dir.appendingPathComponent("rulesets/\(name)"), atomically: true, encoding: .utf8) }
            return .success(try ReviewConfiguration.load(configDirectory: dir.path))
        } catch {
            return .failure(error)
        }
    }

    static func error(_ files: [String: String]) -> String {
        switch load(files) {
        case .success: "loaded without an error"
        case .failure(let error): "\(error)"
        }
    }

    static let cases: [BrokenRuleset] = [
        BrokenRuleset(name: "unknown check", replace: "check: net_zero_target", with: "check: net_zero_targets",
                      expect: ["rules[3].check", "rule 'net_zero_2050'", "line ", "unknown check 'net_zero_targets'", "known: council_adoption"]),
        BrokenRuleset(name: "unknown parameter", replace: "params: { latestYear: 2050 }", with: "params: { latestYaer: 2050 }",
                      expect: ["rules[3].params.latestYaer", "rule 'net_zero_2050'", "line ", "unknown parameter", "known: latestYear"]),
        BrokenRuleset(name: "percentage out of range", replace: "minReductionPercent: 70,", with: "minReductionPercent: 170,",
                      expect: ["rules[4].params.minReductionPercent", "rule 'target_2030'", "line ", "between 0 and 100"]),
        BrokenRuleset(name: "parameter of the wrong type", replace: "params: { maxAgeYears: 5 }", with: "params: { maxAgeYears: five }",
                      expect: ["rules[15].params.maxAgeYears", "rule 'inventory_base_year'", "whole number", "'five'"]),
        BrokenRuleset(name: "year out of range", replace: "params: { year: 2030, closeByYear: 2035", with: "params: { year: 2030, closeByYear: 3035",
                      expect: ["rules[20].params.closeByYear", "rule 'manko_2030'", "between 1900 and 2100"]),
        BrokenRuleset(name: "unknown hazard", replace: "groundwater, heat, drought]", with: "groundwater, heatwave, drought]",
                      expect: ["rules[23].params.hazards", "rule 'risk_hazards'", "unknown hazard 'heatwave'"]),
        BrokenRuleset(name: "unknown GPC source", replace: "transport/1, transport/2", with: "transport/1, transport/4",
                      expect: ["rules[12].params.sources", "rule 'inventory_basic'", "'transport/4' is not sector/scope"]),
        BrokenRuleset(name: "unknown benchmark", replace: "benchmarks: [klimaloven, ipcc_ar6]", with: "benchmarks: [klimaloven, ipcc_ar7]",
                      expect: ["rules[21].params.benchmarks", "unknown benchmark 'ipcc_ar7'", "klimaloven, klimaloven_2025, ipcc_ar6, carbon_law"]),
        BrokenRuleset(name: "unknown outcome", replace: "      no_significant:", with: "      no_signifcant:",
                      expect: ["rules[6].messages.no_signifcant", "rule 'adaptation_goals'", "line ", "has no outcome 'no_signifcant'"]),
        BrokenRuleset(name: "missing outcome", replace: "      unresolved:\n        da: \"Målet for {year} er angivet", with: "      unresolve:\n        da: \"Målet for {year} er angivet",
                      expect: ["rules[4].messages", "rule 'target_2030'", "no outcome 'unresolve'"]),
        BrokenRuleset(name: "unknown placeholder", replace: "Klimaloven kræver {requiredPercent} %. Skærp", with: "Klimaloven kræver {requiredPct} %. Skærp",
                      expect: ["rules[4].messages.fail.da", "rule 'target_2030'", "unknown placeholder {requiredPct}", "{requiredPercent}"]),
        BrokenRuleset(name: "placeholder of another outcome", replace: "da: \"Planen har ingen vedtagelsesdato:", with: "da: \"Planen har ingen vedtagelsesdato {date}:",
                      expect: ["rules[0].messages.missing.da", "rule 'council_adoption'", "{date} is not available", "no placeholders"]),
        BrokenRuleset(name: "unclosed brace", replace: "Kommunalbestyrelsen vedtog planen den {date}.", with: "Kommunalbestyrelsen vedtog planen den {date.",
                      expect: ["rules[0].messages.pass.da", "unclosed '{'"]),
        BrokenRuleset(name: "missing English text", replace: "        en: \"The municipal council adopted the plan on {date}.\"\n", with: "",
                      expect: ["rules[0].messages.pass.en", "rule 'council_adoption'", "required field is missing"]),
        BrokenRuleset(name: "bad severity", replace: "    severity: essential\n    weight: 3\n    check: council_adoption", with: "    severity: essental\n    weight: 3\n    check: council_adoption",
                      expect: ["rules[0].severity", "rule 'council_adoption'", "line ", "'essental' is not essential or recommended"]),
        BrokenRuleset(name: "unknown CAPF item", replace: "    capf: \"1.1\"\n    severity: essential", with: "    capf: \"1.6\"\n    severity: essential",
                      expect: ["rules[0].capf", "unknown CAPF item '1.6'", "1.1, 1.2, 1.3, 1.4, 1.5, 2.1"]),
        BrokenRuleset(name: "pillar that contradicts the item", replace: "    capf: \"1.1\"\n    severity: essential", with: "    capf: \"1.1\"\n    pillar: \"2\"\n    severity: essential",
                      expect: ["rules[0].pillar", "does not match CAPF item 1.1"]),
        BrokenRuleset(name: "duplicate rule id", replace: "  - id: commitment_letter", with: "  - id: council_adoption",
                      expect: ["rules[1].id", "duplicate rule id 'council_adoption'"]),
        BrokenRuleset(name: "misspelt key", replace: "    weight: 1\n    check: commitment_letter", with: "    wieght: 1\n    check: commitment_letter",
                      expect: ["rules[1].wieght", "rule 'commitment_letter'", "unknown key 'wieght'"]),
        BrokenRuleset(name: "negative weight", replace: "    weight: 3\n    check: council_adoption", with: "    weight: -3\n    check: council_adoption",
                      expect: ["rules[0].weight", "must be a number above 0"]),
        BrokenRuleset(name: "no check", replace: "    check: equity\n", with: "",
                      expect: ["rules[28].check", "rule 'equity'", "required field is missing"]),
        BrokenRuleset(name: "YAML syntax", replace: "  - id: partners\n", with: "  - id: partners\n   capf: [\n",
                      expect: ["invalid YAML", "line"]),
    ]

    @Test(arguments: cases)
    func malformedRulesetsFailAtStartWithAClearError(_ c: BrokenRuleset) {
        #expect(Self.yaml.contains(c.replace), "the test's snippet is not in dk2020.yaml")
        let message = Self.error(["dk2020.yaml": Self.yaml.replacingOccurrences(of: c.replace, with: c.with)])
        #expect(message.contains("dk2020.yaml"), "\(message)")
        for fragment in c.expect { #expect(message.contains(fragment), "'\(fragment)' not in: \(message)") }
    }

    @Test func theErrorNamesTheRightLine() throws {
        let broken = Self.yaml.replacingOccurrences(of: "check: net_zero_target", with: "check: net_zero_targets")
        let line = try #require(broken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("check: net_zero_targets") }) + 1
        #expect(Self.error(["dk2020.yaml": broken]).contains("line \(line))"))
    }

    @Test func theRepositoryRulesetsLoad() throws {
        let rulesets = Fixtures.configuration.rulesets
        #expect(Set(rulesets.keys) == ["dk2020", "dk2020-strict"])
        let dk2020 = try #require(rulesets["dk2020"])
        #expect(dk2020.rules.count == 34)
        #expect(dk2020.rules.allSatisfy { $0.weight == ($0.severity == .essential ? 3 : 1) })
        #expect(dk2020.rules.allSatisfy { !$0.title.da.isEmpty && !$0.title.en.isEmpty && $0.pillar == $0.capf.pillar })
        // Typed parameters, defaults filled in.
        #expect(dk2020.rule("target_2030")?.check == .interimTarget(year: 2030, referenceYear: 1990, minReductionPercent: 70, sectorSplitWarns: false))
        #expect(dk2020.rule("manko_2030")?.check == .manko(year: 2030, closeByYear: 2035, tolerancePercent: 0, understatedTolerancePercent: 10))
        #expect(dk2020.rule("risk_hazards")?.check == .riskHazards(hazards: [.cloudburst, .stormSurge, .seaLevelRise, .groundwater, .heat, .drought]))
        #expect(dk2020.rule("inventory_basic")?.check == .gpcBasic(sources: [
            GPCSource(sector: .stationaryEnergy, scope: 1), GPCSource(sector: .stationaryEnergy, scope: 2), GPCSource(sector: .transport, scope: 1),
            GPCSource(sector: .transport, scope: 2), GPCSource(sector: .waste, scope: 1), GPCSource(sector: .waste, scope: 3),
        ]))
        // Every outcome of every check has both texts.
        for rule in dk2020.rules {
            for outcome in rule.check.kind.spec.outcomes {
                let template = try #require(rule.messages[outcome.outcome], "\(rule.id) \(outcome.outcome.rawValue)")
                #expect(!template.da.source.isEmpty && !template.en.source.isEmpty)
                #expect(rule.messages.status(outcome.outcome) == outcome.status)
            }
        }
    }

    @Test func theStrictRulesetExtendsDK2020() throws {
        let base = try #require(Fixtures.configuration.rulesets["dk2020"])
        let strict = try #require(Fixtures.configuration.rulesets["dk2020-strict"])
        #expect(strict.extends == "dk2020" && strict.version == "2025.1-strict")
        #expect(strict.rules.map(\.id) == base.rules.map(\.id))
        #expect(strict.benchmarks == base.benchmarks && strict.pathway == base.pathway)
        #expect(strict.rule("manko_2030")?.check == .manko(year: 2030, closeByYear: 2030, tolerancePercent: 0, understatedTolerancePercent: 10))
        #expect(strict.rule("manko_2030")?.title.da == "Tiltagene dækker 2030-målet")
        #expect(strict.rule("manko_2030")?.messages == base.rule("manko_2030")?.messages)
        #expect(strict.rule("equity")?.severity == .essential && strict.rule("equity")?.weight == 3)
        #expect(strict.rule("inventory_base_year")?.check == .baseYearAge(maxAgeYears: 3))
        let changed = Set(zip(base.rules, strict.rules).filter { $0 != $1 }.map(\.0.id))
        #expect(changed == ["manko_2030", "target_2030", "inventory_basic_plus", "equity", "inventory_base_year", "actions_quantified", "net_zero_pathway"])
    }

    @Test func aJobSelectsItsRuleset() throws {
        var vejle = ComplianceFixtures.sample("manko-closing-plan-vejle")
        // The manko closes by 2032 (a warning), but the planned pathway never reaches net zero and
        // the plan states no manko: not compliant under dk2020 either (issue 12, headline honesty):
        // incomplete under dk2020 (the review asks for the plan's account), a fail under dk2020-strict.
        let base = ComplianceFixtures.review(vejle)
        #expect(base.rules.first { $0.id == "manko_2030" }?.status == .warn)
        #expect(base.rules.first { $0.id == "net_zero_pathway" }?.status == .incomplete)
        #expect(base.status == .incomplete)
        vejle["ruleset"] = "dk2020-strict"
        let strict = ComplianceFixtures.review(vejle)
        #expect(strict.ruleset == RulesetRef(id: "dk2020-strict", version: "2025.1-strict"))
        #expect(strict.status == .nonCompliant)
        #expect(strict.rules.first { $0.id == "manko_2030" }?.status == .fail)
        vejle["ruleset"] = "dk2030"
        let unknown = ComplianceFixtures.review(vejle)
        #expect(unknown.status == .rejected)
        #expect(unknown.errors?.map(\.pointer) == ["/ruleset"])
        #expect(unknown.errors?.first?.reason.contains("kendte: dk2020, dk2020-strict") == true)
    }

    @Test func anErrorInAnExtendingFileNamesThatFileAndLine() throws {
        let strict = try String(contentsOfFile: Fixtures.configDirectory + "/rulesets/dk2020-strict.yaml", encoding: .utf8)
        let broken = strict.replacingOccurrences(of: "params: { maxAgeYears: 3 }", with: "params: { maxAgeYears: -3 }")
        let line = try #require(broken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("maxAgeYears: -3") }) + 1
        let message = Self.error(["dk2020.yaml": Self.yaml, "dk2020-strict.yaml": broken])
        #expect(message.contains("dk2020-strict.yaml: rules[15].params.maxAgeYears"), "\(message)")
        #expect(message.contains("line \(line) of dk2020-strict.yaml"), "\(message)")
        // A fault in the base file names the base file's line, whichever file is loaded first.
        let baseBroken = Self.yaml.replacingOccurrences(of: "check: net_zero_target", with: "check: nope")
        let baseLine = try #require(baseBroken.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("check: nope") }) + 1
        let baseMessage = Self.error(["dk2020.yaml": baseBroken, "dk2020-strict.yaml": strict])
        #expect(baseMessage.contains("rules[3].check") && baseMessage.contains("line \(baseLine) of dk2020.yaml"), "\(baseMessage)")
    }

    @Test func extendingMergesRulesByIdAndCanRemoveOrAdd() throws {
        let derived = """
            id: small
            extends: dk2020
            version: "1"
            date: "2025-02-01"
            source: "test"
            rules:
              - { id: carbon_budget, remove: true }
              - id: target_2030
                params: { minReductionPercent: 50 }
              - id: extra_partners
                capf: "1.2"
                severity: recommended
                check: partners
                params: { minCount: 5 }
                title: { da: "Mange partnere", en: "Many partners" }
                messages:
                  pass: { da: "{count} partnere.", en: "{count} partners." }
                  few: { da: "Kun {count}; mindst {minimum}.", en: "Only {count}; at least {minimum}." }
                  missing: { da: "Ingen.", en: "None." }
            """
        let configuration = try Self.load(["dk2020.yaml": Self.yaml, "small.yaml": derived]).get()
        let small = try #require(configuration.rulesets["small"])
        #expect(small.rules.count == 34)
        #expect(small.rule("carbon_budget") == nil)
        #expect(small.rules.last?.id == "extra_partners")
        #expect(small.rule("target_2030")?.check == .interimTarget(year: 2030, referenceYear: 1990, minReductionPercent: 50, sectorSplitWarns: false))
        #expect(small.benchmarks.count == 4)

        let missingBase = derived.replacingOccurrences(of: "extends: dk2020", with: "extends: dk1990")
        let message = Self.error(["dk2020.yaml": Self.yaml, "small.yaml": missingBase])
        #expect(message.contains("small.yaml: extends: cannot read the base ruleset"), "\(message)")
    }

    @Test func templatesSplitIntoLiteralsAndPlaceholders() throws {
        let t = try MessageTemplate.compile("Målet for {year} er {{ikke}} {percent} %", allowed: [.year, .percent])
        #expect(t.arguments == [.year, .percent])
        #expect(t.render([.year: .year(2030), .percent: .percent(58.25)], .da) == "Målet for 2030 er {ikke} 58,3 %")
        #expect(t.render([.year: .year(2030), .percent: .percent(58)], .en) == "Målet for 2030 er {ikke} 58 %")
        #expect(throws: TemplateError.self) { try MessageTemplate.compile("{gap}", allowed: [.year]) }
        #expect(throws: TemplateError.self) { try MessageTemplate.compile("{nope}", allowed: [.year]) }
        #expect(throws: TemplateError.self) { try MessageTemplate.compile("a } b", allowed: []) }
    }

    @Test(arguments: [
        (MessageValue.tonnes(86_900.4), Language.da, "86.900"), (.tonnes(86_900.5), .en, "86,901"), (.tonnes(-1_234_567), .da, "-1.234.567"),
        (.count(1_000), .en, "1,000"), (.count(999), .da, "999"), (.year(2030), .da, "2030"),
        (.percent(70), .da, "70"), (.percent(19.09), .da, "19,1"), (.percent(19.09), .en, "19.1"), (.percent(-0.04), .en, "0"), (.percent(-2.5), .da, "-2,5"),
        (.decimal(0.5), .da, "0,5"), (.texts(["a", "b", "c"]), .da, "a, b og c"), (.texts(["a", "b"]), .en, "a and b"),
        (.hazards([.cloudburst, .stormSurge]), .da, "skybrud og stormflod"), (.sectors([.afolu]), .en, "agriculture and land use (AFOLU)"),
    ])
    func valuesAreFormattedInTheLanguage(value: MessageValue, language: Language, expected: String) throws {
        let t = try MessageTemplate.compile("{count}", allowed: [.count])
        #expect(t.render([.count: value], language) == expected)
    }

    /// docs/RULES.md documents every rule, check, parameter and outcome of the shipped rulesets.
    @Test func rulesAreDocumented() throws {
        let doc = try String(contentsOf: Fixtures.repoRoot.appendingPathComponent("docs/RULES.md"), encoding: .utf8)
        for rule in Fixtures.ruleset.rules {
            #expect(doc.contains("`\(rule.id)`"), "docs/RULES.md lacks rule \(rule.id)")
            for name in rule.parameters.keys { #expect(doc.contains("\(name):"), "docs/RULES.md lacks parameter \(name) of \(rule.id)") }
        }
        for kind in CheckKind.allCases {
            #expect(doc.contains("| `\(kind.rawValue)` |"), "docs/RULES.md lacks check \(kind.rawValue)")
            for outcome in kind.spec.outcomes { #expect(doc.contains(outcome.outcome.rawValue), "\(kind.rawValue): \(outcome.outcome.rawValue)") }
        }
        #expect(doc.contains("dk2020-strict"))
    }
}
