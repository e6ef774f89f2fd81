import Foundation
import SluiceArrow
import SluicePlugins
import SluiceStore
import SluiceSupport
import Synchronization

/// `model-threads`: the protocol promises that a loaded model predicts from several
/// threads at once. A model the stage's example trains is loaded through the plugin's
/// "sluice.predict/1", predicts the example's table once alone, then `predictThreads`
/// threads, released together, predict it `predictsPerThread` times each; every result
/// must equal the one predicted alone.
package enum ModelThreadsCheck {
    package static func run(_ runner: ExampleRunner, settings: CheckSettings) -> ConformanceResult {
        let plugin = runner.plugin, stage = runner.stage
        guard PredictCapability(plugin) != nil else {
            return .skipped(.modelThreads, stage: stage.id, "the plugin has no model capability (sluice.predict/1)")
        }
        let modelPorts = stage.outputs.filter { $0.kind == .model }.map(\.name)
        let loader = ModelLoader(catalog: PluginCatalog(plugins: [plugin]))
        for example in stage.examples where example.expect.status == "ok" {
            guard let table = try? example.firstTable(), let run = try? runner.run(example), run.status == 0,
                  let model = modelPorts.lazy.compactMap({ run.outputs[$0] }).first, case .bytes(let bytes, let mediaType) = model else { continue }
            let loaded: LoadedModel, alone: ArrowTable
            do {
                loaded = try loader.load(bytes.pointer, mediaType: mediaType, what: "the model of example '\(example.name)'")
                alone = try loaded.predict(table)
            } catch {
                return .failed(.modelThreads, stage: stage.id, "the model example '\(example.name)' trains could not predict its table: \(error.message)")
            }
            let differences = concurrentDifferences(loaded, table: table, expected: alone, settings: settings)
            let total = settings.predictThreads * settings.predictsPerThread
            if let first = differences.first {
                return .failed(.modelThreads, stage: stage.id, "\(differences.count) of \(total) concurrent predictions differ from the one made alone (\(first)); a loaded model must be safe to share between threads")
            }
            return .passed(.modelThreads, stage: stage.id, "\(settings.predictThreads) threads x \(settings.predictsPerThread) predictions of example '\(example.name)' (\(table.rowCount) rows) equal the one made alone")
        }
        return .skipped(.modelThreads, stage: stage.id, modelPorts.isEmpty ? "the stage has no model output" : "no example expecting ok gives a table and writes a model")
    }

    private static func concurrentDifferences(_ model: LoadedModel, table: ArrowTable, expected: ArrowTable, settings: CheckSettings) -> [String] {
        let differences = Mutex<[String]>([])
        let go = DispatchSemaphore(value: 0), done = DispatchGroup()
        for _ in 0..<settings.predictThreads {
            done.enter()
            let thread = Thread {
                go.wait()
                for _ in 0..<settings.predictsPerThread {
                    let found: String?
                    do {
                        found = tableDifference(try model.predict(table), from: expected)
                    } catch {
                        found = "a prediction failed: \((error as? SluiceError)?.message ?? "\(error)")"
                    }
                    if let found { differences.withLock { $0.append(found) } }
                }
                done.leave()
            }
            thread.start()
        }
        // Released together, so that the predictions overlap.
        for _ in 0..<settings.predictThreads { go.signal() }
        done.wait()
        return differences.withLock { $0 }
    }
}
