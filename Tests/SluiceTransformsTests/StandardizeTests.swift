@testable import SluiceArrow
@testable import SluiceJSON
import Testing

/// `sluice.transforms/standardize`: z-scores fitted on train (population std, as
/// scikit-learn's StandardScaler), applied to train and test, published for serving.
@Suite struct StandardizeTests {
    private func train() throws -> ArrowTable {
        try ArrowTable([
            "x": .float64([1, 2, 3, 4]),
            "n": .int64([10, 20, 30, 40]),
            "c": .float64([7, 7, 7, 7]),
            "city": .utf8(["Oslo", "Lima", "Oslo", "Pune"]),
            "flag": .bool([true, false, true, true]),
            "y": .float64([100, 200, 300, 400]),
        ], metadata: ["sluice.target": "y"])
    }

    @Test func meansAndPopulationStdsMatchAHandCalculation() throws {
        let run = try Transforms.run("standardize", "{}", ["train": try train()])
        let out = try run.table("train")
        // x: mean 2.5, variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25, std √1.25 = 1.118033988749895
        // (StandardScaler().fit([[1],[2],[3],[4]]) gives mean_ 2.5, scale_ 1.118033988749895).
        #expect(close(out.doubles("x"), [-1.3416407864998738, -0.4472135954999579, 0.4472135954999579, 1.3416407864998738]))
        // n (int64) becomes float64: mean 25, std 11.180339887498949.
        #expect(close(out.doubles("n"), [-1.3416407864998738, -0.4472135954999579, 0.4472135954999579, 1.3416407864998738]))
        // A constant column is centred only (scale 1).
        #expect(out.doubles("c") == [0, 0, 0, 0])
        // The target, text and bool columns are left alone; the order and metadata stay.
        #expect(out.doubles("y") == [100, 200, 300, 400])
        #expect(out.values("city") == .utf8(["Oslo", "Lima", "Oslo", "Pune"]))
        #expect(out.values("flag") == .bool([true, false, true, true]))
        #expect(out.columnNames == ["x", "n", "c", "city", "flag", "y"])
        #expect(out.schema.metadata["sluice.target"] == "y")
    }

    @Test func theTestTableIsScaledWithWhatTrainGave() throws {
        let test = try ArrowTable([
            "x": .float64([5, nil]), "n": .int64([25, nil]), "c": .float64([8, 7]),
            "city": .utf8(["Rome", nil]), "flag": .bool([nil, true]), "y": .float64([1, 2]),
        ], metadata: ["sluice.target": "y"])
        let out = try Transforms.run("standardize", "{}", ["train": try train(), "test": test]).table("test")
        #expect(close(out.doubles("x"), [2.23606797749979, nil]))
        #expect(out.doubles("n") == [0, nil])
        #expect(out.doubles("c") == [1, 0])
        #expect(out.doubles("y") == [1, 2])
    }

    @Test func nullsAreIgnoredWhenFittingAndStayNull() throws {
        let table = try ArrowTable(["x": .float64([1, nil, 3, .nan])])
        let run = try Transforms.run("standardize", "{}", ["train": table])
        let x = try run.table("train").doubles("x")!
        // mean 2, std 1 from the two present values; NaN stays NaN.
        #expect(x[0] == -1 && x[1] == nil && x[2] == 1 && x[3]!.isNaN)
    }

    @Test func theScalerReportHoldsEachColumnsMeanStdAndScale() throws {
        let run = try Transforms.run("standardize", #"{"columns": ["x", "c"]}"#, ["train": try train()])
        let expected = try JSONValue.parse(#"""
            {"version": 1, "columns": {"x": {"mean": 2.5, "std": 1.118033988749895, "scale": 1.118033988749895},
                                       "c": {"mean": 7, "std": 0, "scale": 1}}}
            """#)
        #expect(try run.report("scaler") == expected)
        #expect(try run.artifact("scaler.json") == expected)
        #expect(run.outputs["scaler"]?.bytes?.data == run.artifacts["scaler.json"]?.data)
        // Only the listed columns change.
        #expect(try run.table("train").values("n") == .int64([10, 20, 30, 40]))
    }

    @Test func withoutATestInputTheTestOutputIsAnEmptyTableWithTheSameColumns() throws {
        let run = try Transforms.run("standardize", "{}", ["train": try train()])
        let test = try run.table("test")
        #expect(test.rowCount == 0)
        #expect(test.schema == (try run.table("train")).schema)
    }

    @Test func aTinyVarianceFromRoundingCountsAsConstant() throws {
        // The mean of three 0.1s is 0.10000000000000002 in floating point: not a real spread.
        let run = try Transforms.run("standardize", "{}", ["train": try ArrowTable(["x": .float64([0.1, 0.1, 0.1])])])
        #expect(try run.table("train").doubles("x")!.allSatisfy { abs($0!) < 1e-15 })
    }

    // MARK: bad input

    @Test func anUnknownColumnSuggestsTheClosestName() throws {
        let error = Transforms.failure { try Transforms.run("standardize", #"{"columns": ["X"]}"#, ["train": try train()]) }
        #expect(error?.code == .stageInvalidConfig)
        #expect(error?.message.contains("'columns' names column 'X', which the train table does not have. Did you mean 'x'? (its columns: x, n, c, city, flag, y)") == true)
    }

    @Test func aTextColumnIsRefusedWithAHintToOneHotItFirst() throws {
        let error = Transforms.failure { try Transforms.run("standardize", #"{"columns": ["city"]}"#, ["train": try train()]) }
        #expect(error?.code.id == "stage.invalid-input")
        #expect(error?.message.contains("column 'city' (string) cannot be standardized: standardize needs float or integer columns. one_hot it first, or leave it out of 'columns'") == true)
        let flag = Transforms.failure { try Transforms.run("standardize", #"{"columns": ["flag"]}"#, ["train": try train()]) }
        #expect(flag?.message.contains("column 'flag' (bool) cannot be standardized") == true)
    }

    @Test func anEmptyTrainTableCannotBeFitted() throws {
        let error = Transforms.failure { try Transforms.run("standardize", "{}", ["train": try ArrowTable(["x": .float64([])])]) }
        #expect(error?.code.id == "stage.invalid-input")
        #expect(error?.message.contains("the train table has no rows; standardize needs rows to fit on") == true)
    }

    @Test func aColumnWithOnlyNullsCannotBeFitted() throws {
        let error = Transforms.failure { try Transforms.run("standardize", "{}", ["train": try ArrowTable(["x": .float64([nil, nil])])]) }
        #expect(error?.message.contains("column 'x' has no values in the train table (all null): impute it first") == true)
    }

    @Test func aTestTableWithoutAFittedColumnIsAnInputError() throws {
        let error = Transforms.failure {
            try Transforms.run("standardize", "{}", ["train": try train(), "test": try ArrowTable(["x": .float64([1])])])
        }
        #expect(error?.message.contains("the test table has no column 'n', which standardize fitted on the train table") == true)
    }

    @Test func aColumnListedTwiceIsAConfigError() throws {
        let error = Transforms.failure { try Transforms.run("standardize", #"{"columns": ["x", "x"]}"#, ["train": try train()]) }
        #expect(error?.code == .stageInvalidConfig)
        #expect(error?.message.contains("'columns' lists column 'x' twice") == true)
    }
}
