@testable import SluiceArrow
@testable import SluiceJSON
import Testing

/// `sluice.transforms/impute`: missing values filled with what train gives.
@Suite struct ImputeTests {
    private func train() throws -> ArrowTable {
        try ArrowTable([
            "x": .float64([1, nil, 3, 10, .nan]),
            "n": .int64([1, 2, nil, 2, 4]),
            "city": .utf8(["Oslo", "Lima", nil, "Lima", "Oslo"]),
            "kind": .dictionary(["b", nil, "a", "a", "b"]),
            "full": .float64([1, 2, 3, 4, 5]),
            "y": .float64([1, nil, 1, 1, 1]),
        ], metadata: ["sluice.target": "y"])
    }

    @Test func meanFillsNumericColumnsWithTheirTrainMean() throws {
        let run = try Transforms.run("impute", #"{"columns": ["x", "n"]}"#, ["train": try train()])
        let out = try run.table("train")
        // x: mean of 1, 3, 10 (the null and the NaN are missing) = 14 / 3.
        #expect(close(out.doubles("x"), [1, 14.0 / 3, 3, 10, 14.0 / 3]))
        // n (int64): mean of 1, 2, 2, 4 = 2.25; the column becomes float64.
        #expect(out.doubles("n") == [1, 2, 2.25, 2, 4])
        #expect(out.schema.metadata["sluice.target"] == "y")
    }

    @Test func medianUsesTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() throws {
        let run = try Transforms.run("impute", #"{"strategy": "median", "columns": ["x", "n"]}"#, ["train": try train()])
        let out = try run.table("train")
        #expect(out.doubles("x") == [1, 3, 3, 10, 3])  // 1, 3, 10 → 3
        #expect(out.doubles("n") == [1, 2, 2, 2, 4])  // 1, 2, 2, 4 → 2
    }

    @Test func mostFrequentWorksForEveryTypeAndBreaksTiesTowardsTheSmallest() throws {
        let run = try Transforms.run("impute", #"{"strategy": "most_frequent"}"#, ["train": try train()])
        let out = try run.table("train")
        // Default columns: every column with missing values except the target y.
        #expect(out.values("n") == .int64([1, 2, 2, 2, 4]))
        #expect(out.strings("city") == ["Oslo", "Lima", "Lima", "Lima", "Oslo"])  // Lima and Oslo tie: Lima is smaller
        #expect(out.values("kind") == .dictionary(["b", "a", "a", "a", "b"]))
        #expect(out.doubles("x") == [1, 1, 3, 10, 1])  // all once: the smallest
        #expect(out.doubles("y") == [1, nil, 1, 1, 1])
    }

    @Test func constantFillsTheGivenValueAndAddsANewCategory() throws {
        let run = try Transforms.run("impute", #"{"strategy": "constant", "fill_value": "unknown", "columns": ["city", "kind"]}"#, ["train": try train()])
        let out = try run.table("train")
        #expect(out.strings("city") == ["Oslo", "Lima", "unknown", "Lima", "Oslo"])
        #expect(out.values("kind") == .dictionary(["b", "unknown", "a", "a", "b"]))

        let numbers = try Transforms.run("impute", #"{"strategy": "constant", "fill_value": 0, "columns": ["n", "x"]}"#, ["train": try train()])
        #expect(try numbers.table("train").values("n") == .int64([1, 2, 0, 2, 4]))
        #expect(try numbers.table("train").doubles("x") == [1, 0, 3, 10, 0])
    }

    @Test func theTestTableIsFilledWithWhatTrainGave() throws {
        let test = try ArrowTable([
            "x": .float64([nil, 2]), "n": .int64([nil, 7]), "city": .utf8([nil, "Rome"]),
            "kind": .dictionary([nil, "c"]), "full": .float64([nil, 1]), "y": .float64([0, 0]),
        ], metadata: ["sluice.target": "y"])
        let run = try Transforms.run("impute", #"{"strategy": "most_frequent"}"#, ["train": try train(), "test": test])
        let out = try run.table("test")
        #expect(out.doubles("x") == [1, 2])
        #expect(out.values("n") == .int64([2, 7]))
        #expect(out.strings("city") == ["Lima", "Rome"])
        #expect(out.values("kind") == .dictionary(["a", "c"]))
        // `full` has nulls only in test: it is imputed too, from train.
        #expect(out.doubles("full") == [1, 1])
    }

    @Test func theImputerReportHoldsEachColumnsFillValue() throws {
        let run = try Transforms.run("impute", #"{"strategy": "median", "columns": ["x", "n"]}"#, ["train": try train()])
        let expected = try JSONValue.parse(#"""
            {"version": 1, "strategy": "median",
             "columns": {"x": {"value": 3, "type": "float64"}, "n": {"value": 2, "type": "float64"}}}
            """#)
        #expect(try run.report("imputer") == expected)
        #expect(try run.artifact("imputer.json") == expected)
        #expect(run.logs(.info).contains("train: filled 2 missing value(s) of 'x' with 3"))
    }

    @Test func withNothingMissingTheTablesPassThrough() throws {
        let table = try ArrowTable(["x": .float64([1, 2])])
        let run = try Transforms.run("impute", "{}", ["train": table])
        #expect(try run.table("train").values("x") == .float64([1, 2]))
        #expect(try run.report("imputer") == JSONValue.parse(#"{"version": 1, "strategy": "mean", "columns": {}}"#))
    }

    // MARK: bad input

    @Test func meanOfATextColumnIsRefusedNamingTheColumn() throws {
        let error = Transforms.failure { try Transforms.run("impute", #"{"columns": ["city"]}"#, ["train": try train()]) }
        #expect(error?.code.id == "stage.invalid-input")
        #expect(error?.message.contains("column 'city' (string) cannot be imputed with strategy 'mean', which needs numbers: use strategy most_frequent or constant for it") == true)
        // With the default columns, the message says why that column was chosen.
        let implicit = Transforms.failure { try Transforms.run("impute", #"{"strategy": "median"}"#, ["train": try train()]) }
        #expect(implicit?.message.contains("column 'city' (string) cannot be imputed with strategy 'median'") == true)
        #expect(implicit?.message.contains("'columns' is not set") == true)
    }

    @Test func constantNeedsAFillValueOfTheColumnsType() throws {
        let missing = Transforms.failure { try Transforms.run("impute", #"{"strategy": "constant"}"#, ["train": try train()]) }
        #expect(missing?.code == .stageInvalidConfig)
        #expect(missing?.message.contains("strategy 'constant' needs 'fill_value'") == true)

        let unused = Transforms.failure { try Transforms.run("impute", #"{"fill_value": 1}"#, ["train": try train()]) }
        #expect(unused?.message.contains("'fill_value' is only used with strategy 'constant', not 'mean'") == true)

        let mismatch = Transforms.failure {
            try Transforms.run("impute", #"{"strategy": "constant", "fill_value": "none", "columns": ["n"]}"#, ["train": try train()])
        }
        #expect(mismatch?.code == .stageInvalidConfig)
        #expect(mismatch?.message.contains(#"'fill_value' "none" is a string, but column 'n' (int64) needs a whole number"#) == true)

        let fraction = Transforms.failure {
            try Transforms.run("impute", #"{"strategy": "constant", "fill_value": 2.5, "columns": ["n"]}"#, ["train": try train()])
        }
        #expect(fraction?.message.contains("'fill_value' 2.5 does not fit column 'n' (int64): give a whole number") == true)
    }

    @Test func anAllMissingColumnHasNothingToComputeFrom() throws {
        let table = try ArrowTable(["x": .float64([nil, .nan])])
        let error = Transforms.failure { try Transforms.run("impute", "{}", ["train": table]) }
        #expect(error?.message.contains("column 'x' has no values in the train table (all missing), so strategy 'mean' has nothing to compute: use strategy constant") == true)
    }

    @Test func anEmptyTrainTableCannotBeFitted() throws {
        let error = Transforms.failure { try Transforms.run("impute", #"{"columns": ["x"]}"#, ["train": try ArrowTable(["x": .float64([])])]) }
        #expect(error?.message.contains("the train table has no rows; impute (strategy mean) needs rows to fit on") == true)
    }

    @Test func anUnknownColumnSuggestsTheClosestName() throws {
        let error = Transforms.failure { try Transforms.run("impute", #"{"columns": ["citty"]}"#, ["train": try train()]) }
        #expect(error?.message.contains("'columns' names column 'citty', which the train table does not have. Did you mean 'city'?") == true)
    }
}
