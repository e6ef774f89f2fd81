import SluiceKit

/// What the deploy stages write on their `report` port and log: the version touched.
struct DeployReport: Encodable {
    var action: String
    var name: String
    var version: Int
    var digest: String?
    var alias: String?
    var percent: Double?
    var bundle: String?

    /// Logs the version as a metric/param and hands the report to the `report` port.
    func publish(_ call: StageCall, host: HostServices) throws {
        host.metric("registry.version", Double(version))
        host.param("registry.model", json: "\"\(name):\(version)\"")
        try call.output("report", bytes: try JSONValueEncoder().encode(self).bytes(.pretty), mediaType: "application/json")
    }
}

/// The config field every deploy stage shares: the model's registry name.
enum ModelName {
    static let schema = #""name":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9._-]*$","maxLength":128,"description":"the model's name in the registry"}"#
}

/// The `model` input every deploy stage reads.
enum ModelInput {
    static let port = Port("model", .model, description: "the trained model artifact")

    static func read(_ call: StageCall) throws -> (bytes: [UInt8], mediaType: String) {
        try call.inputBytes("model")
    }
}
