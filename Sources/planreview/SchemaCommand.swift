import ArgumentParser

/// `planreview schema job|result`: print a JSON Schema of the message contract.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schema", abstract: "Print the JSON Schema of a job or a result.")
    @Argument(help: "job or result") var kind: String
    func run() throws { throw ValidationError("not yet implemented") }
}
