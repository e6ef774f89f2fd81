import Foundation
import SluiceArrow
import SluiceEngine
import SluicePlugins
import SluiceRegistry
import SluiceStore

/// In-process cost of one `predict` call of registered models (no HTTP): isolates what
/// an inference pipeline's steps cost from what serving costs. Run in a project made by
/// Benchmarks/serve/composite.sh (models `bare` and `pipeline`):
///   sluice-bench predict PROJECT_DIR
func benchmarkPredict(_ project: String) {
    let catalog = PluginCatalog.discover(PluginSearchPath.standard(projectDirectory: project))
    let store = try! SQLiteRunStore(path: project + "/.sluice/sluice.db")
    let objects = try! LocalObjectStore(directory: project + "/.sluice/objects")
    let loader = ModelLoader(catalog: catalog, sources: [RegistryModelSource(registry: ModelRegistry(store: store), objects: objects)])
    let numbers = (0..<20).map { index in ("f\(index)", ArrowValues.float64([Double(index) + 0.5])) }
    let bare = try! ArrowTable(schema: ArrowTableSchema(numbers.map { ArrowField($0.0, $0.1.type) }), batches: [ArrowRecordBatch(numbers.map(\.1))])
    let raw = numbers + [("c", ArrowValues.utf8(["red"]))]
    let pipeline = try! ArrowTable(schema: ArrowTableSchema(raw.map { ArrowField($0.0, $0.1.type) }), batches: [ArrowRecordBatch(raw.map(\.1))])
    print("## One-row predict, in process (median of 5 × 20,000 calls)")
    print("| model | per call |")
    print("|---|---|")
    for (name, table) in [("bare", bare), ("pipeline", pipeline)] {
        let model = try! loader.require(name)
        var samples: [Double] = []
        for _ in 0..<5 {
            let start = now()
            for _ in 0..<20_000 { _ = try! model.predict(table) }
            samples.append(Double(now() - start) / 20_000)
        }
        print("| \(name) | \(String(format: "%.1f", median(samples) / 1000)) µs |")
    }
}
