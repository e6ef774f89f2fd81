import Foundation
import SluiceEngine
import SluiceMonitoring
import SluicePipeline
import SluiceStore
import SluiceTestSupport

/// A project as a user has it when monitoring starts: `sluice.yaml` trains `houses` on
/// x in 1...40 and promotes it to production; `monitor.yaml` compares `current.csv`
/// with that training data and does `onDrift` when they differ. The test plugin is in
/// the project's plugins/ folder, the built-in plugins are found beside the test runner.
final class MonitorProject {
    let folder: TemporaryFolder
    let store: any RunStore
    let objects: any ObjectStore

    /// x in 1...40, as trained on: no drift.
    static let trainingXs = (1...40).map(Double.init)
    /// Far from the training data: every feature drifts.
    static let shiftedXs = (1...40).map { Double($0) * 3 }

    init(onDrift: String = "[alert]", current: [Double] = MonitorProject.trainingXs) throws {
        folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.file("plugins"), withIntermediateDirectories: true)
        try folder.copy(TestEnvironment.product("libSluiceTestPlugin.so"), as: "plugins/libtestkit.so")
        store = try SQLiteRunStore(path: folder.file(".sluice/sluice.db"))
        objects = try LocalObjectStore(directory: folder.file(".sluice/objects"))
        try folder.write("houses.csv", "x,y\n" + Self.trainingXs.map { "\($0),\(2 * $0 + 1)" }.joined(separator: "\n") + "\n")
        try writeCurrent(current)
        try folder.write("sluice.yaml", Self.pipeline("houses", Self.trainingStages(folder)))
        try folder.write("monitor.yaml", Self.pipeline("houses-monitor", Self.monitoringStages(folder), monitor: "{on_drift: \(onDrift)}"))
    }

    deinit { folder.remove() }

    /// A pipeline file: one stage per line of `stages`, then the `monitor:` section.
    static func pipeline(_ name: String, _ stages: [String], monitor: String? = nil, params: String? = nil) -> String {
        "version: 1\nname: \(name)\n" + (params.map { "params: \($0)\n" } ?? "") + "stages:\n" + stages.map { "  \($0)\n" }.joined()
            + (monitor.map { "monitor: \($0)\n" } ?? "")
    }

    // Absolute data paths: the CLI runs stages in the project folder, these tests run in
    // parallel in one process and cannot change its folder.

    /// The stages of `sluice.yaml`; with `approval`, the release waits for one.
    static func trainingStages(_ folder: TemporaryFolder, approval: Bool = false) -> [String] {
        [
            #"load: {uses: sluice.csv/load, with: {path: "\#(folder.file("houses.csv"))", target: y}}"#,
            "train: {uses: sluice.testkit/fit_mean, needs: [load], with: {feature: x, slope: 2, intercept: 1}}",
            "release: {uses: sluice.deploy/promote, needs: [train.model], \(approval ? "approval: manual, " : "")with: {name: houses}}",
        ]
    }

    /// The stages of `monitor.yaml`: the production model's training data against current.csv.
    static func monitoringStages(_ folder: TemporaryFolder) -> [String] {
        [
            "reference: {uses: sluice.drift/reference, with: {model: houses@production}}",
            // deps: a check after current.csv changed must read it again, not reuse the last load.
            #"current: {uses: sluice.csv/load, deps: [current.csv], with: {path: "\#(folder.file("current.csv"))"}}"#,
            "drift: {uses: sluice.drift/drift, needs: {reference: reference.table, current: current}}",
        ]
    }

    /// `both.yaml`: the training and the monitoring stages in one pipeline named `houses`.
    func writeCombined(onDrift: String = "retrain", params: String? = nil) throws {
        try folder.write("both.yaml", Self.pipeline("houses", Self.trainingStages(folder) + Self.monitoringStages(folder),
                                                    monitor: "{on_drift: \(onDrift)}", params: params))
    }

    func writeCurrent(_ xs: [Double]) throws {
        try folder.write("current.csv", "x,prediction\n" + xs.map { "\($0),\(2 * $0 + 1)" }.joined(separator: "\n") + "\n")
    }

    func location(_ file: String) -> PipelineLocation { PipelineLocation(folder.file(file)) }

    /// Runs a pipeline file (only `stages` and what they need, when given), as `sluice
    /// run` does; throws unless it ends `expecting`.
    @discardableResult
    func run(_ file: String = "sluice.yaml", stages: [String] = [], expecting expected: RunStatus = .succeeded) throws -> RunOutcome {
        let location = location(file)
        let pipeline = try location.load(overrides: [], pluginPaths: [])
        let outcome = try PipelineExecutor(pipeline: pipeline, store: store, objects: objects,
                                           options: ExecutionOptions(jobs: 2, targets: stages, projectDirectory: location.projectDirectory)).run()
        guard outcome.status == expected else {
            throw TestSetupError("\(file) ended \(outcome.status.rawValue), not \(expected.rawValue): \(outcome.failures)")
        }
        return outcome
    }

    /// What `sluice monitor FILE [--window WINDOW]` checks with.
    func context(_ file: String = "monitor.yaml", window: String? = nil, overrides: [String] = []) throws -> MonitorContext {
        let location = location(file)
        let loaded = try location.load(overrides: overrides, pluginPaths: [])
        return MonitorContext(pipeline: try MonitoringPlan.windowed(loaded, option: window), plan: try MonitoringPlan(loaded),
                              location: location, store: store, objects: objects, overrides: overrides, jobs: 2)
    }

    /// A host for this project's checks.
    func host() -> PlainHost { PlainHost(store: store, objects: objects) }

    /// One check of `file`, as `sluice monitor FILE` does it.
    func check(_ file: String = "monitor.yaml", host: PlainHost? = nil) throws -> CheckResult {
        try MonitorCheck(context: try context(file)).run(host ?? self.host())
    }

    /// The on_drift events recorded in `runID`, in order.
    func actionEvents(_ runID: String) throws -> [EventRecord] {
        try store.detail(runID).events.filter { $0.message.hasPrefix("on_drift ") }
    }
}
