import Foundation
import PlanReview
import PlanReviewContract

/// Reads the store into what the pages and APIs show: the overview of every municipality on the
/// official list and one municipality's page and report.
public struct OverviewReader: Sendable {
    public let store: any OverviewStore
    public let municipalities: [MunicipalityRef]
    public let rulesets: [String: Ruleset]

    public init(store: any OverviewStore, municipalities: [MunicipalityRef], rulesets: [String: Ruleset]) {
        self.store = store
        self.municipalities = municipalities
        self.rulesets = rulesets
    }

    public func overview(at date: Date = Date()) async throws -> Overview {
        Overview(municipalities: municipalities, reviews: try await store.latestReviews(), progress: try await store.latestProgress(), generatedAt: date)
    }

    /// nil for a code not on the official list.
    public func municipality(_ code: Int, links: PageLinks) async throws -> MunicipalityPage? {
        guard let municipality = municipalities.first(where: { $0.code == code }) else { return nil }
        let review = try await store.latestReviews()[code]
        let history = try await store.progressHistory(code: code)
        let row = OverviewRow(municipality: municipality, review: review, progress: history.last)
        return MunicipalityPage(row: row, review: review, progress: history, links: links)
    }

    /// `overview build`: index.html, overview.json, overview.csv and a page and report per
    /// municipality with a result under `municipality/`.
    public func writeStaticSite(to directory: String, at date: Date = Date()) async throws -> Overview {
        let fm = FileManager.default
        let base = URL(fileURLWithPath: directory)
        try fm.createDirectory(at: base.appendingPathComponent("municipality"), withIntermediateDirectories: true)
        let overview = try await self.overview(at: date)
        try Data(OverviewPage(overview: overview, links: .staticFiles).html().utf8).write(to: base.appendingPathComponent("index.html"))
        try Data(try overview.json()).write(to: base.appendingPathComponent("overview.json"))
        try Data(overview.csv().utf8).write(to: base.appendingPathComponent("overview.csv"))
        for row in overview.municipalities {
            guard let page = try await municipality(row.code, links: .staticFiles) else { continue }
            let dir = base.appendingPathComponent("municipality")
            try Data(page.html().utf8).write(to: dir.appendingPathComponent("\(row.code).html"))
            if let review = page.review {
                try Data(MunicipalityPage.report(for: review, rulesets: rulesets).utf8).write(to: dir.appendingPathComponent("\(row.code)-report.html"))
            }
        }
        return overview
    }
}
