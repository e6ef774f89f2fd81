import SluiceKit

/// Stage `promote`: registers the model on its input and moves an alias to it.
/// `strategy: direct` moves `alias` (default production); `strategy: canary` sets the
/// `canary` alias with `canary_percent` of the traffic, leaving production as it is.
/// The host refuses a version whose run failed a quality gate.
struct PromoteModel: Deployer {
    struct Config: Decodable {
        enum Strategy: String, Decodable { case direct, canary }
        var name: String
        var alias: String?
        var strategy: Strategy?
        var canary_percent: Double?
        var note: String?
    }

    static let id = "promote"
    static let summary = "Registers the model and points an alias (production, or a canary share) at it"
    static let configSchema = """
        {"type":"object","additionalProperties":false,"required":["name"],
         "properties":{\(ModelName.schema),
           "alias":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9._-]*$","description":"the alias to move (default: production; canary for strategy canary)"},
           "strategy":{"type":"string","enum":["direct","canary"],"default":"direct","description":"direct: move the alias; canary: route canary_percent of requests to this version"},
           "canary_percent":{"type":"number","minimum":0,"maximum":100,"default":10,"description":"the canary's share of requests"},
           "note":{"type":"string","description":"why: kept in the alias history"}}}
        """
    static let inputs = [ModelInput.port]
    static let outputs = [Port("report", .report, description: "the version promoted and the alias moved (JSON)")]

    let config: Config
    let host: HostServices

    init(config: Config, host: HostServices) throws {
        if config.strategy != .canary, config.canary_percent != nil, config.canary_percent != 10 {
            throw StageError.invalidConfig("canary_percent only applies to strategy: canary; remove it or set strategy: canary")
        }
        self.config = config
        self.host = host
    }

    func run(_ call: StageCall) throws {
        let model = try ModelInput.read(call)
        let canary = config.strategy == .canary
        let alias = config.alias ?? (canary ? "canary" : "production")
        let percent = canary ? (config.canary_percent ?? 10) : nil
        let version = try host.registerModel(name: config.name, artifact: model.bytes, mediaType: model.mediaType, note: config.note ?? "")
        try host.setModelAlias(name: config.name, version: version, alias: alias, percent: percent, note: config.note ?? "")
        host.info("\(config.name)@\(alias) → version \(version)" + (percent.map { " for \($0)% of requests" } ?? ""))
        let registered = try host.lookupModel("\(config.name):\(version)")
        try DeployReport(action: "promote", name: config.name, version: version, digest: registered?.digest, alias: alias, percent: percent)
            .publish(call, host: host)
    }
}
