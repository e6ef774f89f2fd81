@testable import SluiceArrow
import Testing

/// `sluice.transforms/filter`: rows where every typed condition holds.
@Suite struct FilterTests {
    private func table() throws -> ArrowTable {
        try ArrowTable([
            "id": .int64([0, 1, 2, 3, 4]),
            "x": .float64([1, 2, nil, 4, 5]),
            "city": .utf8(["Oslo", "Lima", "Oslo", nil, "Pune"]),
            "kind": .dictionary(["a", "b", "a", "b", nil]),
            "flag": .bool([true, false, nil, true, false]),
            "big": .int64([9_007_199_254_740_993, 9_007_199_254_740_992, 0, 1, 2]),
        ], metadata: ["sluice.target": "x"])
    }

    private func ids(_ config: String) throws -> [Int64?] {
        let out = try Transforms.run("filter", config, ["data": try table()]).table("data")
        if case .int64(let values)? = out.values("id") { return values }
        return []
    }

    @Test func numericComparisonsKeepTheMatchingRowsAndNeverANull() throws {
        #expect(try ids(#"{"where": [{"column": "x", "op": ">", "value": 2}]}"#) == [3, 4])
        #expect(try ids(#"{"where": [{"column": "x", "op": "<=", "value": 2}]}"#) == [0, 1])
        #expect(try ids(#"{"where": [{"column": "x", "op": "==", "value": 4.0}]}"#) == [3])
        // A null matches neither == nor !=.
        #expect(try ids(#"{"where": [{"column": "x", "op": "!=", "value": 2}]}"#) == [0, 3, 4])
        #expect(try ids(#"{"where": [{"column": "x", "op": "in", "value": [1, 5]}]}"#) == [0, 4])
        #expect(try ids(#"{"where": [{"column": "x", "op": "not_in", "value": [1, 5]}]}"#) == [1, 3])
        #expect(try ids(#"{"where": [{"column": "id", "op": ">=", "value": 3}]}"#) == [3, 4])
    }

    @Test func integerColumnsCompareExactlyWithWholeNumbers() throws {
        // 2^53 + 1 and 2^53 are the same double, but not the same int64.
        #expect(try ids(#"{"where": [{"column": "big", "op": "==", "value": 9007199254740993}]}"#) == [0])
        #expect(try ids(#"{"where": [{"column": "id", "op": "<", "value": 1.5}]}"#) == [0, 1])
    }

    @Test func textAndCategoricalColumnsCompareWithStrings() throws {
        #expect(try ids(#"{"where": [{"column": "city", "op": "==", "value": "Oslo"}]}"#) == [0, 2])
        #expect(try ids(#"{"where": [{"column": "city", "op": "not_in", "value": ["Oslo"]}]}"#) == [1, 4])
        #expect(try ids(#"{"where": [{"column": "city", "op": "<", "value": "M"}]}"#) == [1])
        #expect(try ids(#"{"where": [{"column": "kind", "op": "==", "value": "b"}]}"#) == [1, 3])
        #expect(try ids(#"{"where": [{"column": "kind", "op": "!=", "value": "b"}]}"#) == [0, 2])
    }

    @Test func boolColumnsCompareWithTrueAndFalse() throws {
        #expect(try ids(#"{"where": [{"column": "flag", "op": "==", "value": true}]}"#) == [0, 3])
        #expect(try ids(#"{"where": [{"column": "flag", "op": "!=", "value": true}]}"#) == [1, 4])
    }

    @Test func nullTestsAndSeveralConditionsThatMustAllHold() throws {
        #expect(try ids(#"{"where": [{"column": "city", "op": "is_null"}]}"#) == [3])
        #expect(try ids(#"{"where": [{"column": "x", "op": "not_null"}]}"#) == [0, 1, 3, 4])
        #expect(try ids(#"{"where": [{"column": "x", "op": "not_null"}, {"column": "kind", "op": "==", "value": "a"}]}"#) == [0])
    }

    @Test func theKeptAndDroppedRowsAreLoggedAndTheMetadataPassedOn() throws {
        let run = try Transforms.run("filter", #"{"where": [{"column": "x", "op": ">", "value": 2}]}"#, ["data": try table()])
        #expect(run.logs(.info) == ["kept 2 of 5 row(s), dropped 3"])
        #expect(run.metrics == ["rows_kept": 2, "rows_dropped": 3])
        let out = try run.table("data")
        #expect(out.schema.metadata["sluice.target"] == "x")
        #expect(out.columnNames == ["id", "x", "city", "kind", "flag", "big"])
        #expect(out.strings("city") == [nil, "Pune"])
    }

    @Test func keepingNoRowGivesAnEmptyTableAndAWarning() throws {
        let run = try Transforms.run("filter", #"{"where": [{"column": "x", "op": ">", "value": 100}]}"#, ["data": try table()])
        #expect(try run.table("data").rowCount == 0)
        #expect(run.logs(.warning) == ["no row matches every condition: the output table is empty"])
    }

    // MARK: bad input

    @Test func aValueOfTheWrongTypeIsAConfigErrorNamingTheColumn() throws {
        let text = Transforms.failure { try ids(#"{"where": [{"column": "x", "op": ">", "value": "2"}]}"#) }
        #expect(text?.code == .stageInvalidConfig)
        #expect(text?.message.contains(#"condition 1 of 'where' compares column 'x' (float64) with "2", which is a string; compare it with a number (without quotes)"#) == true)
        let number = Transforms.failure { try ids(#"{"where": [{"column": "x", "op": "not_null"}, {"column": "city", "op": "in", "value": ["Oslo", 3]}]}"#) }
        #expect(number?.message.contains("condition 2 of 'where' compares column 'city' (string) with 3, which is a number; compare it with a string (in quotes)") == true)
        let flag = Transforms.failure { try ids(#"{"where": [{"column": "flag", "op": "==", "value": 1}]}"#) }
        #expect(flag?.message.contains("compares column 'flag' (bool) with 1, which is a number; compare it with true or false") == true)
        let ordering = Transforms.failure { try ids(#"{"where": [{"column": "flag", "op": "<", "value": true}]}"#) }
        #expect(ordering?.message.contains("uses '<' on column 'flag' (bool); a bool column takes ==, !=, in or not_in") == true)
    }

    @Test func aValueThatDoesNotSuitTheOpIsAConfigError() throws {
        let missing = Transforms.failure { try ids(#"{"where": [{"column": "x", "op": ">"}]}"#) }
        #expect(missing?.code == .stageInvalidConfig)
        #expect(missing?.message.contains("condition 1 of 'where' (column 'x', op '>') needs a 'value'") == true)
        let extra = Transforms.failure { try ids(#"{"where": [{"column": "x", "op": "is_null", "value": 1}]}"#) }
        #expect(extra?.message.contains("takes no 'value'; remove it") == true)
        let scalar = Transforms.failure { try ids(#"{"where": [{"column": "x", "op": "in", "value": 1}]}"#) }
        #expect(scalar?.message.contains("needs a list as 'value'") == true)
        let list = Transforms.failure { try ids(#"{"where": [{"column": "x", "op": "==", "value": [1]}]}"#) }
        #expect(list?.message.contains("needs a single value, not a list; use op 'in'") == true)
        let op = Transforms.failure { try ids(#"{"where": [{"column": "x", "op": "=", "value": 1}]}"#) }
        #expect(op?.message.contains(#"/where/0/op: "=" is not one of"#) == true)
    }

    @Test func anUnknownColumnSuggestsTheClosestNameAndListsTheColumns() throws {
        let error = Transforms.failure { try ids(#"{"where": [{"column": "cty", "op": "is_null"}]}"#) }
        #expect(error?.code == .stageInvalidConfig)
        #expect(error?.message.contains("'where[0].column' names column 'cty', which the input table does not have. Did you mean 'city'? (its columns: id, x, city, kind, flag, big)") == true)
    }
}
