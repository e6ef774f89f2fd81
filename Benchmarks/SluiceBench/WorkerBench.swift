import Foundation
import SluiceArrow
import SluiceEngine
import SluicePlugins
import SluiceStore
import SluiceSupport

// What running a plugin in a worker process costs (issue 16's figures): starting a
// worker, one round trip over its channel, a large table there and back, and a
// 1-row model prediction in a worker against the same in this process.

func benchmarkWorker() {
    print("\n## Plugin workers (`isolation: process`)")
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
    let executable = products + "/sluice"
    guard FileManager.default.isExecutableFile(atPath: executable) else {
        print("build the sluice executable first (\(executable) is missing)")
        return
    }
    let settings = WorkerSettings(executable: executable)
    let context = StageContext(runID: "bench", stageName: "bench", workDirectory: "/tmp")
    let folder = makePlugins(1, defines: ["FIXTURE_NOOP", "FIXTURE_WITH_MODEL"])
    let catalog = PluginCatalog.discover(PluginSearchPath([PluginFolder(path: folder, origin: "bench")]),
                                         files: [(products + "/libSluicePluginTransforms.so", "bench")])
    let (noopPlugin, noopStage) = try! catalog.stage("bench.plugin0/\(catalog.plugin("bench.plugin0")!.stages[0].id)")

    // Start: spawn `sluice worker`, load the plugin there and create the stage; then close.
    var starts: [Double] = [], closes: [Double] = []
    for _ in 0..<30 {
        let start = now()
        var stage: WorkerStage? = try! WorkerStage(plugin: noopPlugin, stage: noopStage, config: .object([:]), context: context, settings: settings)
        starts.append(Double(now() - start) / 1e6)
        let close = now()
        stage = nil
        closes.append(Double(now() - close) / 1e6)
        _ = stage
    }
    print("| what | median | samples |")
    print("|---|---|---|")
    print("| worker start (spawn, load plugin, create stage) | \(String(format: "%.2f", median(starts))) ms | 30 |")
    print("| worker close (destroy, deinit, exit) | \(String(format: "%.2f", median(closes))) ms | 30 |")

    // Round trip: one `run` of a stage that does nothing, no inputs, no outputs.
    let noop = try! WorkerStage(plugin: noopPlugin, stage: noopStage, config: .object([:]), context: context, settings: settings)
    let inProcess = try! LiveStage(plugin: noopPlugin, stage: noopStage, config: .object([:]), context: context)
    var trips: [Double] = [], local: [Double] = []
    for _ in 0..<7 {
        var start = now()
        for _ in 0..<2_000 { _ = try! noop.run(inputs: [:]) }
        trips.append(Double(now() - start) / 2_000 / 1e3)
        start = now()
        for _ in 0..<2_000 { _ = try! inProcess.run(inputs: [:]) }
        local.append(Double(now() - start) / 2_000 / 1e3)
    }
    print("| stage round trip, worker (no-op stage, no data) | \(String(format: "%.1f", median(trips))) µs | 7 × 2,000 |")
    print("| the same call in process | \(String(format: "%.2f", median(local))) µs | 7 × 2,000 |")

    // A 1M × 20 float64 table (160 MB) to sluice.transforms/select in a worker and back.
    let rows = 1_000_000
    var columns: [ArrowValues] = []
    for index in 0..<20 { columns.append(.float64((0..<rows).map { Double($0 &* (index + 1)) * 0.5 })) }
    let schema = ArrowTableSchema((0..<20).map { ArrowField("f\($0)", .float64) })
    let table = try! ArrowTable(schema: schema, batches: [ArrowRecordBatch(columns)])
    let (selectPlugin, selectStage) = try! catalog.stage("sluice.transforms/select")
    let select = try! WorkerStage(plugin: selectPlugin, stage: selectStage, config: .object(["rename": .object(["f0": .string("g0")])]),
                                  context: context, settings: settings)
    // As a pipeline hands it: a stored table, whose mapped file goes over as it is.
    let stored = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-handoff-\(getpid()).arrow").path
    try! ArrowIPCFileWriter.write(table, to: stored)
    defer { try? FileManager.default.removeItem(atPath: stored) }
    let mapped = try! ArrowIPCFileReader.read(stored)
    for (what, input) in [("built in memory (copied into shared memory)", table), ("stored (its mapped file is passed)", mapped)] {
        var handoffs: [Double] = []
        for _ in 0..<7 {
            let start = now()
            guard case .table(let back)? = try! select.run(inputs: ["data": .table(input)])["data"] else { fatalError("no table") }
            precondition(back.rowCount == rows)
            handoffs.append(Double(now() - start) / 1e6)
        }
        print("| 1,000,000 × 20 float64 to a worker stage and back (select, rename), table \(what) | \(String(format: "%.1f", median(handoffs))) ms | 7 |")
    }

    // One-row prediction: a model in a worker vs the same model loaded here.
    let model = Array(#"{"format":"fixture.linear/1","intercept":1,"coef":{"x":2}}"#.utf8)
    let here = ModelLoader(catalog: catalog, sources: [])
    let there = ModelLoader(catalog: catalog, sources: [], isolation: ModelIsolation(all: true, executable: executable))
    let row = try! ArrowTable(["x": .float64([3])])
    func perCall(_ loaded: LoadedModel) -> Double {
        var rounds: [Double] = []
        for _ in 0..<7 {
            let start = now()
            for _ in 0..<2_000 { precondition(try! loaded.predict(row).rowCount == 1) }
            rounds.append(Double(now() - start) / 2_000 / 1e3)
        }
        return median(rounds)
    }
    let loadedHere = model.withUnsafeBytes { try! here.load($0, mediaType: nil, what: "bench") }
    let loadedThere = model.withUnsafeBytes { try! there.load($0, mediaType: nil, what: "bench") }
    print("| 1-row predict, model in process | \(String(format: "%.1f", perCall(loadedHere))) µs | 7 × 2,000 |")
    print("| 1-row predict, model in a worker | \(String(format: "%.1f", perCall(loadedThere))) µs | 7 × 2,000 |")
}
