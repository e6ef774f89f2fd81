import CSluiceABI
import Foundation
import SluiceJSON
import SluicePipeline
import SluicePlugins
import SluiceStore
import SluiceSupport

/// A plugin stage instance the host created: `create` on init, `run` on demand,
/// `destroy` on deinit, all through the C protocol.
package final class LiveStage {
    package let plugin: PluginInfo
    package let stage: StageInfo
    /// The effective config: validated, with schema defaults filled in.
    package let config: JSONValue
    /// "plugin-id/stage-id", for messages.
    package let reference: String
    private let session: StageSession
    private let instance: UnsafeMutableRawPointer?

    /// How large an error message a plugin may write.
    package static let errorCapacity = 4096

    /// Validates `config` against the stage's schema and creates the instance.
    package init(plugin: PluginInfo, stage: StageInfo, config: JSONValue, context: StageContext) throws(SluiceError) {
        let reference = "\(plugin.id)/\(stage.id)"
        let effective = try Self.effectiveConfig(config, of: stage, reference: reference, stageName: context.stageName)
        self.plugin = plugin
        self.stage = stage
        let session = StageSession(context)
        self.config = effective
        self.session = session
        self.reference = reference

        let (status, created, message) = Self.create(stage, session: session, config: effective)
        guard status == Int32(SLUICE_OK.rawValue) else {
            throw Self.failure(status, message, reference: reference, context: context, during: "create")
        }
        instance = created
    }

    /// Calls the stage's `create` with `config` (already checked against its schema):
    /// the status, the instance and the plugin's message.
    package static func create(_ stage: StageInfo, session: StageSession, config: JSONValue) -> (status: Int32, instance: UnsafeMutableRawPointer?, message: String) {
        let text = Array(config.canonicalText.utf8CString)
        var created: UnsafeMutableRawPointer?
        var message = [CChar](repeating: 0, count: errorCapacity)
        let status = text.withUnsafeBufferPointer { json in
            message.withUnsafeMutableBufferPointer { error in
                stage.handle.table.create!(stage.handle.stage, session.table, json.baseAddress, json.count - 1, &created, error.baseAddress, error.count)
            }
        }
        return (status, created, message.withUnsafeBufferPointer { Self.message(in: $0) })
    }

    /// The text a plugin wrote into an error buffer; one that filled the buffer without
    /// a NUL is read to the buffer's end, never beyond.
    package static func message(in buffer: UnsafeBufferPointer<CChar>) -> String {
        String(decoding: UnsafeRawBufferPointer(buffer).prefix { $0 != 0 }, as: UTF8.self)
    }

    deinit {
        stage.handle.table.destroy!(instance)
    }

    /// `config` checked against the stage's schema, with the schema's defaults filled in.
    package static func effectiveConfig(_ config: JSONValue, of stage: StageInfo, reference: String, stageName: String) throws(SluiceError) -> JSONValue {
        let schema = ConfigSchema(stage.configSchema)
        let violations = schema.validate(config)
        guard violations.isEmpty else {
            throw SluiceError(
                .stageInvalidConfig, at: stageName.isEmpty ? reference : stageName,
                "config does not match \(reference)'s schema: " + violations.map(\.description).joined(separator: "; ")
            )
        }
        return schema.applyingDefaults(to: config)
    }

    /// Runs the stage once with these inputs and returns what it wrote to its outputs.
    package func run(inputs: [String: PortValue]) throws(SluiceError) -> [String: PortValue] {
        for port in stage.inputs where !port.optional && inputs[port.name] == nil {
            throw SluiceError(.stageMissingInput, at: session.context.stageName, "input '\(port.name)' of \(reference) received nothing: it is not connected, or the stage it comes from did not write that (optional) output")
        }
        let state = CallState(stage: stage, inputs: inputs)
        var call = state.table(session)
        // A stack buffer: this is the hot path of every stage call.
        let failure: SluiceError? = withUnsafeTemporaryAllocation(of: CChar.self, capacity: Self.errorCapacity) { error in
            error[0] = 0
            let status = stage.handle.table.run!(instance, &call, error.baseAddress, error.count)
            guard status != Int32(SLUICE_OK.rawValue) else { return nil }
            return Self.failure(status, Self.message(in: UnsafeBufferPointer(error)), reference: reference, context: session.context, during: "run")
        }
        if let failure { throw failure }
        guard state.outputs.count < stage.outputs.count else { return state.outputs }
        let missing = stage.outputs.filter { !$0.optional && state.outputs[$0.name] == nil }.map(\.name)
        guard missing.isEmpty else {
            throw SluiceError(
                .stageMissingOutput, at: session.context.stageName.isEmpty ? reference : session.context.stageName,
                "\(reference) returned success without writing its output(s) \(missing.joined(separator: ", ")). This is a bug in the plugin")
        }
        return state.outputs
    }

    /// The artifacts the stage stored so far, name → digest.
    package var artifacts: [String: String] { session.namedArtifacts }

    /// Whether the stage read state outside its inputs and config (then it is not cached).
    package var dependsOnOutsideState: Bool { session.dependsOnOutsideState }

    /// The media type of each artifact the stage stored, by name.
    package var artifactMediaTypes: [String: String] { session.artifactMediaTypes }

    private static func failure(_ status: Int32, _ text: String, reference: String, context: StageContext, during phase: String) -> SluiceError {
        let name = StageStatus(rawValue: status)
        let detail = text.isEmpty ? "no message (status \(status))" : text
        let kind: SluiceError.Kind = switch name {
        case .gateFailed: .gateFailed
        case .cancelled: .cancelled
        case .invalidConfig where phase == "create": .config
        default: .stageFailed
        }
        // The code names the protocol's status, so it is made here rather than declared.
        return SluiceError(
            SluiceError.Code("stage.\(name?.code ?? "status-\(status)")", kind: kind),
            at: context.stageName.isEmpty ? reference : context.stageName, "\(reference) failed in \(phase): \(detail)"
        )
    }
}

/// The protocol's status codes, named.
package enum StageStatus: Int32, Sendable {
    case ok = 0, invalidArgument, invalidConfig, invalidInput, failed, cancelled, unsupported, notFound, outOfMemory, gateFailed, io, `internal`

    /// A stable, hyphenated name for error codes ("gate-failed").
    package var code: String {
        switch self {
        case .ok: "ok"
        case .invalidArgument: "invalid-argument"
        case .invalidConfig: "invalid-config"
        case .invalidInput: "invalid-input"
        case .failed: "failed"
        case .cancelled: "cancelled"
        case .unsupported: "unsupported"
        case .notFound: "not-found"
        case .outOfMemory: "out-of-memory"
        case .gateFailed: "gate-failed"
        case .io: "io"
        case .internal: "internal"
        }
    }
}
