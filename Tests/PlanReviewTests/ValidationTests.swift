import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewReports
import PlanReviewResources
import Testing

/// One case per kind of validation problem: an edit of the example job, and the one issue it must give.
struct ValidationCase: Sendable, CustomTestStringConvertible {
    let code: ValidationIssue.Code
    let pointer: String
    let edit: @Sendable (inout [String: Any]) -> Void
    var testDescription: String { "\(code.rawValue) at \(pointer)" }

    init(_ code: ValidationIssue.Code, _ pointer: String, _ edit: @escaping @Sendable (inout [String: Any]) -> Void) {
        self.code = code
        self.pointer = pointer
        self.edit = edit
    }
}

@Suite struct ValidationTests {
    static let cases: [ValidationCase] = [
        ValidationCase(.unknownSchema, "/schema") { $0["schema"] = "planreview.job/v2" },
        ValidationCase(.missingField, "/schema") { $0["schema"] = nil },
        ValidationCase(.missingField, "/plan/inventory/baseYear") { $0.set(["plan", "inventory", "baseYear"], nil) },
        ValidationCase(.missingField, "/plan/actions/0/startYear") { $0.set(["plan", "actions", 0, "startYear"], nil) },
        ValidationCase(.missingField, "/plan/inventory/entries/2") { $0.set(["plan", "inventory", "entries", 2, "tco2e"], nil) },
        ValidationCase(.wrongType, "/plan/inventory/baseYear") { $0.set(["plan", "inventory", "baseYear"], "2022") },
        ValidationCase(.wrongType, "/plan/targets/0/year") { $0.set(["plan", "targets", 0, "year"], 2030.5) },
        ValidationCase(.wrongType, "/plan/actions") { $0.set(["plan", "actions"], ["T1": 1]) },
        ValidationCase(.wrongType, "/plan/commitmentLetterSigned") { $0.set(["plan", "commitmentLetterSigned"], "yes") },
        ValidationCase(.invalidValue, "/plan/actions/1/sector") { $0.set(["plan", "actions", 1, "sector"], "energy") },
        ValidationCase(.invalidValue, "/plan/inventory/entries/0/scope") { $0.set(["plan", "inventory", "entries", 0, "scope"], 4) },
        ValidationCase(.invalidValue, "/language") { $0["language"] = "sv" },
        ValidationCase(.invalidValue, "/plan/inventory/entries/0") { $0.set(["plan", "inventory", "entries", 0, "notation"], "NE") },
        ValidationCase(.invalidValue, "/plan/adoptedByCouncil") { $0.set(["plan", "adoptedByCouncil"], "19 June 2024") },
        ValidationCase(.negativeValue, "/plan/inventory/entries/4/tco2e") { $0.set(["plan", "inventory", "entries", 4, "tco2e"], -121000) },
        ValidationCase(.negativeValue, "/plan/actions/0/reductionTco2e") { $0.set(["plan", "actions", 0, "reductionTco2e"], -1) },
        ValidationCase(.outOfRange, "/plan/targets/1/reductionPercent") { $0.set(["plan", "targets", 1, "reductionPercent"], 220) },
        ValidationCase(.outOfRange, "/plan/carbonBudget/budgetTco2e") { $0.set(["plan", "carbonBudget", "budgetTco2e"], 0) },
        ValidationCase(.outOfRange, "/plan/inventory/entries/0/tco2e") { $0.set(["plan", "inventory", "entries", 0, "tco2e"], 1e13) },
        ValidationCase(.yearOutOfRange, "/plan/targets/2/year") { $0.set(["plan", "targets", 2, "year"], 2300) },
        ValidationCase(.yearOutOfRange, "/plan/inventory/history/0/year") { $0.set(["plan", "inventory", "history", 0, "year"], 1850) },
        ValidationCase(.unknownKommunekode, "/municipality/code") { $0.set(["municipality", "code"], 999) },
        ValidationCase(.unknownKommunekode, "/municipality/code") { $0.set(["municipality", "code"], 411) },
        ValidationCase(.unknownRuleset, "/ruleset") { $0["ruleset"] = "dk2030" },
        ValidationCase(.missingJobId, "/jobId") { $0["jobId"] = nil },
        ValidationCase(.duplicateActionId, "/plan/actions/1/id") { $0.set(["plan", "actions", 1, "id"], "T1") },
        ValidationCase(.duplicateYear, "/plan/inventory/history/1/year") { $0.set(["plan", "inventory", "history", 1, "year"], 1990) },
        ValidationCase(.duplicateYear, "/plan/targets/1/year") { $0.set(["plan", "targets", 1, "year"], 2030) },
        ValidationCase(.ambiguousTarget, "/plan/targets/2") { $0.set(["plan", "targets", 2, "tco2e"], 0) },
        ValidationCase(.ambiguousTarget, "/plan/targets/2") { $0.set(["plan", "targets", 2, "netZero"], false) },
        ValidationCase(.targetNotAfterBaseYear, "/plan/targets/0/year") { $0.set(["plan", "targets", 0, "year"], 2022) },
        ValidationCase(.contradictoryTargets, "/plan/targets/1") { $0.set(["plan", "targets", 1, "reductionPercent"], 60) },
        ValidationCase(.fullEffectBeforeStart, "/plan/actions/0/fullEffectYear") { $0.set(["plan", "actions", 0, "fullEffectYear"], 2024) },
        ValidationCase(.invalidYearRange, "/plan/carbonBudget/toYear") { $0.set(["plan", "carbonBudget", "toYear"], 2020) },
        ValidationCase(.invalidYearRange, "/plan/businessAsUsual/0/year") { $0.set(["plan", "businessAsUsual", 0, "year"], 2020) },
    ]

    @Test(arguments: cases)
    func eachKindGivesOneIssue(_ c: ValidationCase) {
        let result = Fixtures.reviewExample(c.edit)
        #expect(result.status == .rejected)
        let errors = result.errors ?? []
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.code == c.code, "\(errors)")
        #expect(errors.first?.pointer == c.pointer, "\(errors)")
        #expect(errors.first.map { !$0.reason.isEmpty && $0.reason.count < 200 } == true)
        // A rejected result still names the job, municipality (when valid) and ruleset.
        #expect(result.jobId == (c.code == .missingJobId ? "" : "2f8d6c1e-5b7a-4c1e-9a0e-0c4b7d3e9a11"))
        if c.code != .unknownKommunekode { #expect(result.municipality == MunicipalityRef(code: 316, name: "Holbæk")) }
        #expect(result.pathway == nil && result.scores == nil && result.rules.isEmpty)
        #expect(result.contentHash?.hasPrefix("sha256:") == true)
    }

    @Test func reasonsAreSpecific() {
        let reason = { (edit: (inout [String: Any]) -> Void) in
            Fixtures.reviewExample { $0["language"] = "en"; edit(&$0) }.errors?.first?.reason ?? ""
        }
        #expect(reason { $0.set(["plan", "inventory", "baseYear"], "2022") } == "expected a number, found a string")
        #expect(reason { $0.set(["plan", "targets", 0, "year"], 2030.5) } == "expected an integer, found 2030.5")
        #expect(reason { $0.set(["municipality", "code"], 999) } == "unknown kommunekode 999")
        #expect(reason { $0.set(["plan", "targets", 2, "year"], 2300) } == "must be between 1900 and 2100, found 2300")
        #expect(reason { $0.set(["plan", "actions", 0, "fullEffectYear"], 2024) } == "fullEffectYear 2024 is before startYear 2026")
        #expect(reason { $0.set(["plan", "targets", 1, "reductionPercent"], 60) } == "the 2040 target (296800 tCO2e) is less strict than the 2030 target (222600 tCO2e)")
    }

    /// v1.1: rejected reasons are in the job's language (Danish by default), the code stays.
    @Test func reasonsAreInTheJobsLanguage() {
        let reason = { (edit: (inout [String: Any]) -> Void) in Fixtures.reviewExample(edit).errors?.first }
        #expect(reason { $0.set(["plan", "inventory", "baseYear"], "2022") }?.reason == "forventede et tal, fandt en streng")
        #expect(reason { $0.set(["plan", "targets", 2, "year"], 2300) }?.reason == "skal ligge mellem 1900 og 2100, fandt 2300")
        #expect(reason { $0.set(["plan", "targets", 2, "year"], 2300) }?.code == .yearOutOfRange)
        #expect(reason { $0.set(["plan", "targets", 1, "reductionPercent"], 60) }?.reason == "målet for 2040 (296800 tCO2e) er mindre skrapt end målet for 2030 (222600 tCO2e)")
    }

    /// Every reason the validation cases and the hostile corpus produce has a Danish form.
    @Test func everyReasonHasADanishForm() throws {
        var reasons: [String] = []
        for c in Self.cases { reasons += (Fixtures.reviewExample(c.edit).errors ?? []).map(\.reason) }
        for hostile in HostileCorpus.cases {
            reasons += (HostileCorpus.reviewer.review(body: try hostile.body(), envelope: hostile.envelope).errors ?? []).map(\.reason)
        }
        let english = ["must ", "expected", "found ", "unknown ", "duplicate", "required", "limit of", "is not", "unexpected"]
        for r in reasons { #expect(!english.contains { r.contains($0) }, "no Danish form: \(r)") }
    }

    @Test func fiveProblemsGiveFiveErrorsWithPointers() {
        let result = Fixtures.reviewExample { job in
            job.set(["municipality", "code"], 999)
            job.set(["plan", "inventory", "entries", 3, "tco2e"], -5)
            job.set(["plan", "targets", 0, "year"], 2300)
            job.set(["plan", "actions", 1, "id"], "T1")
            job.set(["plan", "actions", 0, "fullEffectYear"], 2020)
        }
        #expect(result.status == .rejected)
        let found = Set((result.errors ?? []).map { "\($0.pointer) \($0.code.rawValue)" })
        #expect(found == [
            "/municipality/code unknown_kommunekode",
            "/plan/inventory/entries/3/tco2e negative_value",
            "/plan/targets/0/year year_out_of_range",
            "/plan/actions/1/id duplicate_action_id",
            "/plan/actions/0/fullEffectYear full_effect_before_start",
        ])
        #expect(result.errors?.count == 5)
        #expect(result.municipality == nil)
        #expect(result.routingKey == "result.unknown.rejected")
    }

    @Test func jobIdComesFromTheBodyOrTheMessageId() {
        let id = "2f8d6c1e-5b7a-4c1e-9a0e-0c4b7d3e9a11"
        #expect(Fixtures.reviewExample(envelope: JobEnvelope(messageId: id)) { _ in }.status != .rejected)
        let mismatch = Fixtures.reviewExample(envelope: JobEnvelope(messageId: "other")) { _ in }
        #expect(mismatch.status == .rejected)
        #expect(mismatch.errors?.map(\.code) == [.jobIdMismatch])
        #expect(mismatch.errors?.first?.pointer == "/jobId")
        let fromMessage = Fixtures.reviewExample(envelope: JobEnvelope(messageId: "m-1", correlationId: "c-1")) { $0["jobId"] = nil }
        #expect(fromMessage.status != .rejected)
        #expect(fromMessage.jobId == "m-1")
        #expect(fromMessage.correlationId == "c-1")
    }

    @Test func envelopeProblems() {
        let result = Fixtures.reviewer.review(
            body: Fixtures.exampleJob,
            envelope: JobEnvelope(contentType: "application/xml", contentEncoding: "gzip", type: "planreview.job.v0"))
        #expect(result.errors?.map(\.code) == [.unsupportedContentType, .unsupportedContentEncoding, .unsupportedMessageType])
        let ok = Fixtures.reviewer.review(body: Fixtures.exampleJob, envelope: JobEnvelope(contentType: "application/json; charset=utf-8", type: "planreview.job.v1"))
        #expect(ok.status != .rejected)
    }

    /// What integrators' stacks send for a JSON body is read as JSON: Spring AMQP labels a String
    /// `text/plain` and bytes `application/octet-stream`; amqp-publish sets no content type.
    @Test(arguments: ["text/plain", "text/plain; charset=UTF-8", "application/octet-stream", "application/vnd.planreview+json", "", nil] as [String?])
    func commonLabelsOfAJSONBodyAreAccepted(_ contentType: String?) {
        let result = Fixtures.reviewer.review(body: Fixtures.exampleJob, envelope: JobEnvelope(contentType: contentType))
        #expect(!(result.errors ?? []).contains { $0.code == .unsupportedContentType })
    }

    @Test(arguments: ["application/xml", "application/x-java-serialized-object", "multipart/form-data", "text/html"])
    func otherMediaTypesAreRejected(_ contentType: String) {
        let result = Fixtures.reviewer.review(body: Fixtures.exampleJob, envelope: JobEnvelope(contentType: contentType))
        #expect(result.status == .rejected)
        #expect(result.errors?.map(\.code) == [.unsupportedContentType])
    }

    @Test func unreadableBodies() {
        let notJSON = Fixtures.reviewer.review(body: Array("hello".utf8), envelope: JobEnvelope(messageId: "m-9"))
        #expect(notJSON.status == .rejected)
        #expect(notJSON.jobId == "m-9")
        #expect(notJSON.errors?.first?.code == .invalidJSON)
        #expect(notJSON.contentHash == SHA256.prefixedHex(Array("hello".utf8)))
        #expect(Fixtures.review("[1,2]").errors?.first?.code == .wrongType)
        #expect(Fixtures.review("{}").errors?.map(\.pointer) == ["/schema", "/municipality", "/plan", "/jobId"])
    }

    @Test func bodyOverTheSizeCapIsNotRead() {
        var configuration = Fixtures.configuration
        configuration.limits.maxBodyBytes = 100
        let result = Reviewer(configuration: configuration).review(body: Fixtures.exampleJob, envelope: JobEnvelope(messageId: "big"))
        #expect(result.errors?.map(\.code) == [.bodyTooLarge])
        #expect(result.contentHash == nil)
        #expect(result.jobId == "big")
    }

    @Test func syntaxAndEncodingProblemsInTheBody() {
        var object = Fixtures.exampleObject()
        object.set(["plan", "title"], "PLACEHOLDER")
        var bytes = Fixtures.bytes(object)
        let marker = Array("PLACEHOLDER".utf8)
        let at = (0...(bytes.count - marker.count)).first { Array(bytes[$0..<$0 + marker.count]) == marker }!
        bytes.replaceSubrange(at..<at + marker.count, with: [0xFF, 0xFE])
        let result = Fixtures.reviewer.review(body: bytes)
        #expect(result.errors?.map { "\($0.pointer) \($0.code.rawValue)" } == ["/plan/title invalid_utf8"])

        let duplicate = String(decoding: Fixtures.exampleJob, as: UTF8.self).replacingOccurrences(of: "\"ruleset\": \"dk2020\",", with: "\"ruleset\": \"dk2020\", \"ruleset\": \"dk2020\",")
        #expect(Fixtures.review(duplicate).errors?.map { "\($0.pointer) \($0.code.rawValue)" } == ["/ruleset duplicate_key"])

        let overflow = String(decoding: Fixtures.exampleJob, as: UTF8.self).replacingOccurrences(of: "\"tco2e\": 41000", with: "\"tco2e\": 1e400")
        #expect(Fixtures.review(overflow).errors?.map { "\($0.pointer) \($0.code.rawValue)" } == ["/plan/inventory/entries/0/tco2e number_out_of_range"])
    }

    @Test func limitsBoundTheWork() {
        // 10,000-deep nesting: rejected, no stack overflow.
        let deep = Fixtures.review(String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000))
        #expect(deep.errors?.map(\.code) == [.tooDeep])
        // 200,000 actions: over maxActions (and the array limit), rejected quickly.
        let actions = "[" + String(repeating: #"{"id":"x"},"#, count: 199_999) + #"{"id":"x"}]"#
        var body = String(decoding: Fixtures.exampleJob, as: UTF8.self)
        let first = body.range(of: #""actions": ["#)!  // plan.actions (the first occurrence)
        body.replaceSubrange(first, with: #""actions": \#(actions), "replaced": ["#)
        var configuration = Fixtures.configuration
        configuration.limits.maxBodyBytes = 100 << 20
        configuration.limits.maxValues = 10_000_000
        let result = Reviewer(configuration: configuration).review(body: Array(body.utf8))
        #expect(result.errors?.map(\.code) == [.tooManyElements])
        #expect(result.errors?.first?.pointer == "/plan/actions")
        // Many problems: the list is capped with a summary entry.
        var many = Fixtures.exampleObject()
        many.set(["plan", "actions"], [Any](repeating: ["id": 1], count: 300))
        let capped = Fixtures.reviewer.review(body: Fixtures.bytes(many))
        #expect(capped.errors?.count == Fixtures.configuration.limits.maxIssues + 1)
        #expect(capped.errors?.last?.code == .tooManyIssues)
    }

    @Test func missingOptionalSectionsAreNotErrors() {
        let result = Fixtures.reviewExample { job in
            for key in ["adaptation", "governance", "engagement", "monitoring", "carbonBudget", "businessAsUsual", "targets", "actions", "inventory", "title", "adoptedByCouncil", "commitmentLetterSigned"] {
                job.set(["plan", key], nil)
            }
            job["language"] = nil
            job["ruleset"] = nil
        }
        #expect(result.status != .rejected, "\(result.errors ?? [])")
        #expect(result.pathway == nil)
        #expect(result.ruleset.id == "dk2020")
    }

    @Test func baseYearOnANetZeroTargetIsIgnored() {
        #expect(Fixtures.reviewExample { $0.set(["plan", "targets", 2, "baseYear"], 1990) }.status != .rejected)
    }

    @Test func unknownMembersAreIgnored() {
        let result = Fixtures.reviewExample { $0.set(["plan", "sinks"], ["tco2e": 5]) }
        #expect(result.status != .rejected)
    }
}
