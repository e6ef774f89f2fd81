import SluiceJSON
import SluiceMonitoring
import SluicePipeline
import SluiceSupport
import Testing

/// Which stages monitor a pipeline and which train it, and how much of the prediction
/// log a check reads.
@Suite struct MonitoringPlanTests {
    /// `window.yaml`: a prediction-log loader with its own window of 500 rows; `monitor` adds a `monitor:` section.
    static func windowed(_ project: MonitorProject, monitor: String? = nil) throws -> Pipeline {
        try project.folder.write("window.yaml", MonitorProject.pipeline("houses-monitor", [
            "predictions: {uses: sluice.drift/predictions, with: {model: houses, window: 500}}",
            "reference: {uses: sluice.drift/reference, with: {model: houses@production}}",
            "drift: {uses: sluice.drift/drift, needs: {reference: reference.table, current: predictions.features}}",
        ], monitor: monitor))
        return try project.location("window.yaml").load(overrides: [], pluginPaths: [])
    }

    static func window(_ pipeline: Pipeline, _ stage: String) -> JSONValue? {
        pipeline.stage(stage)?.config["window"]
    }

    @Test func theWindowOptionWinsOverMonitorWindowOnEveryStageThatTakesOne() throws {
        let project = try MonitorProject()
        let pipeline = try MonitoringPlan.windowed(try Self.windowed(project, monitor: "{window: 1h}"), option: "80")
        #expect(Self.window(pipeline, "predictions")?.doubleValue == 80)
        #expect(Self.window(pipeline, "reference") == nil, "a stage without a window is left alone")
        #expect(Self.window(pipeline, "drift") == nil)
    }

    @Test func withoutTheOptionMonitorWindowApplies() throws {
        let project = try MonitorProject()
        let pipeline = try MonitoringPlan.windowed(try Self.windowed(project, monitor: "{window: 1h}"), option: nil)
        #expect(Self.window(pipeline, "predictions") == .string("1h"))
    }

    @Test func withNeitherEachStageKeepsItsOwnWindow() throws {
        let project = try MonitorProject()
        let pipeline = try MonitoringPlan.windowed(try Self.windowed(project), option: nil)
        #expect(Self.window(pipeline, "predictions")?.doubleValue == 500)
    }

    @Test func aWindowOptionThatNoStageTakesIsRefusedRatherThanIgnored() throws {
        let project = try MonitorProject()
        let pipeline = try project.location("monitor.yaml").load(overrides: [], pluginPaths: [])
        let error = #expect(throws: SluiceError.self) { try MonitoringPlan.windowed(pipeline, option: "1h") }
        #expect(error?.code == .monitorNoWindow)
        #expect(error?.location == "--window 1h")
        #expect(error?.message.contains("sluice.drift/predictions") == true, "it names the stage that takes a window")
    }

    @Test func trainingIsEveryStageThatNeitherMonitorsNorOnlyFeedsAMonitor() throws {
        let project = try MonitorProject()
        try project.writeCombined()
        let plan = try MonitoringPlan(try project.location("both.yaml").load(overrides: [], pluginPaths: []))
        #expect(plan.monitors == ["drift"])
        #expect(plan.training == ["load", "train", "release"], "reference and current only feed the drift stage")
    }

    @Test func aPipelineWithoutAMonitoringStageIsRefused() throws {
        let project = try MonitorProject()
        let pipeline = try project.location("sluice.yaml").load(overrides: [], pluginPaths: [])
        let error = #expect(throws: SluiceError.self) { try MonitoringPlan(pipeline) }
        #expect(error?.code == .monitorNoMonitors)
    }
}
