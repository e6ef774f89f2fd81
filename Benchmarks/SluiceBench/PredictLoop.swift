import Foundation
import SluiceArrow
import SluiceEngine
import SluicePlugins
import SluiceRegistry
import SluiceStore

/// In-process cost of one `predict` call of registered models (no HTTP): isolates what
/// an inference pipeline's steps cost from what serving costs. Run in a project made by
/// Benchmarks/serve/composite.sh (models `bare` and `pipeline`), with 1-row and 100-row tables:
///   sluice-bench predict PROJECT_DIR [bare|pipeline]
/// (one model alone, for `perf stat -e instructions:u`, which a loaded machine does not skew)
func benchmarkPredict(_ project: String, models: [String] = []) {
    let catalog = PluginCatalog.discover(PluginSearchPath.standard(projectDirectory: project))
    let store = try! SQLiteRunStore(path: project + "/.sluice/sluice.db")
    let objects = try! LocalObjectStore(directory: project + "/.sluice/objects")
    let loader = ModelLoader(catalog: catalog, sources: [RegistryModelSource(registry: ModelRegistry(store: store), objects: objects)])
    print("## Predict, in process (median of 5 rounds; 20,000 calls of 1 row, 2,000 of 100 rows)")
    print("| model | rows | per call | per row |")
    print("|---|---|---|---|")
    for rows in [1, 100] {
        // The serving benchmark's shape: f0..f19 numbers, c a text column of three classes.
        let numbers = (0..<20).map { index in ("f\(index)", ArrowValues.float64((0..<rows).map { Double(index) + 0.5 + Double($0 % 7) })) }
        let bare = try! ArrowTable(schema: ArrowTableSchema(numbers.map { ArrowField($0.0, $0.1.type) }), batches: [ArrowRecordBatch(numbers.map(\.1))])
        let raw = numbers + [("c", ArrowValues.utf8((0..<rows).map { ["red", "green", "blue"][$0 % 3] }))]
        let pipeline = try! ArrowTable(schema: ArrowTableSchema(raw.map { ArrowField($0.0, $0.1.type) }), batches: [ArrowRecordBatch(raw.map(\.1))])
        let calls = rows == 1 ? 20_000 : 2_000
        for (name, table) in [("bare", bare), ("pipeline", pipeline)] where models.isEmpty || models.contains(name) {
            let model = try! loader.require(name)
            var samples: [Double] = []
            for _ in 0..<5 {
                let start = now()
                for _ in 0..<calls { _ = try! model.predict(table) }
                samples.append(Double(now() - start) / Double(calls))
            }
            let perCall = median(samples) / 1000
            print("| \(name) | \(rows) | \(String(format: "%.1f", perCall)) µs | \(String(format: "%.2f", perCall / Double(rows))) µs |")
        }
    }
}
