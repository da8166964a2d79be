import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewReports
import Testing

/// The job's `detail` (docs/CONTRACT.md, "Result detail and the ruleset document"): what each level
/// writes, that every level reads back into the model, and that `standard` keeps every field the
/// shared contract lists.
@Suite struct ResultDetailTests {
    static func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    static func example(_ detail: String?) -> ReviewResult {
        Fixtures.reviewExample { $0["detail"] = detail }
    }

    @Test func theDefaultIsStandardAndTheResultSaysSo() throws {
        let result = Fixtures.reviewer.review(body: Fixtures.exampleJob)
        #expect(result.detail == .standard)
        #expect(try Self.object(result.jsonBytes())["detail"] as? String == "standard")
    }

    /// The shared contract's result fields (v1 and v1.1) at the default level.
    @Test func standardKeepsEveryContractField() throws {
        let json = try Self.object(Self.example(nil).jsonBytes())
        for key in ["schema", "jobId", "correlationId", "status", "municipality", "ruleset", "scores", "rules", "pathway", "contentHash", "worker", "notes", "inventory"] {
            #expect(json.keys.contains(key), "\(key)")
        }
        let rule = try #require((json["rules"] as? [[String: Any]])?.first)
        #expect(Set(rule.keys) == ["id", "capf", "pillar", "severity", "status", "message", "evidence"])
        let pathway = try #require(json["pathway"] as? [String: Any])
        for key in ["baseYear", "baselineTco2e", "years", "targetTco2e", "plannedTco2e", "businessAsUsualTco2e", "gapTco2e", "netZeroYearPlanned", "cumulativePlannedTco2e", "benchmarks", "budget", "removalsTco2e", "compensationTco2e", "excludedActions", "mankoStated"] {
            #expect(pathway.keys.contains(key), "pathway.\(key)")
        }
        let benchmark = try #require((pathway["benchmarks"] as? [[String: Any]])?.first)
        for key in ["id", "year", "referenceYear", "reductionPercent", "planReductionPercent", "met"] { #expect(benchmark.keys.contains(key), "benchmark \(key)") }
        #expect(benchmark["title"] == nil && benchmark["source"] == nil)
        let budget = try #require(pathway["budget"] as? [String: Any])
        for key in ["budgetTco2e", "fromYear", "startEmissionsTco2e", "annualReductionRate", "year95PercentUsed", "plannedCumulativeTco2e", "overshootTco2e", "yearExhaustedUnderPlan"] {
            #expect(budget.keys.contains(key), "budget \(key)")
        }
        for key in ["targets", "sectorContributions", "actionsShareOf2030Reduction", "gapNetZeroYearTco2e"] { #expect(pathway[key] == nil, "\(key)") }
    }

    /// `full` is the model as it is; `standard` reads back to it with the ruleset's metadata empty and
    /// the job's own targets and actions left out, and the derived figures computed again, equal.
    @Test func everyLevelReadsBackIntoTheModel() throws {
        var full = Self.example("full")
        #expect(full.detail == .full)
        #expect(try JSONDecoder().decode(ReviewResult.self, from: Data(full.jsonBytes())) == full)
        let standard = Self.example(nil)
        let decoded = try JSONDecoder().decode(ReviewResult.self, from: Data(standard.jsonBytes()))
        var expected = standard
        expected.pathway?.targets = []
        expected.pathway?.sectorContributions = []
        for i in expected.pathway!.benchmarks.indices {
            expected.pathway!.benchmarks[i].title = ""
            expected.pathway!.benchmarks[i].source = ""
        }
        #expect(decoded == expected)
        #expect(decoded.pathway?.actionsShareOf2030Reduction == 0.1909)
        #expect(decoded.pathway?.gapNetZeroYearTco2e == 215_500)
        // The full result differs only in the job's `detail` (and so its hash).
        full.detail = .standard
        full.contentHash = standard.contentHash
        #expect(full == standard)
    }

    @Test func summaryIsTheVerdictTheScoresAndTheGap() throws {
        let summary = Self.example("summary")
        let json = try Self.object(summary.jsonBytes())
        #expect(json["rules"] == nil)
        #expect(json["status"] as? String == "non_compliant" && json["scores"] != nil)
        let pathway = try #require(json["pathway"] as? [String: Any])
        #expect(Set(pathway.keys) == ["baseYear", "baselineTco2e", "years", "gapTco2e", "gap2030Tco2e", "netZeroYearPlanned"])
        #expect(pathway["gap2030Tco2e"] as? Double == 86_900)
        let decoded = try JSONDecoder().decode(ReviewResult.self, from: Data(summary.jsonBytes()))
        #expect(decoded.rules.isEmpty && decoded.detail == .summary)
        #expect(decoded.pathway?.gapTco2e == summary.pathway?.gapTco2e)
        #expect(summary.jsonBytes().count < Self.example(nil).jsonBytes().count / 4)
    }

    /// Contract v1.1: an unknown word is a note, never a rejection, and here it changes nothing else.
    @Test func anUnknownWordIsNotedAndGivesTheDefault() throws {
        let result = Self.example("everything")
        #expect(result.status == Self.example(nil).status)
        #expect(result.detail == .standard)
        let note = try #require(result.notes.first { $0.pointer == "/detail" })
        #expect(note.code == "unknown_word" && note.message.contains("everything"))
        #expect(Self.example("full").notes.allSatisfy { $0.pointer != "/detail" })
        #expect(Self.example(nil).rules.map(\.status) == result.rules.map(\.status))
    }

    @Test func aResultWithoutDetailReadsAsFull() throws {
        var object = try Self.object(Self.example("full").jsonBytes())
        object["detail"] = nil
        let decoded = try JSONDecoder().decode(ReviewResult.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(decoded.detail == .full)
        #expect(decoded.pathway?.benchmarks.first?.title.isEmpty == false)
    }

    /// docs/BENCHMARKS.md, "Result size": bytes per result at each level for every sample and the
    /// micro benchmark's generated 30-action job (`SampleGenerator(seed: 1)`, Holbæk). Sizes are
    /// deterministic, so this is a measurement and a check: each level smaller than the next.
    @Test func resultSizes() throws {
        var jobs: [(String, [String: Any])] = []
        for file in Fixtures.sampleFiles() {
            let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            jobs.append((name, try #require(try JSONSerialization.jsonObject(with: Data(Fixtures.read(file))) as? [String: Any])))
        }
        var generator = SampleGenerator(seed: 1)
        let generated = SampleGenerator.jsonBytes(generator.job(for: Fixtures.municipality(316), actions: 30))
        jobs.append(("generated, 30 actions (seed 1)", try #require(try JSONSerialization.jsonObject(with: Data(generated)) as? [String: Any])))
        print("| job | job B | summary B | standard B | full B | standard / full |")
        print("|---|---:|---:|---:|---:|---:|")
        for (name, job) in jobs {
            let sizes = ["summary", "standard", "full"].map { detail -> Int in
                var edited = job
                edited["detail"] = detail
                return Fixtures.reviewer.review(body: Fixtures.bytes(edited)).jsonBytes().count
            }
            let jobBytes = Fixtures.bytes(job).count
            print("| \(name) | \(jobBytes) | \(sizes[0]) | \(sizes[1]) | \(sizes[2]) | \(Int((Double(sizes[1]) / Double(sizes[2]) * 100).rounded())) % |")
            #expect(sizes[0] < sizes[1] && sizes[1] < sizes[2], "\(name): \(sizes)")
        }
    }

    /// `planreview report RESULT.json` renders a result received at any level: the benchmark titles
    /// from the ruleset, a summary without the pathway tables.
    @Test(arguments: ["summary", "standard", "full"])
    func reportsRenderFromEveryLevel(_ detail: String) throws {
        let decoded = try JSONDecoder().decode(ReviewResult.self, from: Data(Self.example(detail).jsonBytes()))
        let report = PlanReport(result: decoded, ruleset: Fixtures.ruleset)
        let text = report.text(width: 100)
        let html = report.html()
        #expect(text.contains("LEVER IKKE OP TIL DK2020"))
        if detail != "summary" { #expect(text.contains("2 væsentlige krav er ikke opfyldt")) }
        #expect(!report.markdown().isEmpty)
        if detail == "summary" {
            #expect(report.result.pathway == nil)
            #expect(text.contains("Resultatet er et resumé") && !text.contains("ingen drivhusgasopgørelse"))
        } else {
            #expect(html.contains("Rockströms reduktionstakt: 11,7 % reduktion om året"))
            #expect(html.contains("Klimaloven: 70 % reduktion i 2030"))
        }
    }

    @Test func theLevelsAreSmallerInOrder() {
        let sizes = ["summary", "standard", "full"].map { Self.example($0).jsonBytes().count }
        #expect(sizes[0] < sizes[1] && sizes[1] < sizes[2], "\(sizes)")
    }
}

/// The ruleset document (`planreview ruleset`) carries what lean results leave out.
@Suite struct RulesetDocumentTests {
    @Test func itHasEveryBenchmarkAndRuleWithTitlesInBothLanguages() {
        let ruleset = Fixtures.ruleset
        let document = RulesetDocument(ruleset)
        #expect(document.id == ruleset.id && document.version == ruleset.version)
        #expect(document.benchmarks.map(\.id) == ruleset.benchmarks.map(\.id))
        #expect(document.rules.map(\.id) == ruleset.rules.map(\.id))
        for b in document.benchmarks { #expect(!b.title.da.isEmpty && !b.title.en.isEmpty && !b.source.isEmpty, "\(b.id)") }
        for r in document.rules { #expect(!r.title.da.isEmpty && !r.title.en.isEmpty && !r.capfTitle.da.isEmpty, "\(r.id)") }
    }

    /// Issue 14: Rockström's carbon law is no Danish act; one name in ruleset, results and reports.
    @Test func theCarbonLawIsNamedAsWhatItIs() throws {
        let carbonLaw = try #require(RulesetDocument(Fixtures.ruleset).benchmarks.first { $0.id == "carbon_law" })
        #expect(carbonLaw.label.da == "Rockströms reduktionstakt")
        #expect(carbonLaw.title.da.hasPrefix("Rockströms reduktionstakt:"))
        #expect(!carbonLaw.title.da.contains("Kulstoflov") && !carbonLaw.label.da.contains("Kulstoflov"))
    }

    /// Issue 14: messages are for people: no field names (the evidence pointers name the fields),
    /// no untranslated words in the other language. Vocabulary words a job may send (`very_high`)
    /// are values, not field names, and may be quoted.
    @Test(arguments: ["dk2020", "dk2020-strict"])
    func messagesNameNoFields(_ id: String) throws {
        let ruleset = try #require(Fixtures.configuration.rulesets[id])
        let fieldName = try Regex(#"\b[a-z]+[A-Z][A-Za-z]*\b|\b(?:energy_co2|all_ghg)\b|\b(?:plan|inventory|governance|engagement|monitoring|municipality)\.[a-z]"#)
        for rule in ruleset.rules {
            for template in rule.messages.sources.values {
                for text in [template.da, template.en] {
                    let words = text.replacing(try Regex(#"\{[^}]*\}"#), with: "")
                    #expect(words.firstMatch(of: fieldName) == nil, "\(id) \(rule.id): \(text)")
                }
                #expect(!template.en.contains("pejlemærke"), "\(id) \(rule.id): \(template.en)")
            }
        }
    }
}
