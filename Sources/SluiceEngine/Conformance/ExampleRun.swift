import CSluiceABI
import Foundation
import SluiceJSON
import SluicePlugins
import SluiceStore
import SluiceSupport

/// What running one example of a stage gave, as the protocol saw it: where it ended,
/// the status and message the plugin returned, what it wrote and tried to write.
package struct ExampleRun {
    /// Where the run ended.
    package enum Phase: Equatable {
        /// The host refused the config (it breaks the schema): the plugin was not called.
        case config
        /// The example leaves out an input the stage requires: the plugin was not called.
        case inputs
        case create
        case run
    }

    package let phase: Phase
    /// The sluice_status the plugin returned (invalid_config when the host refused the config).
    package let status: Int32
    package let message: String
    package let outputs: [String: PortValue]
    /// Every output port the stage tried to write, in order, also refused ones.
    package let attempted: [String]
    /// How long `run` took, in seconds (0 when it was not called).
    package let seconds: Double

    /// The status as examples spell it: "ok", "invalid_config"...
    package var statusName: String { Self.name(of: status) }

    package static func name(of status: Int32) -> String {
        status >= 0 && Int(status) < StageExample.statusNames.count ? StageExample.statusNames[Int(status)] : "status \(status)"
    }

    /// "create returned invalid_config: <message>" and the like, for details.
    package var summary: String {
        let what = switch phase {
        case .config: "the host refused the config"
        case .inputs: "the host did not run it"
        case .create: "create returned \(statusName)"
        case .run: "run returned \(statusName)"
        }
        return message.isEmpty ? "\(what) with no message" : "\(what): \(message)"
    }
}

/// Runs examples of one stage in this process (a conformance worker), as the host runs a
/// stage: the config checked against the schema with its defaults filled in, `create`,
/// one `run` with the example's inputs, `destroy`. Unlike `LiveStage` it keeps the raw
/// status and message and watches every output the plugin tries to write, which is what
/// the checks judge.
package struct ExampleRunner {
    package let plugin: PluginInfo
    package let stage: StageInfo
    package let workDirectory: String

    package init(plugin: PluginInfo, stage: StageInfo, workDirectory: String) {
        self.plugin = plugin
        self.stage = stage
        self.workDirectory = workDirectory
    }

    private var reference: String { "\(plugin.id)/\(stage.id)" }

    /// Runs `example`; `cancellation` is what the stage's is_cancelled reads, and
    /// `willRun` is called just before `run` (for the cancellation check's clock).
    package func run(_ example: StageExample, cancellation: CancellationToken = CancellationToken(), willRun: () -> Void = {}) throws(SluiceError) -> ExampleRun {
        let inputs = try example.portValues()
        return run(config: example.config, inputs: inputs, cancellation: cancellation, willRun: willRun)
    }

    package func run(config: JSONValue, inputs: [String: PortValue], cancellation: CancellationToken = CancellationToken(), willRun: () -> Void = {}) -> ExampleRun {
        func ended(_ phase: ExampleRun.Phase, _ status: Int32, _ message: String, outputs: [String: PortValue] = [:], attempted: [String] = [], seconds: Double = 0) -> ExampleRun {
            ExampleRun(phase: phase, status: status, message: message, outputs: outputs, attempted: attempted, seconds: seconds)
        }
        let effective: JSONValue
        do {
            effective = try LiveStage.effectiveConfig(config, of: stage, reference: reference, stageName: "")
        } catch {
            return ended(.config, Int32(SLUICE_ERR_INVALID_CONFIG.rawValue), error.message)
        }
        if let missing = stage.inputs.first(where: { !$0.optional && inputs[$0.name] == nil }) {
            return ended(.inputs, Int32(SLUICE_ERR_INVALID_ARGUMENT.rawValue), "the example gives no input '\(missing.name)', which the stage requires")
        }
        let context = StageContext(runID: "conformance", stageName: stage.id, workDirectory: workDirectory, cancellation: cancellation)
        let session = StageSession(context)
        let (created, instance, createMessage) = LiveStage.create(stage, session: session, config: effective)
        guard created == Int32(SLUICE_OK.rawValue) else {
            return ended(.create, created, createMessage)
        }
        let state = CallState(stage: stage, inputs: inputs)
        let probe = OutputProbe()
        let call = ProbedCall(state.table(session), probe: probe)
        var message = [CChar](repeating: 0, count: LiveStage.errorCapacity)
        willRun()
        let start = ContinuousClock.now
        let status = message.withUnsafeMutableBufferPointer { error in
            stage.handle.table.run!(instance, call.pointer, error.baseAddress, error.count)
        }
        let seconds = Self.seconds(ContinuousClock.now - start)
        let run = ended(.run, status, message.withUnsafeBufferPointer { LiveStage.message(in: $0) }, outputs: state.outputs, attempted: probe.attempted, seconds: seconds)
        stage.handle.table.destroy!(instance)
        // The host table must outlive destroy (the plugin may log from it), and the call
        // table the run.
        withExtendedLifetime((session, state, call)) {}
        return run
    }

    package static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
