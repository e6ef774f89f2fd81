import SluicePipeline
import SluiceSupport
/// Which stages of a pipeline monitor it and which train it. `sluice monitor` runs the
/// monitors (stages of kind `monitor`) with what they need; `on_drift: retrain` runs
/// the training stages: every stage that is not a monitor and does not only feed
/// monitors (a prediction-log loader, a reference loader).
package struct MonitoringPlan: Sendable {
    package let monitors: [String]
    package let training: [String]

    package init(_ pipeline: Pipeline) throws(SluiceError) {
        monitors = pipeline.stages.filter { $0.info.kind == .monitor }.map(\.name)
        guard !monitors.isEmpty else {
            throw SluiceError(.monitorNoMonitors, at: pipeline.file,
                              "the pipeline has no monitoring stage (a stage of kind monitor, such as sluice.drift/drift or sluice.drift/performance). Add one, e.g. `drift: {uses: sluice.drift/drift, needs: {reference: reference.table, current: predictions.features}}`")
        }
        var monitoring = Set(monitors)
        var dependants: [String: Set<String>] = [:]
        for stage in pipeline.stages {
            for dependency in stage.dependencies { dependants[dependency, default: []].insert(stage.name) }
        }
        // Grow the monitoring part upstream until a fixpoint: a stage joins when every
        // stage that needs it is already in.
        var changed = true
        while changed {
            changed = false
            for stage in pipeline.stages where !monitoring.contains(stage.name) {
                guard let users = dependants[stage.name], users.isSubset(of: monitoring) else { continue }
                monitoring.insert(stage.name)
                changed = true
            }
        }
        training = pipeline.stages.map(\.name).filter { !monitoring.contains($0) }
    }

    /// The pipeline a check runs: `option` (the text of `--window`), else the pipeline's
    /// `monitor.window`, set on every stage that takes a window; neither leaves each
    /// stage's own. A `--window` that no stage takes is refused rather than ignored, so
    /// the user does not believe the check looked at a window it did not.
    package static func windowed(_ pipeline: Pipeline, option: String?) throws(SluiceError) -> Pipeline {
        if let text = option, !takesWindow(pipeline) {
            throw SluiceError(.monitorNoWindow, at: "--window \(text)",
                              "no stage of \(pipeline.file) takes a window; the prediction-log loader sluice.drift/predictions does. Add one, or leave --window out")
        }
        guard let window = option.flatMap(MonitorWindow.init(parsing:)) ?? pipeline.monitor.window else { return pipeline }
        return applying(window, to: pipeline)
    }

    /// The pipeline with `window` set on every stage whose config takes one (the
    /// prediction-log loaders), so one option moves the whole monitoring run.
    package static func applying(_ window: MonitorWindow, to pipeline: Pipeline) -> Pipeline {
        let stages = pipeline.stages.map { stage in
            guard case .object(var config) = stage.config, takesWindow(stage) else { return stage }
            var changed = stage
            config["window"] = window.configValue
            changed.config = .object(config)
            return changed
        }
        return Pipeline(file: pipeline.file, digest: pipeline.digest, version: pipeline.version, name: pipeline.name, params: pipeline.params,
                        stages: stages, catalog: pipeline.catalog, monitor: pipeline.monitor)
    }

    /// Whether any stage takes a window (else `--window` has nothing to act on).
    package static func takesWindow(_ pipeline: Pipeline) -> Bool {
        pipeline.stages.contains(where: takesWindow)
    }

    /// Whether the stage's config schema declares a `window`.
    private static func takesWindow(_ stage: PipelineStage) -> Bool {
        stage.info.configSchema["properties"]?["window"] != nil
    }
}
