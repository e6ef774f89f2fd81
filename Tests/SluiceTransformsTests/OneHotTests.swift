@testable import SluiceArrow
@testable import SluiceJSON
import SluiceSupport
import Testing

/// `sluice.transforms/one_hot`: class columns become 0/1 columns named `column=value`.
@Suite struct OneHotTests {
    private func train() throws -> ArrowTable {
        try ArrowTable([
            "colour": .utf8(["red", "green", "red", "blue"]),
            "size": .dictionary(["small", "large", "small", "small"]),
            "x": .float64([1, 2, 3, 4]),
            "label": .utf8(["yes", "no", "no", "yes"]),
        ], metadata: ["sluice.target": "label"])
    }

    private func test() throws -> ArrowTable {
        try ArrowTable([
            "colour": .utf8(["green", "purple", nil]),
            "size": .dictionary(["large", "small", "medium"]),
            "x": .float64([5, 6, 7]),
            "label": .utf8(["no", "yes", "no"]),
        ], metadata: ["sluice.target": "label"])
    }

    @Test func eachCategoryBecomesAZeroOneColumnInPlaceOfTheOriginal() throws {
        let run = try Transforms.run("one_hot", "{}", ["train": try train()])
        let out = try run.table("train")
        // Text categories sorted; categorical ones in dictionary order; the target is left alone.
        #expect(out.columnNames == ["colour=blue", "colour=green", "colour=red", "size=small", "size=large", "x", "label"])
        #expect(out.doubles("colour=blue") == [0, 0, 0, 1])
        #expect(out.doubles("colour=green") == [0, 1, 0, 0])
        #expect(out.doubles("colour=red") == [1, 0, 1, 0])
        #expect(out.doubles("size=small") == [1, 0, 1, 1])
        #expect(out.doubles("size=large") == [0, 1, 0, 0])
        #expect(out.strings("label") == ["yes", "no", "no", "yes"])
        #expect(out.schema.metadata["sluice.target"] == "label")
    }

    @Test func unseenValuesInTestAreAllZerosByDefaultAndNullsToo() throws {
        let out = try Transforms.run("one_hot", "{}", ["train": try train(), "test": try test()]).table("test")
        #expect(out.doubles("colour=blue") == [0, 0, 0])
        #expect(out.doubles("colour=green") == [1, 0, 0])
        #expect(out.doubles("colour=red") == [0, 0, 0])
        #expect(out.doubles("size=small") == [0, 1, 0])
        #expect(out.doubles("size=large") == [1, 0, 0])
    }

    @Test func unseenOtherAddsAnOtherColumnToBothTables() throws {
        let run = try Transforms.run("one_hot", #"{"columns": ["colour"], "unseen": "other"}"#, ["train": try train(), "test": try test()])
        #expect(try run.table("train").doubles("colour=__other__") == [0, 0, 0, 0])
        let test = try run.table("test")
        #expect(test.columnNames == ["colour=blue", "colour=green", "colour=red", "colour=__other__", "size", "x", "label"])
        #expect(test.doubles("colour=__other__") == [0, 1, 0])
    }

    @Test func unseenErrorFailsNamingTheValueAndTheColumn() throws {
        let error = Transforms.failure {
            try Transforms.run("one_hot", #"{"columns": ["colour"], "unseen": "error"}"#, ["train": try train(), "test": try test()])
        }
        #expect(error?.code.id == "stage.invalid-input")
        #expect(error?.message.contains("column 'colour' has the value 'purple' in the test table (row 1), which train did not have (train's categories: blue, green, red). Set unseen: ignore or unseen: other") == true)
    }

    @Test func dropFirstLeavesOutEachColumnsFirstCategory() throws {
        let run = try Transforms.run("one_hot", #"{"drop_first": true}"#, ["train": try train()])
        #expect(try run.table("train").columnNames == ["colour=green", "colour=red", "size=large", "x", "label"])
        let encoding = try run.report("encoding")
        #expect(encoding.value(at: "/columns/colour/dropped") == .string("blue"))
    }

    @Test func boolAndIntegerColumnsCanBeListedAndAreNamedByTheirText() throws {
        let table = try ArrowTable(["rooms": .int64([10, 9, 10, nil]), "flag": .bool([true, false, nil, true])])
        let out = try Transforms.run("one_hot", #"{"columns": ["rooms", "flag"]}"#, ["train": table]).table("train")
        // Integers in numeric order (9 before 10); false before true; null gives zeros.
        #expect(out.columnNames == ["rooms=9", "rooms=10", "flag=false", "flag=true"])
        #expect(out.doubles("rooms=10") == [1, 0, 1, 0])
        #expect(out.doubles("flag=true") == [1, 0, 0, 1])
    }

    @Test func theEncodingReportListsTheLearntCategoriesAndColumns() throws {
        let run = try Transforms.run("one_hot", #"{"unseen": "other"}"#, ["train": try train()])
        let expected = try JSONValue.parse(#"""
            {"version": 1, "unseen": "other", "drop_first": false, "columns": {
              "colour": {"type": "utf8", "categories": ["blue", "green", "red"], "dropped": null,
                         "columns": ["colour=blue", "colour=green", "colour=red", "colour=__other__"]},
              "size": {"type": "utf8", "categories": ["small", "large"], "dropped": null,
                       "columns": ["size=small", "size=large", "size=__other__"]}}}
            """#)
        #expect(try run.report("encoding") == expected)
        #expect(try run.artifact("encoding.json") == expected)
    }

    // MARK: bad input

    @Test func aFloatColumnIsRefusedWithAHintToBinIt() throws {
        let error = Transforms.failure { try Transforms.run("one_hot", #"{"columns": ["x"]}"#, ["train": try train()]) }
        #expect(error?.code.id == "stage.invalid-input")
        #expect(error?.message.contains("column 'x' (float64) cannot be one-hot encoded: its values are continuous") == true)
        #expect(error?.message.contains("bin it into classes first") == true)
    }

    @Test func anUnknownColumnSuggestsTheClosestName() throws {
        let error = Transforms.failure { try Transforms.run("one_hot", #"{"columns": ["colur"]}"#, ["train": try train()]) }
        #expect(error?.message.contains("'columns' names column 'colur', which the train table does not have. Did you mean 'colour'?") == true)
    }

    @Test func aNewColumnNameThatIsAlreadyTakenIsAnError() throws {
        let table = try ArrowTable(["colour": .utf8(["red"]), "colour=red": .float64([1])])
        let error = Transforms.failure { try Transforms.run("one_hot", #"{"columns": ["colour"]}"#, ["train": table]) }
        #expect(error?.message.contains("one_hot would create a column 'colour=red', but the train table already has one") == true)
    }

    @Test func anEmptyTrainTableCannotBeFitted() throws {
        let error = Transforms.failure { try Transforms.run("one_hot", "{}", ["train": try ArrowTable(["colour": .utf8([])])]) }
        #expect(error?.message.contains("the train table has no rows; one_hot needs rows to fit on") == true)
    }

    @Test func anUnknownUnseenPolicyIsRefusedByTheSchema() throws {
        let error = Transforms.failure { try Transforms.run("one_hot", #"{"unseen": "skip"}"#, ["train": try train()]) }
        #expect(error?.code == .stageInvalidConfig)
        #expect(error?.message.contains(#""skip" is not one of "ignore", "error", "other""#) == true)
    }
}
