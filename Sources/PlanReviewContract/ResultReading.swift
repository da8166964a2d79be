/// Reading a result back at any `ResultDetail`: what a level leaves out is filled in, derived from
/// what it keeps where it can be (`gap2030Tco2e`, `gapNetZeroYearTco2e`,
/// `actionsShareOf2030Reduction` from the yearly series, `cumulativePlannedTco2e` from
/// `plannedTco2e`), else empty (`rules`, `targets`, `sectorContributions`, the benchmarks' `title`
/// and `source`, which the ruleset document has). A result without `detail` is `full`: every
/// result written before the field existed.
///
/// Encoding stays synthesized (every field); the worker writes results with `jsonBytes()`.
private struct ResultKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension KeyedDecodingContainer where K == ResultKey {
    fileprivate func value<T: Decodable>(_ name: String) throws -> T { try decode(T.self, forKey: ResultKey(name)) }
    fileprivate func value<T: Decodable>(_ name: String, or fallback: @autoclosure () -> T) throws -> T {
        try decodeIfPresent(T.self, forKey: ResultKey(name)) ?? fallback()
    }
    fileprivate func optional<T: Decodable>(_ name: String) throws -> T? { try decodeIfPresent(T.self, forKey: ResultKey(name)) }
}

extension ReviewResult {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        self.init(
            jobId: try c.value("jobId"), correlationId: try c.optional("correlationId"), status: try c.value("status"),
            municipality: try c.optional("municipality"), ruleset: try c.value("ruleset"),
            language: try c.value("language", or: .da), scores: try c.optional("scores"),
            rules: try c.value("rules", or: []), pathway: try c.optional("pathway"), errors: try c.optional("errors"),
            contentHash: try c.optional("contentHash"), worker: try c.optional("worker"), timings: try c.optional("timings"),
            notes: try c.value("notes", or: []), inventory: try c.optional("inventory"),
            detail: try c.value("detail", or: .full))
        schema = try c.value("schema")
    }
}

extension Pathway {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        let baseYear: Int = try c.value("baseYear")
        let years: [Int] = try c.value("years")
        let gap: [Double] = try c.value("gapTco2e")
        let planned: [Double] = try c.value("plannedTco2e", or: [])
        let target: [Double] = try c.value("targetTco2e", or: [])
        let bau: [Double] = try c.value("businessAsUsualTco2e", or: [])
        let netZeroTargetYear: Int? = try c.optional("netZeroTargetYear")
        func at(_ series: [Double], _ year: Int?) -> Double? {
            guard let year, let i = years.firstIndex(of: year), i < series.count else { return nil }
            return series[i]
        }
        // As PathwayCalculator: reduction by actions in 2030 / reduction needed, to 4 decimals.
        var share: Double?
        if let b = at(bau, 2030), let p = at(planned, 2030), let t = at(target, 2030), b - t > 0 {
            share = ((b - p) / (b - t) * 10_000).rounded() / 10_000 + 0.0
        }
        if c.contains(ResultKey("actionsShareOf2030Reduction")) { share = try c.optional("actionsShareOf2030Reduction") }
        var gap2030 = at(gap, 2030)
        if c.contains(ResultKey("gap2030Tco2e")) { gap2030 = try c.optional("gap2030Tco2e") }
        var gapNetZero = at(gap, netZeroTargetYear)
        if c.contains(ResultKey("gapNetZeroYearTco2e")) { gapNetZero = try c.optional("gapNetZeroYearTco2e") }
        self.init(
            baseYear: baseYear, baselineTco2e: try c.value("baselineTco2e"),
            baselineBySector: try c.value("baselineBySector", or: SectorValues()),
            baselineByScope: try c.value("baselineByScope", or: ScopeValues()),
            referenceTotals: try c.value("referenceTotals", or: []),
            residualThresholdTco2e: try c.value("residualThresholdTco2e", or: 0), years: years,
            targetTco2e: target, businessAsUsualTco2e: bau, plannedTco2e: planned, gapTco2e: gap,
            bauSource: try c.value("bauSource", or: .given), targets: try c.value("targets", or: []),
            netZeroTargetYear: netZeroTargetYear, netZeroYearPlanned: try c.optional("netZeroYearPlanned"),
            gap2030Tco2e: gap2030, gapNetZeroYearTco2e: gapNetZero, actionsShareOf2030Reduction: share,
            cumulativePlannedTco2e: try c.value("cumulativePlannedTco2e", or: (planned.reduce(0, +) * 10).rounded() / 10),
            requiredAnnualReductionRates: try c.value("requiredAnnualReductionRates", or: []),
            sectorContributions: try c.value("sectorContributions", or: []),
            unquantifiedActions: try c.value("unquantifiedActions", or: 0), benchmarks: try c.value("benchmarks", or: []),
            budget: try c.optional("budget"), notes: try c.value("notes", or: []), removalsTco2e: try c.value("removalsTco2e", or: 0),
            compensationTco2e: try c.value("compensationTco2e", or: []), excludedActions: try c.value("excludedActions", or: []),
            mankoStated: try c.optional("mankoStated"))
    }
}

extension BenchmarkResult {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ResultKey.self)
        self.init(
            id: try c.value("id"), title: try c.value("title", or: ""), source: try c.value("source", or: ""),
            year: try c.value("year"), referenceYear: try c.value("referenceYear"), reductionPercent: try c.value("reductionPercent"),
            planReductionPercent: try c.optional("planReductionPercent"), met: try c.optional("met"),
            plannedReductionPercent: try c.optional("plannedReductionPercent"), metByPlanned: try c.optional("metByPlanned"),
            status: try c.value("status", or: .evaluated), reason: try c.optional("reason"))
    }
}
