import SluiceMonitoring
import SluicePipeline
import SluiceStore


/// What every part of `sluice monitor` works with: the pipeline and its monitoring plan,
/// where it lives, the project's stores, and the options that carry into runs it starts.
struct MonitorContext {
    let pipeline: Pipeline
    let plan: MonitoringPlan
    let location: PipelineLocation
    let store: RunStore
    let objects: ObjectStore
    let overrides: [String]
    let jobs: Int
    let pluginPaths: [String]
}
