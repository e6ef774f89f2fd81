import SluiceKit

/// What happened when the harness ran a stage: how it ended, what it wrote, and what
/// it told the host.
public struct StageRun: Sendable {
    /// How the stage ended, as the host would judge it.
    public enum Outcome: Sendable, Equatable {
        /// `create` and `run` returned OK and every required output was written.
        case succeeded
        /// `create` returned this status and message (a config that does not decode...).
        case createFailed(Status, String)
        /// `run` returned this status and message (a thrown `StageError`...).
        case runFailed(Status, String)
        /// Required inputs were not given: as the host, the harness did not call `run`.
        case missingInputs([String])
        /// `run` returned OK without writing these required outputs: a bug in the stage.
        case missingOutputs([String])
    }

    /// How the stage ended.
    public let outcome: Outcome
    /// The tables written, by output port.
    public let tables: [String: Table]
    /// The bytes written (models, reports, blobs), by output port.
    public let bytes: [String: OutputBytes]
    /// Log lines, in order (from `create` and `run`).
    public let logs: [LogRecord]
    /// Metrics, in order.
    public let metrics: [MetricRecord]
    /// Parameters, in order.
    public let params: [ParamRecord]
    /// Progress reports, in order.
    public let progress: [ProgressRecord]
    /// Artifacts written, in order.
    public let artifacts: [ArtifactRecord]
    /// How many times the stage asked `is_cancelled`.
    public let cancellationChecks: Int
    /// The plugin, for loading what the stage wrote (`transform(_:)`, `model(_:)`).
    public let plugin: PluginUnderTest

    /// True when the stage succeeded.
    public var succeeded: Bool { outcome == .succeeded }

    /// The status `create` or `run` returned (`.ok` when both did, even if outputs are missing).
    public var status: Status {
        switch outcome {
        case .createFailed(let status, _), .runFailed(let status, _): status
        case .succeeded, .missingInputs, .missingOutputs: .ok
        }
    }

    /// The stage's error message, or what the host would say; "" on success.
    public var message: String {
        switch outcome {
        case .succeeded: ""
        case .createFailed(_, let message), .runFailed(_, let message): message
        case .missingInputs(let ports): "required input(s) \(ports.joined(separator: ", ")) received nothing"
        case .missingOutputs(let ports): "returned success without writing its output(s) \(ports.joined(separator: ", ")). This is a bug in the plugin"
        }
    }

    /// The table on output `port`, or an error saying what the stage wrote instead.
    public func table(_ port: String) throws -> Table {
        guard let table = tables[port] else { throw missing(port, "table") }
        return table
    }

    /// The bytes on output `port`, or an error saying what the stage wrote instead.
    public func output(_ port: String) throws -> OutputBytes {
        guard let output = bytes[port] else { throw missing(port, "bytes") }
        return output
    }

    /// The last value of the metric `name` (nil when never recorded).
    public func metric(_ name: String) -> Double? {
        metrics.last { $0.name == name }?.value
    }

    /// The artifact `name` (the last one written under that name).
    public func artifact(_ name: String) throws -> ArtifactRecord {
        guard let found = artifacts.last(where: { $0.name == name }) else {
            throw HarnessError("the stage wrote no artifact '\(name)'; it wrote: \(list(artifacts.map(\.name)))")
        }
        return found
    }

    /// The fitted transform on output `port`, loaded through the plugin's "sluice.transform/1".
    public func transform(_ port: String) throws -> TransformUnderTest {
        let output = try output(port)
        return try TransformUnderTest(plugin, artifact: output.bytes, mediaType: output.mediaType)
    }

    /// The model on output `port`, loaded through the plugin's "sluice.predict/1".
    public func model(_ port: String) throws -> ModelUnderTest {
        let output = try output(port)
        return try ModelUnderTest(plugin, artifact: output.bytes, mediaType: output.mediaType)
    }

    private func missing(_ port: String, _ what: String) -> HarnessError {
        let written = (Array(tables.keys) + Array(bytes.keys)).sorted()
        let ending = succeeded ? "" : " (the stage did not succeed: \(message))"
        return HarnessError("no \(what) on output '\(port)'; the stage wrote: \(list(written))\(ending)")
    }

    private func list(_ names: [String]) -> String {
        names.isEmpty ? "nothing" : names.joined(separator: ", ")
    }
}
