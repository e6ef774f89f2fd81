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
    /// prediction log ("3", "sha256:1a2b…"), and its artifact.
    package struct Version: Sendable {
        package let label: String
        package let artifact: ModelArtifact

        package init(label: String, artifact: ModelArtifact) {
            self.label = label
            self.artifact = artifact
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
