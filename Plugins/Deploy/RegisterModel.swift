import SluiceKit

/// Stage `register`: registers the model on its input as a new version of `name`
/// (the same artifact again gives the version it already is).
struct RegisterModel: Deployer {
    struct Config: Decodable {
        var name: String
        var note: String?
    }

    static let id = "register"
    static let summary = "Registers the trained model as a new version in the model registry"
    static let configSchema = """
        {"type":"object","additionalProperties":false,"required":["name"],
         "properties":{\(ModelName.schema),
           "note":{"type":"string","description":"kept with the version"}}}
        """
    static let inputs = [ModelInput.port]
    static let outputs = [Port("report", .report, description: "the registered name, version and digest (JSON)")]

    let config: Config
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let model = try ModelInput.read(call)
        let version = try host.registerModel(name: config.name, artifact: model.bytes, mediaType: model.mediaType, note: config.note ?? "")
        let registered = try host.lookupModel("\(config.name):\(version)")
        host.info("registered \(config.name):\(version)")
        try DeployReport(action: "register", name: config.name, version: version, digest: registered?.digest).publish(call, host: host)
    }
}
