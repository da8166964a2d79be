// swift-tools-version: 6.1
import PackageDescription

// One list of compiler settings for every target (hummingbird's practice).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "planreview",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "planreview-worker", targets: ["planreview-worker"]),
        .executable(name: "planreview", targets: ["planreview"]),
        .executable(name: "planreview-bench", targets: ["planreview-bench"]),
        .executable(name: "planreview-overview", targets: ["planreview-overview"]),
        .library(name: "PlanReview", targets: ["PlanReview"]),
        .library(name: "AMQP", targets: ["AMQP"]),
        .library(name: "ReviewWorker", targets: ["ReviewWorker"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // The worker's /metrics, /healthz, /readyz.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        // The worker's layered configuration: Config/worker.yaml < environment < flags.
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0", traits: [.defaults, "YAML"]),
        // Latency percentiles of `planreview-bench` (Scripts/bench).
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        // The overview's stores: embedded SQLite by default, PostgreSQL when configured (docs/OVERVIEW.md).
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        // librabbitmq (Debian: librabbitmq-dev). Only the AMQP module imports it.
        .systemLibrary(
            name: "CRabbitMQ",
            pkgConfig: "librabbitmq",
            providers: [.apt(["librabbitmq-dev"])]
        ),
        .target(
            name: "AMQP",
            dependencies: ["CRabbitMQ"],
            swiftSettings: swiftSettings
        ),
        // The fast JSON parser, writer and canonical form: the only unsafe code.
        .target(
            name: "PlanReviewJSON",
            dependencies: [
                "PlanReviewContract",
                // SHA-256 of the content hash: BoringSSL's is ~5x the plain Swift one (docs/BENCHMARKS.md).
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The message contract's model: jobs, results, names. No logic.
        .target(
            name: "PlanReviewContract",
            swiftSettings: swiftSettings
        ),
        // The pure domain: validation, pathways, compliance. No files, no environment, no queues:
        // rulesets and reference data come in as values.
        .target(
            name: "PlanReview",
            dependencies: [
                "PlanReviewContract",
                "PlanReviewJSON",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Text, markdown and HTML (+ SVG) reports of a result.
        .target(
            name: "PlanReviewReports",
            dependencies: ["PlanReviewContract", "PlanReview"],
            swiftSettings: swiftSettings
        ),
        // Reads Config/ (rulesets, municipalities) into the values PlanReview takes: the only file
        // reads for reference data, used by the executables and the tests.
        .target(
            name: "PlanReviewResources",
            dependencies: ["PlanReview", "PlanReviewContract"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ReviewWorker",
            dependencies: [
                "AMQP",
                "PlanReview",
                "PlanReviewContract",
                "PlanReviewJSON",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                // The worker's layered configuration (WorkerSettings): Config/worker.yaml < environment < flags.
                .product(name: "Configuration", package: "swift-configuration"),
                // worker.yaml's keys, checked against the key table (a misspelt key is an error).
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Operator tooling for the CLI: queue statistics, the management API, worker metrics,
        // dead-letter tools, RabbitMQ definitions. Nothing in the worker uses it.
        .target(
            name: "PlanReviewOps",
            dependencies: [
                "AMQP",
                "PlanReviewContract",
                // The connection flags and errors every command shares (ConnectionOptions).
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // The worker process as both executables assemble it: flags, settings, logs, the Prometheus backend,
        // /metrics /healthz /readyz and the ServiceGroup (planreview-worker and planreview-bench worker).
        .target(
            name: "ReviewWorkerRuntime",
            dependencies: [
                "ReviewWorker",
                "PlanReview",
                "PlanReviewContract",
                "PlanReviewResources",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "planreview-worker",
            dependencies: [
                "ReviewWorkerRuntime",
                "ReviewWorker",
                "PlanReview",
                "PlanReviewResources",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "planreview",
            dependencies: [
                "AMQP",
                "PlanReview",
                "PlanReviewContract",
                "PlanReviewJSON",
                "PlanReviewOps",
                "PlanReviewReports",
                "PlanReviewResources",
                "PlanReviewOverview",
                "ReviewWorker",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Load, echo worker, open loop and the microbenchmark (Scripts/bench): out of the operator CLI.
        .executableTarget(
            name: "planreview-bench",
            dependencies: [
                "AMQP",
                "PlanReview",
                "PlanReviewContract",
                "PlanReviewJSON",
                "PlanReviewOps",
                "PlanReviewResources",
                "ReviewWorker",
                // `planreview-bench worker`: the worker process with the test kit's trap and echo reviews.
                "ReviewWorkerRuntime",
                "PlanReviewTestKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // Latency percentiles of the load runs.
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // The overview: results stream -> store (SQLite or PostgreSQL) -> pages, JSON and CSV (docs/OVERVIEW.md).
        .target(
            name: "PlanReviewOverview",
            dependencies: [
                "AMQP",
                "PlanReview",
                "PlanReviewContract",
                "PlanReviewReports",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "planreview-overview",
            dependencies: [
                "PlanReviewOverview",
                "PlanReview",
                "PlanReviewContract",
                "PlanReviewResources",
                "AMQP",
                // JSONLogHandler: the same JSON log lines as the worker.
                "ReviewWorker",
                // The executables' shared `main` (the environment check).
                "PlanReviewOps",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // libFuzzer target over decode + validate + review; Scripts/fuzz builds it with -sanitize=fuzzer.
        .executableTarget(
            name: "PlanReviewFuzz",
            dependencies: ["PlanReview", "PlanReviewContract", "PlanReviewResources"],
            swiftSettings: swiftSettings
        ),
        // What the tests share: the test broker, the topology harness, the one worker-process launcher,
        // broker inspection and result collection (hummingbird's HummingbirdTesting, ServiceLifecycleTestKit).
        .target(
            name: "PlanReviewTestKit",
            dependencies: [
                "AMQP", "PlanReview", "PlanReviewContract", "PlanReviewOps", "PlanReviewReports", "PlanReviewResources", "ReviewWorker",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Pure tests: seconds, no broker, run in parallel.
        .testTarget(
            name: "PlanReviewTests",
            dependencies: ["PlanReview", "PlanReviewContract", "PlanReviewJSON", "PlanReviewReports", "PlanReviewResources"],
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        // The overview without a broker: ingest, stores (SQLite; PostgreSQL when PLANREVIEW_TEST_POSTGRES_URL is
        // set), pages, CSV and JSON, and the page in headless Chromium; in parallel.
        .testTarget(
            name: "OverviewTests",
            dependencies: [
                "PlanReviewOverview", "PlanReview", "PlanReviewContract", "PlanReviewResources",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AMQPTests",
            dependencies: ["AMQP"],
            swiftSettings: swiftSettings
        ),
        // Pure tests of the consumer's rules (ConsumerCore, ConfirmTracker, watchdog, configuration layers): no broker, parallel.
        .testTarget(
            name: "ConsumerCoreTests",
            dependencies: [
                "ReviewWorker", "AMQP", "PlanReviewContract", "PlanReviewTestKit",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReviewWorkerTests",
            dependencies: [
                "ReviewWorker", "AMQP", "PlanReviewContract", .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: swiftSettings
        ),
        // The CLI's own pure logic (screen layouts).
        .testTarget(
            name: "CLITests",
            dependencies: ["planreview", "PlanReviewContract", "PlanReviewOps", "PlanReviewReports"],
            swiftSettings: swiftSettings
        ),
        // Against the real RabbitMQ that Scripts/test starts (AMQP_URL), and the built executables; one at a time.
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "AMQP", "PlanReview", "PlanReviewContract", "PlanReviewJSON", "PlanReviewOps", "PlanReviewReports",
                "PlanReviewResources", "PlanReviewTestKit", "ReviewWorker", "PlanReviewOverview",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
