import SluicePipeline
import SluiceStore

/// What every part of a monitor works with: the pipeline (its window applied) and its
/// monitoring plan, where it lives, the project's stores, and the options that carry
/// into the runs it starts.
package struct MonitorContext: Sendable {
    package let pipeline: Pipeline
    package let plan: MonitoringPlan
    package let location: PipelineLocation
    package let store: any RunStore
    package let objects: any ObjectStore
    /// The `--set` overrides: they carry into a retrain of this pipeline, not of another file.
    package let overrides: [String]
    package let jobs: Int
    /// Searched when a retrain loads another pipeline file.
    package let pluginPaths: [String]

    package init(pipeline: Pipeline, plan: MonitoringPlan, location: PipelineLocation, store: any RunStore, objects: any ObjectStore,
                 overrides: [String] = [], jobs: Int, pluginPaths: [String] = []) {
        self.pipeline = pipeline
        self.plan = plan
        self.location = location
        self.store = store
        self.objects = objects
        self.overrides = overrides
        self.jobs = jobs
        self.pluginPaths = pluginPaths
    }
}
