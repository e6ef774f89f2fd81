import Foundation
import SluiceJSON
import SluicePipeline
import SluiceSupport

/// What decides whether a stage's earlier outputs can be reused: the same plugin
/// library, stage, config, inputs and file dependencies always give the same outputs.
///
/// The fingerprint is the SHA-256 of the canonical JSON of
/// `{plugin, plugin_version, plugin_build, plugin_digest, stage, stage_version, config, inputs, deps, outs}`
/// where `plugin_digest` is the SHA-256 of the plugin's library file (a plugin rebuilt
/// with a change but the same version is a different plugin), `inputs` maps each input
/// port to its content digest, `deps` maps each declared file or folder to its content
/// digest, and `outs` lists the declared outputs.
package enum StageFingerprint {
    package static func compute(stage: PipelineStage, pluginDigest: String, inputs: [String: String], deps: [String: String]) -> String {
        let document = JSONValue.object([
            "plugin": .string(stage.plugin.id),
            "plugin_version": .string(stage.plugin.version),
            "plugin_build": .string(stage.plugin.build),
            "plugin_digest": .string(pluginDigest),
            "stage": .string(stage.info.id),
            "stage_version": .string(stage.info.version),
            "config": stage.config,
            "inputs": .object(inputs.mapValues(JSONValue.string)),
            "deps": .object(deps.mapValues(JSONValue.string)),
            "outs": .array(stage.outs.map(JSONValue.string)),
        ])
        return Array(document.canonicalText.utf8).withUnsafeBytes { sha256Digest($0) }
    }
}
