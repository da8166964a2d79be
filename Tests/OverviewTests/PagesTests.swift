import Foundation
import Hummingbird
import HummingbirdTesting
import PlanReview
import PlanReviewOverview
import Testing

@Suite struct PagesTests {
    static func reader() async throws -> OverviewReader {
        OverviewReader(store: try await OverviewFixtures.storeWithGoldens(), municipalities: OverviewFixtures.municipalities, rulesets: OverviewFixtures.configuration.rulesets)
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func theCSVHasAHeaderAnd98Rows() async throws {
        let csv = try await Self.reader().overview().csv()
        let lines = csv.split(separator: "\r\n", omittingEmptySubsequences: true)
        #expect(lines.count == 99)
        #expect(lines[0].hasPrefix("code,name,has_result,status,score_overall"))
        let holbaek = try #require(lines.first { $0.hasPrefix("316,") })
        let golden = try #require(try JSONSerialization.jsonObject(with: Data(OverviewFixtures.golden("example-holbaek"))) as? [String: Any])
        let overall = try #require((golden["scores"] as? [String: Any])?["overall"] as? Double)
        // The CSV writes whole numbers without ".0".
        let shown = overall == overall.rounded() ? String(Int(overall)) : String(overall)
        #expect(holbaek.contains(",true,") && holbaek.contains(",\(shown),"), "\(holbaek)")
        #expect(lines.contains { $0.hasPrefix("151,Ballerup,false,") })
    }

    @Test func theJSONRoundTrips() async throws {
        let overview = try await Self.reader().overview(at: Date(timeIntervalSince1970: 1_750_000_000))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let back = try decoder.decode(Overview.self, from: Data(try overview.json()))
        #expect(back.municipalities.count == 98)
        #expect(back.national == overview.national)
    }

    @Test func theIndexPageHas98RowsAndTheNationalTotal() async throws {
        let html = OverviewPage(overview: try await Self.reader().overview(), links: .staticFiles).html()
        #expect(Self.count("<tr data-code=", in: html) == 98)
        #expect(html.contains("lang=\"da\""))
        #expect(html.contains("Klimalovens 70 %"))
        #expect(html.contains("Tallet dækker kun de"))
        #expect(html.contains("href=\"municipality/316.html\""))
        #expect(html.contains("Intet resultat"))
        // Nothing that looks like an unescaped name.
        #expect(!html.contains("<script src"))
    }

    @Test func aMunicipalityPageShowsItsFiguresReportAndChart() async throws {
        let reader = try await Self.reader()
        let page = try #require(try await reader.municipality(316, links: .server))
        let html = page.html()
        #expect(html.contains("Holbæk"))
        #expect(html.contains("id=\"progress-chart\""))
        #expect(html.contains("Ingen fremskridtsrapporter endnu"))
        #expect(html.contains("/municipality/316/report"))
        let report = MunicipalityPage.report(for: try #require(page.review), rulesets: reader.rulesets)
        #expect(report.contains("<svg"))
        let none = try #require(try await reader.municipality(151, links: .server)).html()
        #expect(none.contains("id=\"no-result\""))
        #expect(try await reader.municipality(411, links: .server) == nil)
    }

    @Test func theServerAnswersEveryRoute() async throws {
        let state = ConsumerState()
        let service = OverviewHTTPService(host: "127.0.0.1", port: 0, reader: try await Self.reader(), consumerState: state, logger: OverviewFixtures.logger)
        let app = Application(router: service.router())
        try await app.test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(Self.count("<tr data-code=", in: String(buffer: response.body)) == 98)
            }
            try await client.execute(uri: "/municipality/316", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/municipality/316/report", method: .get) { #expect(String(buffer: $0.body).contains("<svg")) }
            try await client.execute(uri: "/municipality/999", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/overview", method: .get) { response in
                let object = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                #expect((object?["municipalities"] as? [Any])?.count == 98)
            }
            try await client.execute(uri: "/api/municipalities/316", method: .get) { response in
                let object = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                #expect((object?["latestReview"] as? [String: Any])?["jobId"] != nil)
            }
            try await client.execute(uri: "/overview.csv", method: .get) { #expect(String(buffer: $0.body).hasPrefix("code,")) }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            // Not consuming yet: not ready.
            try await client.execute(uri: "/readyz", method: .get) { #expect($0.status == .serviceUnavailable) }
        }
    }
}
