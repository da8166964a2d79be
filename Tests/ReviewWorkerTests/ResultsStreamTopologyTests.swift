import Configuration
import PlanReviewContract
@testable import ReviewWorker
import Testing

/// The results stream in the topology, its retention keys, and the declare's migration message.
@Suite struct ResultsStreamTopologyTests {
    static func reader(_ values: [String: ConfigContent]) -> ConfigReader {
        ConfigReader(provider: InMemoryProvider(
            name: "file", values: Dictionary(uniqueKeysWithValues: values.map { (AbsoluteConfigKey(ConfigKey($0.key)), ConfigValue($0.value, isSecret: false)) })))
    }

    @Test func resultsAreAStreamWithBoundedRetentionBoundToResultsAndProgress() throws {
        let topology = Topology()
        let results = try #require(topology.queues.first { $0.name == "planreview.results" })
        #expect(results.arguments == ["x-queue-type": "stream", "x-max-age": "7D", "x-max-length-bytes": .int64(20_000_000_000)])
        #expect(topology.isStream(topology.resultsQueue))
        #expect(!topology.isStream(topology.jobsQueue))
        let keys = topology.bindings.filter { $0.queue == topology.resultsQueue }.map(\.routingKey)
        #expect(keys == ["result.#", "progress.#"])
        #expect(topology.bindings.filter { $0.queue == topology.resultsQueue }.allSatisfy { $0.exchange == "planreview.results" })
    }

    @Test(arguments: [("7D", true), ("1Y", true), ("36h", true), ("90s", true), ("7", false), ("D", false), ("0D", false), ("-1D", false), ("7d", false), ("7 D", false), ("", false)])
    func maxAgeIsANumberAndAUnit(_ text: String, _ valid: Bool) {
        #expect(Topology.isValidMaxAge(text) == valid)
    }

    @Test func retentionComesFromTheConfigurationKeys() throws {
        let settings = try WorkerSettings(reader: Self.reader(["results.maxAge": .string("36h"), "results.maxLengthBytes": .int(5_000_000_000)]))
        #expect(settings.worker.topology.resultsMaxAge == "36h")
        #expect(settings.worker.topology.resultsMaxLengthBytes == 5_000_000_000)
        let results = try #require(settings.worker.topology.queues.first { $0.name == settings.worker.topology.resultsQueue })
        #expect(results.arguments["x-max-age"] == "36h")
        #expect(WorkerSettings.Key.resultsMaxAge.environment == "PLANREVIEW_RESULTS_MAX_AGE")
        #expect(WorkerSettings.Key.resultsMaxLengthBytes.environment == "PLANREVIEW_RESULTS_MAX_LENGTH_BYTES")
    }

    @Test func aBadMaxAgeStopsTheWorkerWithTheKeyNamed() {
        #expect {
            try WorkerSettings(reader: Self.reader(["results.maxAge": .string("a week")]))
        } throws: { error in
            "\(error)".contains("results.maxAge") && "\(error)".contains("a week")
        }
    }

    /// The declare's problem for an older quorum queue says exactly what to run.
    @Test func theMigrationMessageSaysWhatToDo() {
        let problem = Topology.DeclareProblem.resultsQueueIsNotAStream(
            queue: "planreview.results", brokerReply: "PRECONDITION_FAILED - inequivalent arg 'x-queue-type' for queue 'planreview.results'")
        #expect(problem.description.contains("planreview topology migrate-results"))
        #expect(problem.description.contains("rabbitmqctl delete_queue planreview.results"))
        let retention = Topology.DeclareProblem.resultsRetentionDiffers(queue: "planreview.results", brokerReply: "inequivalent arg 'x-max-age'")
        #expect(retention.description.contains("results.maxAge"))
        #expect(retention.description.contains(#"'^planreview\.results$'"#))
    }
}
