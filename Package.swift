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
        // Latency percentiles of `planreview load` (Scripts/bench).
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
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
        .target(
            name: "PlanReview",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                // SHA-256 of the content hash: BoringSSL's is ~5x the plain Swift one (docs/BENCHMARKS.md).
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ReviewWorker",
            dependencies: [
                "AMQP",
                "PlanReview",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                // The worker's layered configuration (WorkerSettings): Config/worker.yaml < environment < flags.
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "planreview-worker",
            dependencies: [
                "ReviewWorker",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "planreview",
            dependencies: [
                "AMQP",
                "PlanReview",
                "ReviewWorker",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // libFuzzer target over decode + validate + review; Scripts/fuzz builds it with -sanitize=fuzzer.
        .executableTarget(
            name: "PlanReviewFuzz",
            dependencies: ["PlanReview"],
            swiftSettings: swiftSettings
        ),
        // Pure tests: seconds, no broker.
        .testTarget(
            name: "PlanReviewTests",
            dependencies: ["PlanReview"],
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
            dependencies: ["ReviewWorker"],
            swiftSettings: swiftSettings
        ),
        // Broker tests: need AMQP_URL (Scripts/test starts a broker on loopback).
        .testTarget(
            name: "ReviewWorkerTests",
            dependencies: ["ReviewWorker", "AMQP", "PlanReview", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
    ]
)
