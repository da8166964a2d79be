import ArgumentParser

/// `planreview bench`: microbenchmark of decode + review + encode.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench", abstract: "Microbenchmark decode + review + encode per job.")
    func run() throws { throw ValidationError("not yet implemented") }
}
