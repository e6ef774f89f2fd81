import SluiceMetrics
import Testing

/// The group fairness measures on tables small enough to check by hand.
@Suite struct FairnessTests {
    // Two slices, positive class 1:
    //   A: truth 1 1 0 0, predicted 1 0 1 0 → selection 2/4, TPR 1/2
    //   B: truth 1 1 1 0, predicted 1 1 1 0 → selection 3/4, TPR 3/3
    let groups = ["A", "A", "A", "A", "B", "B", "B", "B"]
    let truth = [1, 1, 0, 0, 1, 1, 1, 0]
    let predicted = [1, 0, 1, 0, 1, 1, 1, 0]

    @Test func slicesHaveTheirSelectionAndTruePositiveRates() {
        let slices = Fairness.slices(groups: groups, truth: truth, predicted: predicted, positive: 1)
        #expect(slices.map(\.group) == ["A", "B"])
        #expect(slices.map(\.selectionRate) == [0.5, 0.75])
        #expect(slices.map(\.truePositiveRate) == [0.5, 1])
        #expect(slices[1].rows == [4, 5, 6, 7])
    }

    @Test func parityMeasuresAreDifferencesAndARatioOfRates() throws {
        let slices = Fairness.slices(groups: groups, truth: truth, predicted: predicted, positive: 1)
        #expect(try Fairness.demographicParityDifference(slices) == 0.25)
        #expect(try Fairness.equalOpportunityDifference(slices) == 0.5)
        #expect(try Fairness.disparateImpactRatio(slices) == 0.5 / 0.75)
    }

    @Test func thePositiveLabelDecidesWhatIsSelected() throws {
        // With class 0 favourable: A selects 2/4, B 1/4.
        let slices = Fairness.slices(groups: groups, truth: truth, predicted: predicted, positive: 0)
        #expect(slices.map(\.selectionRate) == [0.5, 0.25])
        #expect(try Fairness.disparateImpactRatio(slices) == 0.5)
    }

    @Test func undefinedMeasuresSayWhy() {
        let one = Fairness.slices(groups: ["A", "A"], truth: [1, 0], predicted: [1, 0], positive: 1)
        #expect(throws: MetricError("metric.undefined", "demographic_parity_difference compares slices, and only 1 slice(s) qualify: the sensitive column needs at least two groups in the test rows")) {
            try Fairness.demographicParityDifference(one)
        }
        let none = Fairness.slices(groups: ["A", "B"], truth: [1, 0], predicted: [0, 0], positive: 1)
        #expect(throws: MetricError.self) { try Fairness.disparateImpactRatio(none) }
        // B has no positive row, so no TPR: only A is left.
        #expect(throws: MetricError.self) { try Fairness.equalOpportunityDifference(none) }
    }
}
