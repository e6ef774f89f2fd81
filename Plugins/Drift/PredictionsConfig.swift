/// The `predictions` stage's configuration (see `PredictionsStage.configSchema`).
struct PredictionsConfig: Decodable {
    var model: String
    var window: WindowSetting?
    var directory: String
    /// The model version to keep; YAML reads `version: 3` as a number, so both are accepted.
    var version: String?

    enum CodingKeys: String, CodingKey { case model, window, directory, version }

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(String.self, forKey: .model)
        window = try container.decodeIfPresent(WindowSetting.self, forKey: .window)
        directory = try container.decodeIfPresent(String.self, forKey: .directory) ?? ".sluice/predictions"
        if let number = try? container.decodeIfPresent(Int.self, forKey: .version) {
            version = String(number)
        } else {
            version = try container.decodeIfPresent(String.self, forKey: .version)
        }
    }

    /// The model's log folder name: `sluice serve` names it after the model, with
    /// path separators and a leading dot replaced by "_" (so "team/house" logs to
    /// "team_house", and no name leaves the log directory).
    var folderName: String {
        let safe = model.map { $0 == "/" || $0 == "\\" ? "_" : $0 }
        return String(safe.first == "." ? ["_"] + safe.dropFirst() : safe)
    }
}
