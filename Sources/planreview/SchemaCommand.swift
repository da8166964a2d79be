import ArgumentParser
import Foundation
import PlanReview
import PlanReviewContract
import PlanReviewJSON
import PlanReviewOps
import PlanReviewReports
import PlanReviewResources

/// `planreview schema job|result`: print a JSON Schema of the message contract
/// (Config/schemas/job.v1.schema.json or result.v1.schema.json).
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schema", abstract: "Print the JSON Schema of a job or a result.")

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case job, result
    }

    @Argument(help: "job or result") var kind: Kind
    @Option(name: [.customLong("config"), .customLong("config-dir")], help: ArgumentHelp("The Config directory (default: located as for `review`).", valueName: "dir")) var config: String?

    func run() throws {
        guard let directory = config ?? ReviewConfiguration.locateConfigDirectory() else {
            throw CLIError("no Config directory found (set PLANREVIEW_CONFIG_DIR or pass --config DIR)")
        }
        let path = (directory as NSString).appendingPathComponent("schemas/\(kind.rawValue).v1.schema.json")
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
        FileHandle.standardOutput.write(data)
    }
}
