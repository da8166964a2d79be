import ArgumentParser
import Foundation

/// An error a command reports as it is: one line that says what is wrong (ArgumentParser prints
/// `Error: <description>` and exits 1).
public struct CLIError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension AsyncParsableCommand {
    /// ArgumentParser's `main`, with `problem` asked of the environment once the arguments parse (so
    /// --help and --version still answer): a problem it names is a usage error (exit 64). Every
    /// executable's `main` is this, with `EnvironmentName.unknownNamesProblem(in:)`.
    public static func main(checkingEnvironment problem: ([String: String]) -> String?) async {
        do {
            var command = try await asyncParseAsRoot()
            if let problem = problem(ProcessInfo.processInfo.environment) { throw ValidationError(problem) }
            if var command = command as? any AsyncParsableCommand { try await command.run() } else { try command.run() }
        } catch {
            exit(withError: error)
        }
    }
}

/// Expands directories to their *.json files (sorted), keeps files as given.
public enum JobFiles {
    public static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw ValidationError("no such file: \(path)") }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".json") }.sorted()
                files += names.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return files
    }
}

/// Writes one line to standard error (progress and summaries, so standard output stays data).
public func printErr(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

extension Duration {
    /// "1.23 s".
    public var formattedSeconds: String {
        let seconds = Double(components.seconds) + Double(components.attoseconds) / 1e18
        return String(format: "%.2f s", seconds)
    }

    /// The duration in seconds as a Double (rates and reports).
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
