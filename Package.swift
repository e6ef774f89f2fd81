// swift-tools-version:6.0
import PackageDescription

// The package, by layer, from the stable protocol up to the command line. Each target is
// one concern; targets see each other's `package` symbols, and only SluiceKit (with
// SluiceJSON, and SluiceKitTesting for their tests) is `public`, for plugin authors.
//
// Built-in plugins are `.dynamic` library products so that the host loads them with
// dlopen exactly like a third-party plugin: they are never linked into the host. Every
// target under Plugins/ names its `path:` because SwiftPM would otherwise treat Plugins/
// as the home of its own package plugins.

let swiftCrypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")

// ---- The protocol and the plugin SDK --------------------------------------------------
let protocolTargets: [Target] = [
    // The stable protocol: one C header, nothing else. The only contract between host and plugins.
    .target(name: "CSluiceABI", path: "Sources/CSluiceABI"),
    // One JSON value type, reader and writer, for the host and for plugins.
    .target(name: "SluiceJSON", path: "Sources/SluiceJSON"),
    // The plugin SDK for Swift authors: stage protocols, tables over Arrow arrays, the export helper.
    .target(name: "SluiceKit", dependencies: ["CSluiceABI", "SluiceJSON"], path: "Sources/SluiceKit"),
    // For plugin authors' tests: runs a stage in memory through the C protocol, with a fake host.
    .target(name: "SluiceKitTesting", dependencies: ["CSluiceABI", "SluiceJSON", "SluiceKit"], path: "Sources/SluiceKitTesting"),
]

// ---- Pure libraries: no host, no protocol; plugins and the host link them ---------------
let libraryTargets: [Target] = [
    // Debian's libzstd and liblz4, and the buffer codecs over them (Arrow IPC body compression).
    .systemLibrary(name: "CZstd", path: "Sources/CZstd", providers: [.apt(["libzstd-dev"])]),
    .systemLibrary(name: "CLZ4", path: "Sources/CLZ4", providers: [.apt(["liblz4-dev"])]),
    .target(name: "SluiceCompression", dependencies: ["CZstd", "CLZ4"], path: "Sources/SluiceCompression"),
    // Starting child processes: posix_spawn, a poll loop, timeouts and cancellation (git, exec, curl).
    .target(name: "SluiceProcess", path: "Sources/SluiceProcess"),
    // OLS, ridge and L2-regularised logistic regression matching scikit-learn.
    .target(name: "SluiceLinear", path: "Libraries/SluiceLinear"),
    // Regression and classification metrics, fairness, and gate conditions.
    .target(name: "SluiceMetrics", path: "Libraries/SluiceMetrics"),
    // PSI, two-sample Kolmogorov–Smirnov and chi-squared tests matching scipy.
    .target(name: "SluiceDrift", path: "Libraries/SluiceDrift"),
    // ONNX models: a protobuf reader for the ONNX messages, graph checks, and an interpreter
    // of the operators that scikit-learn, XGBoost and LightGBM converters emit.
    .target(name: "SluiceONNX", path: "Libraries/SluiceONNX"),
]

// ---- The host, bottom to top ---------------------------------------------------------
let hostTargets: [Target] = [
    .target(name: "CSluiceSQLite", path: "Sources/CSluiceSQLite", linkerSettings: [.linkedLibrary("sqlite3")]),
    // memfd and descriptor passing for plugin workers (what Swift cannot call directly).
    .target(name: "CSluiceWorker", path: "Sources/CSluiceWorker"),
    // Errors, digests, did-you-mean suggestions, C string helpers, the host version.
    .target(name: "SluiceSupport", dependencies: [swiftCrypto], path: "Sources/SluiceSupport"),
    // Arrow in memory, the C Data Interface, and IPC files (Feather V2).
    .target(name: "SluiceArrow", dependencies: ["CSluiceABI", "SluiceSupport", "SluiceCompression"], path: "Sources/SluiceArrow"),
    // Finding, loading (dlopen) and describing plugins through the C protocol.
    .target(name: "SluicePlugins", dependencies: ["CSluiceABI", "SluiceSupport", "SluiceJSON"], path: "Sources/SluicePlugins"),
    // sluice.yaml: YAML with positions, interpolation, config schemas, port binding, diagnostics.
    .target(
        name: "SluicePipeline",
        dependencies: ["SluiceSupport", "SluiceJSON", "SluiceArrow", "SluicePlugins", .product(name: "Yams", package: "Yams")],
        path: "Sources/SluicePipeline"
    ),
    // The run store and the content-addressed object store, as protocols, with their
    // one-machine backends (SQLite through GRDB, local files).
    .target(
        name: "SluiceStore",
        dependencies: ["SluiceSupport", "SluiceJSON", "SluiceArrow", "CSluiceSQLite", .product(name: "GRDB", package: "GRDB.swift")],
        path: "Sources/SluiceStore"
    ),
    // Model versions, aliases and their audit trail: the rules, over SluiceStore's `RegistryStore`.
    .target(name: "SluiceRegistry", dependencies: ["SluiceSupport", "SluiceStore"], path: "Sources/SluiceRegistry"),
    // The executor: stage calls through the protocol, host services, caching, models, batch prediction.
    .target(
        name: "SluiceEngine",
        dependencies: [
            "CSluiceABI", "SluiceSupport", "SluiceJSON", "SluiceArrow", "SluicePlugins", "SluicePipeline", "SluiceStore", "SluiceRegistry",
            "SluiceProcess", "CSluiceWorker",
        ],
        path: "Sources/SluiceEngine"
    ),
    // Project and plugin templates (`sluice new`, `sluice plugin new`).
    .target(
        name: "SluiceScaffold",
        dependencies: ["SluiceSupport", "SluicePipeline", "SluicePlugins", .product(name: "Mustache", package: "swift-mustache")],
        path: "Sources/SluiceScaffold"
    ),
    // Drift findings and what a monitor does about them: alert, webhook, retrain.
    .target(
        name: "SluiceMonitoring",
        dependencies: ["SluiceSupport", "SluiceJSON", "SluicePipeline", "SluiceStore", "SluiceEngine", "SluiceProcess"],
        path: "Sources/SluiceMonitoring"
    ),
    // The model server (Hummingbird): Open Inference Protocol v2, /invocations, /metrics.
    .target(
        name: "SluiceServe",
        dependencies: [
            "SluiceSupport", "SluiceJSON", "SluiceArrow", "SluiceStore", "SluiceRegistry", "SluiceEngine", "SluiceMonitoring",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Logging", package: "swift-log"),
        ],
        path: "Sources/SluiceServe",
        exclude: ["PredictionLog.md"]
    ),
    // The command line: thin commands; maps error codes to exit statuses in one place.
    .executableTarget(
        name: "sluice",
        dependencies: [
            "SluiceSupport", "SluiceJSON", "SluiceArrow", "SluicePlugins", "SluicePipeline", "SluiceStore", "SluiceRegistry",
            "SluiceEngine", "SluiceScaffold", "SluiceMonitoring", "SluiceServe", "CSluiceWorker",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        path: "Sources/sluice"
    ),
]

// ---- Built-in plugins (each a .dynamic product) ----------------------------------------
let pluginTargets: [Target] = [
    .target(
        name: "SluicePluginHelloC", dependencies: ["CSluiceABI"], path: "Plugins/HelloC",
        cSettings: [.unsafeFlags(["-Werror=implicit-function-declaration", "-Wall", "-Wextra"])]
    ),
    // Runs a command as a stage (any language, any tool).
    .target(name: "SluicePluginExec", dependencies: ["SluiceKit", "SluiceProcess"], path: "Plugins/Exec"),
    // Loads CSV and JSON Lines files into tables.
    .target(name: "SluicePluginCSV", dependencies: ["SluiceKit"], path: "Plugins/CSV"),
    // split, standardize, one_hot, impute, select, filter.
    .target(name: "SluicePluginTransforms", dependencies: ["SluiceKit"], path: "Plugins/Transforms"),
    // Registers models, moves registry aliases, exports deployment bundles.
    .target(name: "SluicePluginDeploy", dependencies: ["SluiceKit", swiftCrypto], path: "Plugins/Deploy"),
    // The trainer `sluice.linear`: linear, ridge, logistic; model format in Plugins/Linear/MODEL_FORMAT.md.
    .target(name: "SluicePluginLinear", dependencies: ["SluiceKit", "SluiceLinear"], path: "Plugins/Linear", exclude: ["MODEL_FORMAT.md"]),
    // The tester `sluice.gates`: metric, bias and fairness gates over any model.
    .target(name: "SluicePluginGates", dependencies: ["SluiceKit", "SluiceMetrics"], path: "Plugins/Gates"),
    // The monitor `sluice.drift`: drift, prediction-log windows, live performance.
    .target(name: "SluicePluginDrift", dependencies: ["SluiceKit", "SluiceDrift", "SluiceMetrics", "SluiceJSON"], path: "Plugins/Drift"),
    // ONNX models from scikit-learn, XGBoost and LightGBM: import, check, predict (the SluiceONNX interpreter).
    .target(name: "SluicePluginONNX", dependencies: ["SluiceKit", "SluiceJSON", "SluiceONNX"], path: "Plugins/ONNX"),
    // A Swift plugin used by the tests: stages that log, fail, sleep and pass data.
    .target(name: "SluiceTestPlugin", dependencies: ["SluiceKit"], path: "Tests/Fixtures/TestPlugin"),
]
let pluginProducts: [Product] = [
    "SluicePluginHelloC", "SluicePluginExec", "SluicePluginCSV", "SluicePluginTransforms", "SluicePluginDeploy",
    "SluicePluginLinear", "SluicePluginGates", "SluicePluginDrift", "SluicePluginONNX", "SluiceTestPlugin",
].map { Product.library(name: $0, type: .dynamic, targets: [$0]) }

// ---- Benchmarks (run by hand, see Benchmarks/README.md) -------------------------------
let benchmarkTargets: [Target] = [
    .executableTarget(
        name: "sluice-bench", dependencies: ["SluiceSupport", "SluiceArrow", "SluicePlugins", "SluicePipeline", "SluiceStore", "SluiceRegistry", "SluiceEngine"],
        path: "Benchmarks/SluiceBench"
    ),
    .executableTarget(
        name: "sluice-linear-bench", dependencies: ["SluiceArrow", "SluicePlugins", "SluiceEngine", "SluiceLinear"],
        path: "Benchmarks/linear/LinearBench"
    ),
]

// ---- Tests: one target per source target, plus the command line end to end ------------
let testTargets: [Target] = [
    // Helpers the test targets share: temporary folders, running processes, Python.
    .target(name: "SluiceTestSupport", path: "Tests/SluiceTestSupport", exclude: ["Fixtures"]),
    .testTarget(name: "SluiceCompressionTests", dependencies: ["SluiceCompression", "SluiceTestSupport"], path: "Tests/SluiceCompressionTests"),
    .testTarget(name: "SluiceProcessTests", dependencies: ["SluiceProcess"], path: "Tests/SluiceProcessTests"),
    .testTarget(name: "SluiceJSONTests", dependencies: ["SluiceJSON"], path: "Tests/SluiceJSONTests"),
    .testTarget(name: "SluiceKitTests", dependencies: ["CSluiceABI", "SluiceKit"], path: "Tests/SluiceKitTests"),
    // The harness against stages of its own, the test plugin and a built-in plugin (loaded from the build).
    .testTarget(name: "SluiceKitTestingTests", dependencies: ["SluiceKit", "SluiceKitTesting", "SluiceTestSupport"], path: "Tests/SluiceKitTestingTests"),
    .testTarget(name: "SluiceArrowTests", dependencies: ["SluiceArrow", "SluiceCompression", "SluiceSupport", "SluiceTestSupport"], path: "Tests/SluiceArrowTests"),
    // A temporary project with the test plugins, for the pipeline and engine tests.
    .target(
        name: "SluicePipelineTestSupport", dependencies: ["SluicePipeline", "SluicePlugins", "SluiceTestSupport"],
        path: "Tests/SluicePipelineTestSupport"
    ),
    .testTarget(
        name: "SluicePipelineTests", dependencies: ["SluiceArrow", "SluiceJSON", "SluicePipeline", "SluicePipelineTestSupport", "SluicePlugins", "SluiceSupport", "SluiceTestSupport"],
        path: "Tests/SluicePipelineTests"
    ),
    .testTarget(name: "SluiceStoreTests", dependencies: ["SluiceArrow", "SluiceStore", "SluiceSupport", "SluiceTestSupport"], path: "Tests/SluiceStoreTests"),
    .testTarget(
        name: "SluiceEngineTests",
        dependencies: ["SluiceEngine", "SluiceRegistry", "SluiceStore", "SluicePipeline", "SluicePlugins", "SluiceArrow", "SluicePipelineTestSupport",
                       "SluiceTestSupport"],
        path: "Tests/SluiceEngineTests"
    ),
    .testTarget(name: "SluiceScaffoldTests", dependencies: ["SluicePipeline", "SluicePlugins", "SluiceScaffold", "SluiceSupport", "SluiceTestSupport"], path: "Tests/SluiceScaffoldTests"),
    .testTarget(
        name: "SluiceServeTests", dependencies: ["SluiceArrow", "SluiceEngine", "SluicePipeline", "SluicePlugins", "SluiceServe", "SluiceStore", "SluiceSupport", "SluiceTestSupport"],
        path: "Tests/SluiceServeTests"
    ),
    // The monitoring policy (what a check does about drift), with real run stores and pipelines.
    .testTarget(
        name: "SluiceMonitoringTests",
        dependencies: ["SluiceEngine", "SluiceJSON", "SluiceMonitoring", "SluicePipeline", "SluiceStore", "SluiceSupport", "SluiceTestSupport"],
        path: "Tests/SluiceMonitoringTests"
    ),
    .testTarget(name: "SluiceCLITests", dependencies: ["SluiceTestSupport"], path: "Tests/SluiceCLITests"),
    .testTarget(name: "SluiceONNXTests", dependencies: ["SluiceONNX", "SluiceTestSupport"], path: "Tests/SluiceONNXTests"),
    .testTarget(name: "SluiceLinearTests", dependencies: ["SluiceLinear", "SluiceTestSupport"], path: "Tests/SluiceLinearTests"),
    .testTarget(name: "SluiceMetricsTests", dependencies: ["SluiceMetrics", "SluiceTestSupport"], path: "Tests/SluiceMetricsTests", exclude: ["Fixtures"]),
    // Built-in plugins, tested through the host.
    .testTarget(name: "SluiceCSVTests", dependencies: ["SluiceArrow", "SluiceEngine", "SluiceJSON", "SluicePipeline", "SluicePlugins", "SluiceStore", "SluiceSupport", "SluiceTestSupport"], path: "Tests/SluiceCSVTests"),
    .testTarget(name: "SluiceTransformsTests", dependencies: ["SluiceArrow", "SluiceEngine", "SluiceJSON", "SluicePipeline", "SluicePlugins", "SluiceStore", "SluiceSupport", "SluiceTestSupport"], path: "Tests/SluiceTransformsTests"),
    .testTarget(
        name: "SluiceLinearPluginTests", dependencies: ["SluiceArrow", "SluiceEngine", "SluiceJSON", "SluiceLinear", "SluicePipeline", "SluicePlugins", "SluiceStore", "SluiceSupport", "SluiceTestSupport"],
        path: "Tests/SluiceLinearPluginTests", exclude: ["Fixtures"]
    ),
    .testTarget(name: "SluiceGatesTests", dependencies: ["SluiceArrow", "SluiceEngine", "SluiceJSON", "SluicePipeline", "SluicePlugins", "SluiceStore", "SluiceSupport", "SluiceTestSupport"], path: "Tests/SluiceGatesTests"),
    .testTarget(
        // SluiceServe: the prediction-log writer, so that tests read what the server writes.
        name: "SluiceDriftTests", dependencies: ["SluiceDrift", "SluiceEngine", "SluiceArrow", "SluiceStore", "SluiceServe", "SluiceTestSupport"],
        path: "Tests/SluiceDriftTests", exclude: ["Fixtures"]
    ),
]

let package = Package(
    name: "Sluice",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "sluice", targets: ["sluice"]),
        .library(name: "SluiceKit", targets: ["SluiceKit"]),
        .library(name: "SluiceJSON", targets: ["SluiceJSON"]),
        .library(name: "SluiceKitTesting", targets: ["SluiceKitTesting"]),
    ] + pluginProducts,
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Graceful shutdown and the log level of the server, used directly.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: protocolTargets + libraryTargets + hostTargets + pluginTargets + benchmarkTargets + testTargets
)
