/// One stage of one run: where a cached stage's outputs, metrics and stage params came from.
package struct StageExecution: Sendable, Equatable, Hashable {
    package var runID: String
    package var stage: String

    package init(runID: String, stage: String) {
        self.runID = runID
        self.stage = stage
    }
}
