import Foundation
import PlanReviewContract
import PlanReviewJSON
import Yams

/// Everything a review needs that is not in the job: municipalities, rulesets, limits. Loaded
/// once at start by the executable (the only I/O in this module) and passed in as a value.
public struct ReviewConfiguration: Sendable {

    public var municipalities: MunicipalityRegistry
    /// By id; the default ruleset (`ContractDefaults.rulesetId`) is always present.
    public var rulesets: [String: Ruleset]
    public var limits: ValidationLimits
    /// The GPC subsector vocabulary with its Danish names (Config/gpc-subsectors.json); empty:
    /// subsectors are compared as written.
    public var gpc: GPCVocabulary

    public init(municipalities: MunicipalityRegistry, rulesets: [String: Ruleset], limits: ValidationLimits = ValidationLimits(), gpc: GPCVocabulary = GPCVocabulary()) {
        self.gpc = gpc
        self.municipalities = municipalities
        self.rulesets = rulesets
        self.limits = limits
    }

    /// Builds the configuration from the text of `municipalities.json` and the ruleset files, as the
    /// executable read them (PlanReviewResources reads a Config directory).
    ///
    /// - Parameters:
    ///   - municipalities: the official list (Config/municipalities.json).
    ///   - rulesets: every ruleset file; a file with `extends: <id>` is laid over `<id>.yaml` among them.
    /// - Throws: `ConfigurationError` naming the file and the field on malformed data.
    public static func parse(municipalities: ConfigurationFile, rulesets files: [ConfigurationFile], gpcSubsectors: ConfigurationFile? = nil) throws -> ReviewConfiguration {
        let registry = try parseMunicipalities(municipalities)
        let siblings = Dictionary(files.map { ($0.fileName, $0) }, uniquingKeysWith: { first, _ in first })
        var rulesets: [String: Ruleset] = [:]
        for file in files.sorted(by: { $0.path < $1.path }) {
            let ruleset = try parseRuleset(file, siblings: siblings)
            if rulesets[ruleset.id] != nil {
                throw ConfigurationError(file: file.path, field: "id", message: "duplicate ruleset id '\(ruleset.id)'")
            }
            rulesets[ruleset.id] = ruleset
        }
        guard rulesets[ContractDefaults.rulesetId] != nil else {
            throw ConfigurationError(file: "rulesets", field: nil, message: "the default ruleset '\(ContractDefaults.rulesetId)' is missing")
        }
        return ReviewConfiguration(municipalities: registry, rulesets: rulesets, gpc: try gpcSubsectors.map(GPCVocabulary.parse) ?? GPCVocabulary())
    }

    static func parseMunicipalities(_ file: ConfigurationFile) throws -> MunicipalityRegistry {
        struct FileFormat: Decodable {
            var source: String?
            var municipalities: [MunicipalityRef]
        }
        let decoded: FileFormat
        do { decoded = try JSONDecoder().decode(FileFormat.self, from: Data(file.text.utf8)) } catch let error as DecodingError {
            throw ConfigurationError(file: file.path, decodingError: error)
        } catch {
            throw ConfigurationError(file: file.path, field: nil, message: "\(error)")
        }
        var seen = Set<Int>()
        for (i, m) in decoded.municipalities.enumerated() {
            guard (100...999).contains(m.code) else {
                throw ConfigurationError(file: file.path, field: "municipalities[\(i)].code", message: "\(m.code) is not a 3-digit kommunekode")
            }
            guard seen.insert(m.code).inserted else {
                throw ConfigurationError(file: file.path, field: "municipalities[\(i)].code", message: "duplicate code \(m.code)")
            }
            guard !m.name.isEmpty else {
                throw ConfigurationError(file: file.path, field: "municipalities[\(i)].name", message: "empty name")
            }
        }
        return MunicipalityRegistry(decoded.municipalities)
    }

    static func parseRuleset(_ file: ConfigurationFile, siblings: [String: ConfigurationFile]) throws -> Ruleset {
        let ruleset: Ruleset
        do { ruleset = try Ruleset.decode(file, siblings: siblings) } catch let error as DecodingError {
            throw ConfigurationError(file: file.path, decodingError: error)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(file: file.path, field: nil, message: "invalid YAML: \(error)")
        }
        try check(ruleset, file: file.path)
        return ruleset
    }

    /// Checks what the decoder cannot: ranges and benchmark shapes.
    static func check(_ ruleset: Ruleset, file: String) throws {
        guard (0...100).contains(ruleset.pathway.residualSharePercent) else {
            throw ConfigurationError(file: file, field: "pathway.residualSharePercent", message: "must be between 0 and 100")
        }
        guard (1900...2100).contains(ruleset.pathway.horizonYear) else {
            throw ConfigurationError(file: file, field: "pathway.horizonYear", message: "must be between 1900 and 2100")
        }
        var ids = Set<String>()
        for (i, b) in ruleset.benchmarks.enumerated() {
            let field = "benchmarks[\(i)]"
            guard ids.insert(b.id).inserted else { throw ConfigurationError(file: file, field: "\(field).id", message: "duplicate benchmark id '\(b.id)'") }
            if let points = b.points {
                guard b.annualReductionPercent == nil else {
                    throw ConfigurationError(file: file, field: field, message: "give either points or annualReductionPercent, not both")
                }
                guard b.referenceYear != nil else {
                    throw ConfigurationError(file: file, field: "\(field).referenceYear", message: "required with points")
                }
                for (j, p) in points.enumerated() {
                    guard (1900...2100).contains(p.year) else { throw ConfigurationError(file: file, field: "\(field).points[\(j)].year", message: "must be between 1900 and 2100") }
                    guard p.netZero == true || p.reductionPercent.map({ (0...100).contains($0) }) == true else {
                        throw ConfigurationError(file: file, field: "\(field).points[\(j)]", message: "needs reductionPercent (0-100) or netZero: true")
                    }
                }
            } else if let rate = b.annualReductionPercent {
                guard rate > 0, rate < 100 else { throw ConfigurationError(file: file, field: "\(field).annualReductionPercent", message: "must be between 0 and 100 (exclusive)") }
                guard let years = b.years, !years.isEmpty, years.allSatisfy({ (1900...2100).contains($0) }) else {
                    throw ConfigurationError(file: file, field: "\(field).years", message: "required with annualReductionPercent: years between 1900 and 2100")
                }
            } else {
                throw ConfigurationError(file: file, field: field, message: "needs points or annualReductionPercent")
            }
        }
    }
}
