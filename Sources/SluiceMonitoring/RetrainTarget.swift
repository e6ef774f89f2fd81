import SluicePipeline
import SluiceSupport

/// What `on_drift: retrain` runs: this pipeline's training stages (`retrain`), or the
/// whole of another pipeline file (`retrain: train.yaml`, relative to this one).
package struct RetrainTarget: Sendable {
    package let pipeline: Pipeline
    /// The stages to run with what they need; empty: every stage.
    package let stages: [String]
    package let location: PipelineLocation
    /// The monitor's `--set` overrides name this pipeline's params, so they carry into a
    /// retrain of it and not into another file.
    package let overrides: [String]

    /// Chooses the target of `retrain: file` (nil: no file). Throws when this pipeline
    /// has nothing to retrain, or the other file does not load.
    package init(_ file: String?, of context: MonitorContext) throws {
        guard let file else {
            guard !context.plan.training.isEmpty else {
                throw SluiceError(.monitorNoTraining, at: context.location.file,
                                  "on_drift retrain: every stage of this pipeline is a monitor or only feeds one, so there is nothing to retrain. Name the training pipeline: on_drift: [{retrain: train.yaml}]")
            }
            self.init(pipeline: context.pipeline, stages: context.plan.training, location: context.location, overrides: context.overrides)
            return
        }
        let path = file.hasPrefix("/") ? file : context.location.projectDirectory + "/" + file
        let other = PipelineLocation(path)
        self.init(pipeline: try other.load(overrides: [], pluginPaths: context.pluginPaths), stages: [], location: other, overrides: [])
    }

    private init(pipeline: Pipeline, stages: [String], location: PipelineLocation, overrides: [String]) {
        self.pipeline = pipeline
        self.stages = stages
        self.location = location
        self.overrides = overrides
    }
}
