import SluiceDrift
import Testing

/// PSI: the binning rule on a hand-computed example, then agreement with a numpy
/// implementation of the same rule on larger samples.
@Suite struct PopulationStabilityIndexTests {
    /// Reference 1…10, 4 bins. Edges are the reference's quantiles at ¼, ½, ¾ with linear
    /// interpolation at position 9p: 3.25, 5.5, 7.75. Bins (−∞, 3.25], (3.25, 5.5],
    /// (5.5, 7.75], (7.75, ∞) hold 3, 2, 2, 3 reference values: shares .3 .2 .2 .3.
    /// Current {1, 2, 4, 4, 5, 5, 5, 8, 12, 15}: 2, 5, 0, 3 values, shares .2 .5 0 .3;
    /// the empty bin's share is floored at 1e-4. PSI =
    ///   (.2 − .3) ln(.2/.3) + (.5 − .2) ln(.5/.2) + (1e-4 − .2) ln(1e-4/.2) + 0
    ///   = 0.040546511 + 0.274887220 + 1.519420402 = 1.834854132.
    @Test func numericExampleComputedByHand() throws {
        let reference = SortedSample((1...10).map(Double.init))
        let current = SortedSample([1, 2, 4, 4, 5, 5, 5, 8, 12, 15])
        #expect(PopulationStabilityIndex.quantileEdges(of: reference, bins: 4) == [3.25, 5.5, 7.75])
        let psi = try PopulationStabilityIndex.numeric(reference: reference, current: current, bins: 4, floor: 1e-4)
        #expect(psi.bins.map(\.referenceShare) == [0.3, 0.2, 0.2, 0.3])
        #expect(psi.bins.map(\.currentShare) == [0.2, 0.5, 0, 0.3])
        #expect(abs(psi.value - 1.8348541320355254) < 1e-12)
    }

    /// Reference a×50, b×30, c×20; current a×40, b×30, c×10 and d×20, a category the
    /// reference never had, which gets a bin of its own with reference share 0 → 1e-4:
    ///   (.4 − .5) ln(.8) + 0 + (.1 − .2) ln(.5) + (.2 − 1e-4) ln(.2/1e-4)
    ///   = 0.022314355 + 0.069314718 + 1.519420402 = 1.611049475.
    @Test func categoricalExampleComputedByHand() throws {
        let reference = CategoryCounts(Array(repeating: "a", count: 50) + Array(repeating: "b", count: 30) + Array(repeating: "c", count: 20))
        let current = CategoryCounts(Array(repeating: "a", count: 40) + Array(repeating: "b", count: 30) + Array(repeating: "c", count: 10)
            + Array(repeating: "d", count: 20))
        let psi = try PopulationStabilityIndex.categorical(reference: reference, current: current, floor: 1e-4)
        #expect(psi.bins.map(\.label) == ["a", "b", "c", ""])
        #expect(abs(psi.value - 1.6110494748498778) < 1e-12)
        #expect(current.unseenShare(comparedWith: reference) == 0.2)
    }

    @Test func identicalSamplesHaveZeroPSI() throws {
        let sample = SortedSample([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])
        #expect(try PopulationStabilityIndex.numeric(reference: sample, current: sample).value == 0)
    }

    /// Ties collapse edges: a reference of a single value has one edge and two bins.
    @Test func aConstantReferenceGivesTwoBins() throws {
        let psi = try PopulationStabilityIndex.numeric(reference: SortedSample([7, 7, 7]), current: SortedSample([7, 8]))
        #expect(psi.bins.count == 2)
        #expect(psi.bins.map(\.currentShare) == [0.5, 0.5])
    }

    @Test func badParametersAreErrorsNotTraps() {
        let sample = SortedSample([1, 2, 3])
        #expect(throws: DriftStatisticsError.self) { try PopulationStabilityIndex.numeric(reference: sample, current: sample, bins: 0) }
        #expect(throws: DriftStatisticsError.self) { try PopulationStabilityIndex.numeric(reference: sample, current: sample, floor: 0) }
        #expect(throws: DriftStatisticsError.emptySample("the current sample")) {
            try PopulationStabilityIndex.numeric(reference: sample, current: SortedSample([]))
        }
        #expect(throws: DriftStatisticsError.emptySample("the reference sample")) {
            try PopulationStabilityIndex.categorical(reference: CategoryCounts(), current: CategoryCounts(["a"]))
        }
    }

    static let numpyCases: [(reference: [Double], current: [Double], bins: Int)] = {
        var random = SeededNumbers(seed: 21)
        return [
            (random.normals(5_000), random.normals(4_000, mean: 0.2), 10),
            (random.normals(1_000), random.normals(3_000, sd: 2), 20),
            (random.integers(2_000, below: 6), random.integers(2_000, below: 8), 10),
            (random.normals(100), random.normals(10, mean: 3), 10),
        ]
    }()

    @Test func agreesWithNumpyOnTheSameRule() throws {
        let expected = try Scipy.answer(ScipyRequest(psi: Self.numpyCases.map { ($0.reference, $0.current, $0.bins, 1e-4) })).psi
        for (index, c) in Self.numpyCases.enumerated() {
            let psi = try PopulationStabilityIndex.numeric(reference: SortedSample(c.reference), current: SortedSample(c.current), bins: c.bins)
            #expect(agrees(psi.value, expected[index], within: 1e-12), "case \(index): \(psi.value) vs numpy \(expected[index])")
        }
    }
}
