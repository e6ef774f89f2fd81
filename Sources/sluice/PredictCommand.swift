import ArgumentParser
import Foundation
import SluiceEngine
import SluiceRegistry
import SluiceStore
import SluiceSupport

/// `sluice predict`: scores a table file with a trained model, in batches, through the
/// model capability of whichever plugin made the model.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Scores a CSV or Arrow file with a trained model, streaming it in batches.",
        discussion: """
            The output keeps the input's columns and adds "prediction" (and, for classifiers, \
            "probability_<class>" per class). The model is a model file, or the digest (or a \
            unique prefix) of a model stored by a run in this project.
            """
    )

    @OptionGroup var plugins: PluginOptions
    @Option(help: "The model: a model file (e.g. exported with `sluice artifacts export`) or a stored artifact's digest.") var model: String
    @Option(help: "The table to score: FILE.csv (or .tsv) or FILE.arrow (Arrow IPC / Feather V2).") var input: String
    @Option(help: "Where to write the scored table: FILE.csv (or .tsv) or FILE.arrow.") var output: String
    @Option(help: "Rows per batch: memory holds one batch at a time.") var batchSize = 65_536
    @Flag(help: "Write only the prediction columns, not the input's.") var onlyPredictions = false
    @Option(help: "process: load the model in a worker process, so a crashing model plugin fails this command with the reason instead of crashing it. none (default): in this process, except Swift plugins of another toolchain.")
    var isolation: IsolationChoice?

    func validate() throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            // Models log (ABI 1.1 model host) to standard error, beside this command's own messages.
            let modelHost = HostTable.modelHost { level, message in printError("model \(LogLevel(protocolValue: level).name): \(message)") }
            let loader = ModelLoader(catalog: plugins.catalog(), sources: try modelSources(),
                                     isolation: ModelIsolation(all: isolation == .process), host: modelHost)
            let loaded = try loader.require(model)
            guard FileManager.default.fileExists(atPath: input) else {
                throw SluiceError(.predictNoInput, at: input, "no such file; give the CSV or Arrow file to score")
            }
            let predictor = BatchPredictor(model: loaded, batchSize: batchSize, onlyPredictions: onlyPredictions)
            let started = Date()
            let summary = try predictor.run(input: input, output: output)
            let seconds = Date().timeIntervalSince(started)
            print("\(output): \(summary.rows) rows scored in \(summary.batches) batch(es) by \(loaded.pluginID) \(loaded.pluginVersion) (\(loaded.summary.format), \(loaded.summary.task)) in \(String(format: "%.2f", seconds)) s")
        }
    }

    /// Model files, then (inside a project) the artifacts its runs stored and its registry.
    private func modelSources() throws(SluiceError) -> [any ModelSource] {
        var sources: [any ModelSource] = [FileModelSource()]
        let sluiceFolder = plugins.project + "/.sluice"
        if ProjectStores.hasRunStore(plugins.project) {
            let store = try ProjectStores.runStore(plugins.project)
            let objects: any ObjectStore
            do { objects = try ProjectStores.objectStore(plugins.project) } catch {
                throw SluiceError(.predictStore, at: sluiceFolder, "could not open the artifact store: \(error)")
            }
            sources.append(StoredModelSource(objects: objects, store: store))
            sources.append(RegistryModelSource(registry: ModelRegistry(store: store), objects: objects))
        }
        return sources
    }
}
