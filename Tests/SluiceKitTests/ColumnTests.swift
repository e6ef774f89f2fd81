@testable import SluiceKit
import Testing

/// Building and reading columns and tables without unsafe code.
@Suite struct ColumnTests {
    @Test func everyTypeReadsBackWithItsNulls() {
        #expect(Column("x", doubles: [1.5, nil, 3]).doubles().map { $0.isNaN ? -1 : $0 } == [1.5, -1, 3])
        #expect(Column("f", floats: [1, nil]).double(at: 1) == nil)
        #expect(Column("n", int64s: [Int64.max, nil]).int64(at: 0) == Int64.max)
        #expect(Column("i", int32s: [7, nil]).nullCount == 1)
        #expect(Column("b", bools: [true, false, nil]).bool(at: 0) == true)
        #expect(Column("b", bools: [true, false, nil]).bool(at: 2) == nil)
        #expect(Column("s", strings: ["é", nil, ""]).strings() == ["é", nil, ""])
        let colours = Column("c", categories: ["red", "green", nil, "red"])
        #expect(colours.type == .categorical)
        #expect(colours.categories == ["red", "green"])
        #expect(colours.code(at: 3) == 0)
        #expect(colours.strings() == ["red", "green", nil, "red"])
    }

    @Test func readingOutOfRangeOrTheWrongTypeGivesNilNotATrap() {
        let column = Column("x", doubles: [1, 2])
        #expect(column.double(at: 5) == nil)
        #expect(column.double(at: -1) == nil)
        #expect(column.string(at: 0) == nil)
        #expect(throws: StageError.self) { try Column("s", strings: ["a"]).withDoubles { $0.count } }
    }

    @Test func takingGathersRowsOfEveryType() {
        let rows = [2, 0, 0, 9]
        #expect(Column("x", doubles: [1, nil, 3]).taking(rows).strings() == ["3.0", "1.0", "1.0", nil])
        #expect(Column("b", bools: [true, false, nil]).taking(rows).strings() == [nil, "true", "true", nil])
        #expect(Column("s", strings: ["a", "b", "c"]).taking(rows).strings() == ["c", "a", "a", nil])
        let taken = Column("c", categories: ["x", "y", "x"]).taking(rows)
        #expect(taken.strings() == ["x", "x", "x", nil])
        #expect(taken.categories == ["x", "y"])
        #expect(taken.nullCount == 1)
    }

    @Test func tablesCheckTheirShape() throws {
        #expect(throws: StageError.self) { try Table([Column("a", doubles: [1]), Column("b", doubles: [1, 2])]) }
        #expect(throws: StageError.self) { try Table([Column("a", doubles: [1]), Column("a", doubles: [2])]) }
        let table = try Table([Column("a", doubles: [1, 2])], metadata: [Table.targetKey: "a"])
        #expect(table.target == "a")
        #expect(table.rowCount == 2)
        #expect(throws: StageError.self) { try table.column("b") }
    }
}
