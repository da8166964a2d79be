import Foundation

/// Where the broker addresses of a process come from: flags, else `AMQP_URL` (comma-separated for a
/// cluster), else the local default; `AMQP_PASSWORD_FILE` supplies the password so it is not in argv.
public enum BrokerAddresses {
    public static let defaultURL = "amqp://guest:guest@127.0.0.1:5672/%2F"

    public static func resolve(flags: [String], environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [AMQPConfiguration] {
        let urls = !flags.isEmpty ? flags : (environment["AMQP_URL"].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? [defaultURL])
        var brokers = try urls.map { url throws(AMQPError) in try AMQPConfiguration(url: url) }
        if let file = environment["AMQP_PASSWORD_FILE"], !file.isEmpty {
            let password = try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .newlines)
            for index in brokers.indices { brokers[index].password = password }
        }
        return brokers
    }
}
