import SluiceKit

/// The ports every gates stage shares.
enum GatePorts {
    static let inputs = [
        Port("model", .model, description: "the model to test (any plugin's model artifact)"),
        Port("test", .table, description: "the table to test it on, with the target column"),
    ]
    static let outputs = [Port("report", .report, description: "what was measured and each gate's outcome (JSON)")]
}

/// Writes `report` on the `report` port and as artifact `name` of the stage. The
/// artifact is written first and its digest logged, because a stage that then fails
/// its gate has no outputs recorded, and the report is what explains the failure.
func publish(_ report: JSONText, artifact name: String, call: StageCall, host: HostServices) throws {
    let bytes = report.bytes
    let digest = try host.writeArtifact(name: name, mediaType: "application/json", bytes: bytes)
    host.info("report \(name) stored as \(digest)")
    try call.output("report", bytes: bytes, mediaType: "application/json")
}
