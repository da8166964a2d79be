import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewReports
import PlanReviewResources
import Testing

@Suite struct ConfigurationTests {
    @Test func ninetyEightMunicipalities() {
        let registry = Fixtures.configuration.municipalities
        #expect(registry.count == 98)
        #expect(Set(registry.all.map(\.code)).count == 98)
        #expect(registry.all.allSatisfy { (101...999).contains($0.code) && !$0.name.isEmpty })
    }

    @Test(arguments: [(101, "København"), (147, "Frederiksberg"), (316, "Holbæk"), (400, "Bornholm"), (461, "Odense"), (751, "Aarhus"), (851, "Aalborg"), (860, "Hjørring")])
    func knownCodes(code: Int, name: String) {
        #expect(Fixtures.configuration.municipalities[code]?.name == name)
    }

    @Test(arguments: [411, 0, 100, 999, -1, 1_000, Int.max])
    func notMunicipalities(code: Int) {
        #expect(Fixtures.configuration.municipalities[code] == nil)
    }

    @Test func dk2020RulesetLoadsWithItsBenchmarks() {
        let ruleset = Fixtures.ruleset
        #expect(ruleset.id == "dk2020")
        #expect(!ruleset.version.isEmpty && !ruleset.date.isEmpty && !ruleset.source.isEmpty)
        #expect(ruleset.pathway.residualSharePercent == 0)
        #expect(!ruleset.rules.isEmpty)  // the rules themselves: RulesetLoaderTests, ComplianceRulesTests
        #expect(ruleset.benchmarks.map(\.id) == ["klimaloven", "klimaloven_2025", "ipcc_ar6", "carbon_law"])
        #expect(ruleset.benchmarks.allSatisfy { !$0.source.isEmpty })
        let klimaloven = ruleset.benchmarks[0]
        #expect(klimaloven.referenceYear == 1990)
        #expect(klimaloven.points?.first?.reductionPercent == 70)
        #expect(klimaloven.points?.last?.netZero == true && klimaloven.points?.last?.year == 2050)
        // Klimaloven § 1 stk. 2 (LBK nr 2580 af 13/12/2021): 50–54 % in 2025; the lower end is the benchmark.
        let k2025 = ruleset.benchmarks[1]
        #expect(k2025.referenceYear == 1990 && k2025.points?.map(\.year) == [2025] && k2025.points?.first?.reductionPercent == 50)
        #expect(k2025.source.contains("LBK nr 2580 af 13/12/2021"))
        let ipcc = ruleset.benchmarks[2]
        #expect(ipcc.referenceYear == 2019)
        #expect(ipcc.points?.map(\.year) == [2030, 2035, 2050])
        #expect(ipcc.points?.map(\.reductionPercent) == [43, 60, 84])
        #expect(ruleset.benchmarks[3].annualReductionPercent == 11.7)
        #expect(ruleset.benchmarks[3].referenceYear == nil)
        // Named for what it computes: not Klimatkollen's cumulative 2025–2050 method (issue 12).
        #expect(ruleset.benchmarks[3].title.en.contains("not Klimatkollen"))
    }

    @Test func malformedConfigurationNamesFileAndField() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("planreview-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("rulesets"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(Fixtures.read("Config/municipalities.json")).write(to: dir.appendingPathComponent("municipalities.json"))
        let yaml = try String(contentsOfFile: Fixtures.configDirectory + "/rulesets/dk2020.yaml", encoding: .utf8)
        let file = dir.appendingPathComponent("rulesets/dk2020.yaml")

        try yaml.replacingOccurrences(of: "{ year: 2035, reductionPercent: 60 }", with: "{ year: soon, reductionPercent: 60 }").write(to: file, atomically: true, encoding: .utf8)
        var message = ""
        do { _ = try ReviewConfiguration.load(configDirectory: dir.path) } catch { message = "\(error)" }
        #expect(message.contains("dk2020.yaml") && message.contains("benchmarks[2].points[1].year"), "\(message)")

        try yaml.replacingOccurrences(of: "residualSharePercent: 0", with: "residualSharePercent: 150").write(to: file, atomically: true, encoding: .utf8)
        message = ""
        do { _ = try ReviewConfiguration.load(configDirectory: dir.path) } catch { message = "\(error)" }
        #expect(message.contains("pathway.residualSharePercent"), "\(message)")

        // Unknown top-level keys are tolerated (inside a rule every key is checked: RulesetLoaderTests).
        try (yaml + "\nfuture: { anything: true }\n").write(to: file, atomically: true, encoding: .utf8)
        let loaded = try ReviewConfiguration.load(configDirectory: dir.path)
        #expect(loaded.rulesets["dk2020"]?.rules.first?.id == "council_adoption")
        #expect(loaded.rulesets["dk2020"]?.rules.first?.severity == .essential)

        try Data("{\"municipalities\":[{\"code\":101,\"name\":\"København\"},{\"code\":101,\"name\":\"Again\"}]}".utf8).write(to: dir.appendingPathComponent("municipalities.json"))
        message = ""
        do { _ = try ReviewConfiguration.load(configDirectory: dir.path) } catch { message = "\(error)" }
        #expect(message.contains("municipalities.json") && message.contains("municipalities[1].code"), "\(message)")
    }

    @Test func locatesTheConfigDirectory() {
        // PLANREVIEW_CONFIG_DIR (Scripts/test sets it), ./Config, or upwards from the test binary.
        #expect(ReviewConfiguration.locateConfigDirectory() != nil)
    }
}
