@testable import SluiceArrow
import Testing

/// `sluice.transforms/select`: keep, drop and rename columns; the target is kept and followed.
@Suite struct SelectTests {
    private func table() throws -> ArrowTable {
        try ArrowTable([
            "a": .float64([1, 2]), "b": .utf8(["x", "y"]), "c": .int64([3, 4]), "price": .float64([10, 20]),
        ], metadata: ["sluice.target": "price", "origin": "test"])
    }

    @Test func keepKeepsTheListedColumnsInItsOrderAndTheTarget() throws {
        let run = try Transforms.run("select", #"{"keep": ["c", "a"]}"#, ["data": try table()])
        let out = try run.table("data")
        #expect(out.columnNames == ["c", "a", "price"])
        #expect(out.values("c") == .int64([3, 4]))
        #expect(out.schema.metadata == ["sluice.target": "price", "origin": "test"])
        #expect(run.logs(.info).contains("kept the target column 'price' as well (the target is always kept)"))
    }

    @Test func dropDropsTheListedColumns() throws {
        let out = try Transforms.run("select", #"{"drop": ["b"]}"#, ["data": try table()]).table("data")
        #expect(out.columnNames == ["a", "c", "price"])
    }

    @Test func renameRenamesAndTheTargetFollows() throws {
        let out = try Transforms.run("select", #"{"rename": {"price": "y", "a": "b", "b": "a"}}"#, ["data": try table()]).table("data")
        #expect(out.columnNames == ["b", "a", "c", "y"])
        #expect(out.values("b") == .float64([1, 2]))
        #expect(out.schema.metadata["sluice.target"] == "y")
    }

    @Test func keepAndRenameCombine() throws {
        let out = try Transforms.run("select", #"{"keep": ["price", "b"], "rename": {"b": "label"}}"#, ["data": try table()]).table("data")
        #expect(out.columnNames == ["price", "label"])
    }

    // MARK: bad input

    @Test func anUnknownColumnSuggestsTheClosestNameAndListsTheColumns() throws {
        let error = Transforms.failure { try Transforms.run("select", #"{"keep": ["prise"]}"#, ["data": try table()]) }
        #expect(error?.code == .stageInvalidConfig)
        #expect(error?.message.contains("'keep' names column 'prise', which the input table does not have. Did you mean 'price'? (its columns: a, b, c, price)") == true)
        let rename = Transforms.failure { try Transforms.run("select", #"{"rename": {"zzz": "q"}}"#, ["data": try table()]) }
        #expect(rename?.message.contains("'rename' names column 'zzz', which the input table does not have. (its columns: a, b, c, price)") == true)
    }

    @Test func droppingTheTargetIsAConfigError() throws {
        let error = Transforms.failure { try Transforms.run("select", #"{"drop": ["price"]}"#, ["data": try table()]) }
        #expect(error?.message.contains("'drop' names 'price', the table's target column, which is always kept") == true)
    }

    @Test func conflictingChoicesAreConfigErrors() throws {
        let both = Transforms.failure { try Transforms.run("select", #"{"keep": ["a"], "drop": ["b"]}"#, ["data": try table()]) }
        #expect(both?.message.contains("give 'keep' or 'drop', not both") == true)
        let nothing = Transforms.failure { try Transforms.run("select", "{}", ["data": try table()]) }
        #expect(nothing?.message.contains("select needs 'keep', 'drop' or 'rename'") == true)
        let clash = Transforms.failure { try Transforms.run("select", #"{"rename": {"a": "c"}}"#, ["data": try table()]) }
        #expect(clash?.message.contains("'rename' gives a column the name 'c', which another column already has") == true)
        let same = Transforms.failure { try Transforms.run("select", #"{"rename": {"a": "z", "b": "z"}}"#, ["data": try table()]) }
        #expect(same?.message.contains("'rename' gives 'a' and 'b' the same new name 'z'") == true)
        let dropped = Transforms.failure { try Transforms.run("select", #"{"drop": ["a"], "rename": {"a": "z"}}"#, ["data": try table()]) }
        #expect(dropped?.message.contains("'rename' names column 'a', which 'drop' removes") == true)
    }
}
