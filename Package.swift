// swift-tools-version:6.0
import PackageDescription

// Built-in plugins and test plugins are `.dynamic` library products so that the host
// loads them with dlopen exactly like a third-party plugin: they are never linked into
// the host. Every target under Plugins/ names its `path:` explicitly because SwiftPM
// would otherwise treat Plugins/ as the home of its own package plugins.
let package = Package(
    name: "Sluice",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sluice", targets: ["sluice"]),
        .library(name: "SluiceKit", targets: ["SluiceKit"]),
        .library(name: "SluicePluginHelloC", type: .dynamic, targets: ["SluicePluginHelloC"]),
        .library(name: "SluicePluginExec", type: .dynamic, targets: ["SluicePluginExec"]),
        .library(name: "SluicePluginCSV", type: .dynamic, targets: ["SluicePluginCSV"]),
        .library(name: "SluiceTestPlugin", type: .dynamic, targets: ["SluiceTestPlugin"]),
        .library(name: "SluicePluginTransforms", type: .dynamic, targets: ["SluicePluginTransforms"]),
        .library(name: "SluicePluginDeploy", type: .dynamic, targets: ["SluicePluginDeploy"]),
        .library(name: "SluicePluginGates", type: .dynamic, targets: ["SluicePluginGates"]),
        .library(name: "SluicePluginLinear", type: .dynamic, targets: ["SluicePluginLinear"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // Renders project and plugin templates (`sluice new`, `sluice plugin new`).
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // The model server (`sluice serve`, target SluiceServe): Hummingbird, and two of
        // its own dependencies the server uses directly (graceful shutdown, log level).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        // The stable protocol: one C header. The only contract between host and plugins.
        .target(name: "CSluiceABI", path: "Sources/CSluiceABI"),
        // SluiceJSON is pure Swift: a JSON pull reader the server (request bodies) and the
        // drift monitors (the prediction log) share.
        .target(name: "SluiceJSON", path: "Sources/SluiceJSON"),
        .target(name: "CSluiceSQLite", path: "Sources/CSluiceSQLite", linkerSettings: [.linkedLibrary("sqlite3")]),

        // The plugin SDK for Swift authors. Depends on the header only.
        .target(name: "SluiceKit", dependencies: ["CSluiceABI"], path: "Sources/SluiceKit"),

        // The host engine.
        .target(
            name: "SluiceCore",
            dependencies: [
                "CSluiceABI",
                "CSluiceSQLite",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            path: "Sources/SluiceCore"
        ),

        // The command line.
        .executableTarget(
            name: "sluice",
            dependencies: [
                "SluiceCore",
                "SluiceServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/sluice"
        ),

        // Built-in plugins.
        .target(
            name: "SluicePluginHelloC",
            dependencies: ["CSluiceABI"],
            path: "Plugins/HelloC",
            cSettings: [.unsafeFlags(["-Werror=implicit-function-declaration", "-Wall", "-Wextra"])]
        ),

        .target(name: "SluicePluginExec", dependencies: ["SluiceKit"], path: "Plugins/Exec"),
        // Loads CSV and JSON Lines files into tables.
        .target(name: "SluicePluginCSV", dependencies: ["SluiceKit"], path: "Plugins/CSV"),

        // The standard data transforms: split, standardize, one_hot, impute, select, filter.
        .target(name: "SluicePluginTransforms", dependencies: ["SluiceKit"], path: "Plugins/Transforms"),

        // Registers models, moves registry aliases, exports deployment bundles.
        .target(
            name: "SluicePluginDeploy",
            dependencies: ["SluiceKit", .product(name: "Crypto", package: "swift-crypto")],
            path: "Plugins/Deploy"
        ),

        // A Swift plugin used by the tests: stages that log, fail, sleep and pass data.
        .target(name: "SluiceTestPlugin", dependencies: ["SluiceKit"], path: "Tests/Fixtures/TestPlugin"),

        // Benchmarks (run by hand, see Benchmarks/README.md).
        .executableTarget(name: "sluice-bench", dependencies: ["SluiceCore"], path: "Benchmarks/SluiceBench"),

        // Helpers the test targets share: temporary folders, running processes,
        // compiling the C fixture plugin.
        .target(name: "SluiceTestSupport", path: "Tests/SluiceTestSupport", exclude: ["Fixtures"]),
        .testTarget(name: "SluiceCoreTests", dependencies: ["SluiceCore", "SluiceTestSupport"], path: "Tests/SluiceCoreTests"),
        .testTarget(name: "SluiceCLITests", dependencies: ["SluiceTestSupport"], path: "Tests/SluiceCLITests"),
        .testTarget(name: "SluiceKitTests", dependencies: ["SluiceKit"], path: "Tests/SluiceKitTests"),
        .testTarget(
            name: "SluiceTransformsTests", dependencies: ["SluiceCore", "SluiceTestSupport"],
            path: "Tests/SluiceTransformsTests"
        ),
        .testTarget(name: "SluiceCSVTests", dependencies: ["SluiceCore", "SluiceKit", "SluiceTestSupport"], path: "Tests/SluiceCSVTests"),

        // ---- Linear models (numerical core of the built-in trainer `sluice.linear`) ----
        // Pure Swift numerics, no dependency on SluiceCore or SluiceKit: OLS, ridge and
        // L2-regularised logistic regression matching scikit-learn. The plugin target
        // will depend on it.
        .target(name: "SluiceLinear", path: "Plugins/Linear/Numerics"),
        .testTarget(
            name: "SluiceLinearTests",
            dependencies: ["SluiceLinear", "SluiceTestSupport"],
            path: "Tests/SluiceLinearTests"
        ),

        // ---- The trainer plugin `sluice.linear` (issue 5): stages linear, ridge and
        // logistic, the model artifact format sluice.linear/1 (Plugins/Linear/MODEL_FORMAT.md)
        // and the model capability; tests through the host, and the benchmark.
        .target(name: "SluicePluginLinear", dependencies: ["SluiceKit", "SluiceLinear"], path: "Plugins/Linear/Plugin"),
        .testTarget(
            name: "SluiceLinearPluginTests",
            dependencies: ["SluiceCore", "SluiceLinear", "SluiceTestSupport"],
            path: "Tests/SluiceLinearPluginTests",
            exclude: ["Fixtures"]
        ),
        .executableTarget(
            name: "sluice-linear-bench", dependencies: ["SluiceCore", "SluiceLinear"],
            path: "Benchmarks/linear/LinearBench"
        ),
        // ---- end of linear models ----

        // ---- Quality gates (the built-in tester `sluice.gates`) ----
        // SluiceMetrics is pure Swift (no SluiceKit/SluiceCore) so that other stages, such
        // as the drift monitor's `performance`, can share the metric code and the gate
        // conditions. The plugin reaches models only through the host ("sluice.models/1").
        .target(name: "SluiceMetrics", path: "Plugins/Gates/Metrics"),
        .target(name: "SluicePluginGates", dependencies: ["SluiceKit", "SluiceMetrics"], path: "Plugins/Gates/Plugin"),
        .testTarget(
            name: "SluiceMetricsTests",
            dependencies: ["SluiceMetrics", "SluiceTestSupport"],
            path: "Tests/SluiceMetricsTests", exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "SluiceGatesTests",
            dependencies: ["SluiceCore", "SluiceTestSupport"],
            path: "Tests/SluiceGatesTests"
        ),
        // ---- end of quality gates ----
        // ---- Model server (`sluice serve`, issue 7) ----
        // Serves models through their plugins' "sluice.predict/1" over HTTP (Open Inference
        // Protocol v2, MLflow-style /invocations, Prometheus /metrics) on Hummingbird.
        .target(
            name: "SluiceServe",
            dependencies: [
                "SluiceCore",
                "SluiceJSON",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/SluiceServe",
            exclude: ["PredictionLog.md"]
        ),
        .testTarget(
            name: "SluiceServeTests",
            dependencies: ["SluiceServe", "SluiceCore", "SluiceTestSupport"],
            path: "Tests/SluiceServeTests"
        ),
        // ---- end of model server ----
    ]
)

// ---- Drift monitoring (issue 8): the statistics core and the built-in monitor `sluice.drift` ----
// SluiceDrift is pure Swift, no dependency on SluiceCore or SluiceKit: PSI, the two-sample
// Kolmogorov–Smirnov test and the chi-squared test matching scipy, with the special
// functions they need. The plugin wraps it as the `drift` stage; its tests run it through
// the host and compare the statistics with scipy.
package.products.append(.library(name: "SluicePluginDrift", type: .dynamic, targets: ["SluicePluginDrift"]))
package.targets += [
    .target(name: "SluiceDrift", path: "Plugins/Drift/Statistics"),
    .target(name: "SluicePluginDrift", dependencies: ["SluiceKit", "SluiceDrift", "SluiceMetrics", "SluiceJSON"], path: "Plugins/Drift/Plugin"),
    .testTarget(
        name: "SluiceDriftTests",
        // SluiceServe: the prediction-log writer, so that tests read what the server writes.
        dependencies: ["SluiceDrift", "SluiceCore", "SluiceServe", "SluiceTestSupport"],
        path: "Tests/SluiceDriftTests",
        exclude: ["Fixtures"]
    ),
]
// ---- end of drift monitoring ----
