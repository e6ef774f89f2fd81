import SluiceEngine
import SluiceSupport


/// What the server serves, looked up again whenever it polls for changes. The model
/// registry implements it for `--model NAME[@ALIAS]`; `ModelFile` serves a file.
///
/// An implementation must be cheap to ask for `revision` (the server polls it about
/// once a second) and may be asked from any thread.
package protocol ServedModels: Sendable {
    /// The versions to serve for `name`: the one the alias points at (nil: the
    /// implementation's default, e.g. "production" or the only version), plus an
    /// optional canary with its share of the traffic. Throws when `name` or `alias`
    /// does not exist, with a message listing what does.
    func resolve(name: String, alias: String?) throws(SluiceError) -> ServingPlan

    /// A number that changes whenever the plan for `name` would change (an alias of
    /// `name` moved, the canary share changed, the file was rewritten).
    func revision(name: String) throws(SluiceError) -> Int64
}

/// The versions a server should answer with.
package struct ServingPlan: Sendable {
    /// One version of a model: a label that names it in responses, metrics and the
    /// prediction log ("3", "sha256:1a2b…"), and what to load.
    package struct Version: Sendable {
        /// A model artifact, loaded by the server's plugins; or a deployment bundle
        /// folder, loaded by the plugins it carries (so it is served by the build it
        /// was exported with).
        package enum Content: Sendable {
            case artifact(ModelArtifact)
            case bundle(folder: String)
        }

        package let label: String
        package let content: Content

        package init(label: String, artifact: ModelArtifact) {
            self.label = label
            content = .artifact(artifact)
        }

        package init(label: String, bundle folder: String) {
            self.label = label
            content = .bundle(folder: folder)
        }

        /// Where it comes from, for messages.
        package var origin: String {
            switch content {
            case .artifact(let artifact): artifact.origin
            case .bundle(let folder): folder
            }
        }
    }

    package let primary: Version
    package let canary: Version?
    /// The share of requests, 0 to 100, that the canary answers.
    package let canaryPercent: Double

    package init(primary: Version, canary: Version? = nil, canaryPercent: Double = 0) {
        self.primary = primary
        self.canary = canary
        self.canaryPercent = canary == nil ? 0 : min(max(canaryPercent, 0), 100)
    }
}
