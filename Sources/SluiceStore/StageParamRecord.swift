/// A param a stage reported while running (`log_param`), as a JSON text.
package struct StageParamRecord: Sendable, Equatable {
    package var stage: String
    package var name: String
    package var value: String
    /// The run that recorded it, when it is shown for a cached stage of another run
    /// (as `MetricRecord.reusedFrom`); nil for one the run itself recorded.
    package var reusedFrom: String?

    package init(stage: String, name: String, value: String, reusedFrom: String? = nil) {
        self.stage = stage
        self.name = name
        self.value = value
        self.reusedFrom = reusedFrom
    }
}
