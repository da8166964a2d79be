import ArgumentParser

/// `planreview review FILE`: review a job file locally, no broker.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "review", abstract: "Review a job file locally (no broker needed).")
    @Argument(help: "A job JSON file.") var file: String
    func run() async throws { throw ValidationError("not yet implemented") }
}
