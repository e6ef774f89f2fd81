@testable import SluiceArrow
import SluiceSupport
import Testing

/// The drift report names the served model when the current table comes from the
/// `predictions` stage (schema metadata `sluice.model`).
@Suite struct DriftModelNameTests {
    static let reference = ["x": ArrowValues.float64((0..<200).map { Double($0 % 20) })]

    @Test func aCurrentTableFromThePredictionLogNamesItsModelInTheReport() throws {
        let current = try table([("x", .float64((0..<100).map { Double($0 % 20) }))], metadata: ["sluice.model": "house-prices"])
        let report = try Drift.run(reference: try table([("x", Self.reference["x"]!)]), current: current).report()
        #expect(report["model"] == .string("house-prices"))
    }

    @Test func anyOtherTableGivesAReportWithoutModel() throws {
        let current = try table([("x", .float64((0..<100).map { Double($0 % 20) }))])
        let report = try Drift.run(reference: try table([("x", Self.reference["x"]!)]), current: current).report()
        #expect(report["model"] == nil)
    }
}
