import SluiceKit

/// Stage `reference`: the table a registered model was trained on, found by the host
/// through the registry and lineage (the run and stage that produced the model's
/// artifact, and the table that stage read), so a drift monitor compares production
/// data with exactly what the model learned from. Never cached: the alias may move.
///
/// The output keeps the model's feature columns and, unless `predictions: false`, adds
/// the model's own predictions on those rows (`prediction`, `probability_*`), so the
/// drift of what the model says is compared too: the prediction log holds the same
/// columns. Its metadata names the model (`sluice.model`, `sluice.model.version`).
struct ReferenceStage: Loader {
    struct Config: Decodable {
        var model: String
        var port: String?
        var predictions: Bool?
    }

    static let id = "reference"
    static let summary = "The training table of a registered model (e.g. NAME@production), found through lineage, with the model's predictions on it"
    static let volatile = true
    static let configSchema = #"""
        {"type":"object","additionalProperties":false,"required":["model"],
         "properties":{
           "model":{"type":"string","minLength":1,"description":"the registered model: NAME, NAME@ALIAS or NAME:VERSION (NAME alone: its production alias)"},
           "port":{"type":"string","minLength":1,"description":"the trainer's input that held the training table (default: 'train', else its only table input)"},
           "predictions":{"type":"boolean","default":true,"description":"add the model's predictions on the reference rows, to compare the prediction distribution too"}}}
        """#
    static let outputs = [
        Port("table", .table, description: "the model's features as it was trained on them, plus its predictions on them"),
    ]

    let config: Config
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let location = try host.trainingData(of: config.model, port: config.port)
        host.info("reference: \(location.name):\(location.version) was trained on input '\(location.port)' of stage '\(location.stage)' in run \(location.run) (\(location.digest))")
        let training = try host.readArrowFile(location.path)
        let pinned = "\(location.name):\(location.version)"
        guard let model = try host.loadModel(reference: pinned) else {
            throw StageError.notFound("\(pinned) is in the registry but its model could not be loaded")
        }
        let description = model.modelDescription
        let missing = description.features.map(\.name).filter { training[$0] == nil }
        guard missing.isEmpty else {
            throw StageError.invalidInput("the training table of \(pinned) (\(location.digest)) lacks the model's feature(s) \(missing.joined(separator: ", ")); it has \(training.columnNames.joined(separator: ", ")). Name the right trainer input with 'port'")
        }
        var columns = try description.features.map { try training.column($0.name) }
        if config.predictions ?? true {
            let predicted = try model.predict(training)
            columns += predicted.columns.filter { column in !columns.contains { $0.name == column.name } }
        }
        let table = try Table(columns, metadata: ["sluice.model": location.name, "sluice.model.version": String(location.version)])
        host.metric("reference.rows", Double(table.rowCount))
        try call.output("table", table: table)
    }
}
