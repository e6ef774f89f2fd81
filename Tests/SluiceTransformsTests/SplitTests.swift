@testable import SluiceArrow
import Testing

/// `sluice.transforms/split`: seeded, reproducible, optionally stratified train/test splits.
@Suite struct SplitTests {
    /// Ten rows, `id` 0...9, and a target.
    private func ten() throws -> ArrowTable {
        try ArrowTable([
            "id": .int64((0..<10).map { Int64($0) }),
            "y": .float64((0..<10).map { Double($0) / 2 }),
        ], metadata: ["sluice.target": "y"])
    }

    private func ids(_ table: ArrowTable) -> [Int64?] {
        if case .int64(let values)? = table.values("id") { return values }
        return []
    }

    @Test func aSeededSplitGivesTheSameRowsOnEveryPlatform() throws {
        // Expected rows from an independent SplitMix64 + Fisher–Yates in Python
        // (whose generator gives 0xe220a8397b1dcdaf first for seed 0, the published value).
        let run = try Transforms.run("split", #"{"seed": 42}"#, ["data": try ten()])
        #expect(ids(try run.table("train")) == [6, 5, 4, 0, 9, 2, 1, 7])
        #expect(ids(try run.table("test")) == [8, 3])
        let other = try Transforms.run("split", #"{"seed": 7}"#, ["data": try ten()])
        #expect(ids(try other.table("test")) == [9, 5])
    }

    @Test func theSameSeedGivesTheSameSplitAndAnotherSeedAnother() throws {
        let rows = try ArrowTable(["id": .int64((0..<100).map { Int64($0) })])
        let first = try Transforms.run("split", #"{"seed": 3}"#, ["data": rows])
        let again = try Transforms.run("split", #"{"seed": 3}"#, ["data": rows])
        let other = try Transforms.run("split", #"{"seed": 4}"#, ["data": rows])
        #expect(ids(try first.table("test")) == ids(try again.table("test")))
        #expect(ids(try first.table("train")) == ids(try again.table("train")))
        #expect(ids(try first.table("test")) != ids(try other.table("test")))
        // Every row lands in exactly one part.
        let all = (ids(try first.table("train")) + ids(try first.table("test"))).compactMap { $0 }.sorted()
        #expect(all == (0..<100).map { Int64($0) })
    }

    @Test func theTestPartIsTheFractionOfRowsRoundedUp() throws {
        let quarter = try Transforms.run("split", #"{"test_fraction": 0.25}"#, ["data": try ten()])
        #expect(try quarter.table("test").rowCount == 3)
        #expect(try quarter.table("train").rowCount == 7)
        // 0.7 × 10 is 7.000000000000001 in floating point: still 7 rows, not 8.
        let most = try Transforms.run("split", #"{"test_fraction": 0.7}"#, ["data": try ten()])
        #expect(try most.table("test").rowCount == 7)
    }

    @Test func withoutShuffleTrainIsTheFirstRowsAndTestTheLast() throws {
        let run = try Transforms.run("split", #"{"shuffle": false, "test_fraction": 0.3}"#, ["data": try ten()])
        #expect(ids(try run.table("train")) == [0, 1, 2, 3, 4, 5, 6])
        #expect(ids(try run.table("test")) == [7, 8, 9])
    }

    @Test func theMetadataAndEveryColumnArePassedOnAndTheRowCountsLogged() throws {
        let run = try Transforms.run("split", "{}", ["data": try ten()])
        let train = try run.table("train"), test = try run.table("test")
        #expect(train.schema.metadata["sluice.target"] == "y")
        #expect(test.schema.metadata["sluice.target"] == "y")
        #expect(train.columnNames == ["id", "y"])
        // y travels with its row.
        for table in [train, test] {
            #expect(zip(ids(table), table.doubles("y")!).allSatisfy { id, y in Double(id!) / 2 == y })
        }
        #expect(run.logs(.info).contains("train_rows: 8, test_rows: 2"))
        #expect(run.metrics == ["train_rows": 8, "test_rows": 2])
    }

    @Test func aStratifiedSplitKeepsEachClassProportionInBothParts() throws {
        // 50 a, 30 b, 20 c, interleaved.
        let labels = (0..<100).map { ($0 % 10 < 5) ? "a" : ($0 % 10 < 8 ? "b" : "c") }
        let table = try ArrowTable(["id": .int64((0..<100).map { Int64($0) }), "label": .dictionary(labels)])
        let run = try Transforms.run("split", #"{"stratify": "label", "seed": 11}"#, ["data": table])
        func counts(_ table: ArrowTable) -> [String: Int] {
            Dictionary(grouping: table.strings("label")!.compactMap { $0 }, by: { $0 }).mapValues(\.count)
        }
        #expect(counts(try run.table("test")) == ["a": 10, "b": 6, "c": 4])
        #expect(counts(try run.table("train")) == ["a": 40, "b": 24, "c": 16])
        #expect(run.logs(.info).contains("stratified on 'label' (train/test rows per class): 'a': 40/10, 'b': 24/6, 'c': 16/4"))

        let again = try Transforms.run("split", #"{"stratify": "label", "seed": 11}"#, ["data": table])
        #expect(ids(try again.table("test")) == ids(try run.table("test")))
        let other = try Transforms.run("split", #"{"stratify": "label", "seed": 12}"#, ["data": table])
        #expect(ids(try other.table("test")) != ids(try run.table("test")))
        #expect(counts(try other.table("test")) == ["a": 10, "b": 6, "c": 4])
    }

    @Test func aStratifiedSplitPutsEveryClassOfTwoOrMoreRowsInBothParts() throws {
        // 0.2 × 2 rounds to 0, but each part still gets a row of class "b".
        let table = try ArrowTable(["id": .int64((0..<12).map { Int64($0) }), "label": .utf8(Array(repeating: "a", count: 10) + ["b", "b"])])
        let run = try Transforms.run("split", #"{"stratify": "label"}"#, ["data": table])
        #expect(try run.table("test").strings("label")!.filter { $0 == "b" }.count == 1)
        #expect(try run.table("train").strings("label")!.filter { $0 == "b" }.count == 1)
    }

    @Test func aClassWithASingleRowGoesToTrainWithAWarning() throws {
        let table = try ArrowTable([
            "id": .int64((0..<11).map { Int64($0) }),
            "label": .utf8(Array(repeating: "common", count: 10) + ["rare"]),
        ])
        let run = try Transforms.run("split", #"{"stratify": "label", "test_fraction": 0.3}"#, ["data": table])
        #expect(try run.table("train").strings("label")!.contains("rare"))
        #expect(try !run.table("test").strings("label")!.contains("rare"))
        #expect(try run.table("test").rowCount == 3)
        #expect(run.logs(.warning) == ["stratify 'label': 1 class(es) have a single row and go to train only (test has none of them): 'rare'"])
    }

    @Test func nullIsAClassOfItsOwnWhenStratifying() throws {
        let table = try ArrowTable(["id": .int64((0..<8).map { Int64($0) }), "label": .utf8(["a", nil, "a", nil, "a", nil, "a", nil])])
        let run = try Transforms.run("split", #"{"stratify": "label", "test_fraction": 0.25, "shuffle": false}"#, ["data": table])
        // Without shuffle each class gives its last rows: a → 6, null → 7.
        #expect(ids(try run.table("test")) == [6, 7])
        #expect(ids(try run.table("train")) == [0, 1, 2, 3, 4, 5])
    }

    // MARK: bad input

    @Test func anEmptyTableIsAnInputError() throws {
        let error = Transforms.failure { try Transforms.run("split", "{}", ["data": try ArrowTable(["id": .int64([])])]) }
        #expect(error?.code.id == "stage.invalid-input")
        #expect(error?.message.contains("the input table has no rows; split needs at least 2") == true)
    }

    @Test func aFractionThatLeavesAPartEmptyIsAnInputError() throws {
        let one = try ArrowTable(["id": .int64([1])])
        let error = Transforms.failure { try Transforms.run("split", "{}", ["data": one]) }
        #expect(error?.message.contains("test_fraction 0.2 of 1 row(s) leaves the train part empty; give more rows or a smaller test_fraction") == true)

        let singles = try ArrowTable(["id": .int64([1, 2, 3]), "label": .utf8(["a", "b", "c"])])
        let stratified = Transforms.failure { try Transforms.run("split", #"{"stratify": "label"}"#, ["data": singles]) }
        #expect(stratified?.message.contains("leaves the test part empty (every class has a single row)") == true)
    }

    @Test func aFractionOutsideZeroToOneIsRefusedByTheSchema() throws {
        for fraction in ["0", "1", "1.5"] {
            let error = Transforms.failure { try Transforms.run("split", #"{"test_fraction": \#(fraction)}"#, ["data": try ten()]) }
            #expect(error?.code == .stageInvalidConfig, "\(fraction)")
            #expect(error?.message.contains("/test_fraction") == true)
        }
        let unknown = Transforms.failure { try Transforms.run("split", #"{"sed": 1}"#, ["data": try ten()]) }
        #expect(unknown?.message.contains("unknown field 'sed'; did you mean 'seed'?") == true)
    }

    @Test func anUnknownStratifyColumnSuggestsTheClosestAndListsTheColumns() throws {
        let error = Transforms.failure { try Transforms.run("split", #"{"stratify": "idd"}"#, ["data": try ten()]) }
        #expect(error?.code == .stageInvalidConfig)
        #expect(error?.message.contains("'stratify' names column 'idd', which the input table does not have. Did you mean 'id'? (its columns: id, y)") == true)
    }

    @Test func stratifyingOnAFloatColumnIsRefusedWithAFix() throws {
        let error = Transforms.failure { try Transforms.run("split", #"{"stratify": "y"}"#, ["data": try ten()]) }
        #expect(error?.code.id == "stage.invalid-input")
        #expect(error?.message.contains("column 'y' (float64)") == true)
        #expect(error?.message.contains("bin it into classes first") == true)
    }
}
