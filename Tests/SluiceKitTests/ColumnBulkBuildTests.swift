import CSluiceABI
@testable import SluiceKit
import Testing

/// Building columns from whole buffers (values, validity bits, string offsets and
/// bytes, dictionary codes): what loaders use to make a column without per-value optionals.
@Suite struct ColumnBulkBuildTests {
    @Test func aValidityBitmapCountsItsNullsAndKeepsArrowsBitOrder() throws {
        var validity = ValidityBitmap(count: 10)
        #expect(validity.bytes == [0xFF, 0x03])
        validity.setNull(1)
        validity.setNull(9)
        validity.setNull(9)
        #expect(validity.nullCount == 2)
        #expect(validity.bytes == [0xFD, 0x01])
        validity.setValid(9)
        #expect(validity.nullCount == 1)
        #expect(!validity.isValid(1) && validity.isValid(2))

        let fromArrow = try ValidityBitmap(arrowBits: [0b1111_0101, 0xFF], count: 9)
        #expect(fromArrow.nullCount == 2)
        #expect(fromArrow.bytes == [0b1111_0101, 0x01])
        #expect(throws: StageError.self) { try ValidityBitmap(arrowBits: [0xFF], count: 9) }
    }

    @Test func fixedWidthColumnsReadBackTheirValuesAndNulls() throws {
        var validity = ValidityBitmap(count: 3)
        validity.setNull(1)
        let floats = try Column("x", float64: [1.5, 99, -2], validity: validity)
        #expect(floats.type == .float64)
        #expect(floats.nullCount == 1)
        #expect(floats.strings() == ["1.5", nil, "-2.0"])
        #expect(try Column("f", float32: [0.25, 2], validity: nil).double(at: 0) == 0.25)
        #expect(try Column("n", int64: [.max, 7, .min], validity: validity).strings() == ["9223372036854775807", nil, "-9223372036854775808"])
        #expect(try Column("i", int32: [4, 5, 6], validity: validity).int64(at: 2) == 6)
        let flags = try Column("b", bool: [true, true, false], validity: validity)
        #expect(flags.strings() == ["true", nil, "false"])
    }

    @Test func aBitmapWithoutNullsLeavesTheColumnWithoutOne() throws {
        let column = try Column("x", float64: [1, 2], validity: ValidityBitmap(count: 2))
        #expect(column.nullCount == 0)
        #expect(column.validity == nil)
    }

    @Test func aBitmapOfAnotherLengthIsAnErrorNamingTheColumn() {
        let error = #expect(throws: StageError.self) { try Column("x", float64: [1, 2, 3], validity: ValidityBitmap(count: 2)) }
        #expect(error?.message.contains("column 'x': 3 values but a validity bitmap of 2") == true)
    }

    @Test func theValuesArrayBecomesTheColumnsMemoryWithoutACopy() throws {
        let values = [Double](repeating: 4, count: 1000)
        let address = values.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress!) }
        let column = try Column("x", float64: values)
        #expect(column.values.address == address)
        #expect(column.doubles() == values)
    }

    @Test func stringsComeFromOffsetsAndBytes() throws {
        var validity = ValidityBitmap(count: 4)
        validity.setNull(2)
        let column = try Column("s", utf8Offsets: [0, 1, 3, 3, 11], bytes: Array("aé東京!!".utf8), validity: validity)
        #expect(column.strings() == ["a", "é", nil, "東京!!"])
        #expect(try Column("e", utf8Offsets: [0], bytes: []).count == 0)
    }

    @Test func badStringOffsetsOrBytesAreErrorsNotTraps() {
        func message(_ offsets: [Int32], _ bytes: [UInt8]) -> String? {
            do {
                _ = try Column("s", utf8Offsets: offsets, bytes: bytes)
                return nil
            } catch {
                return (error as? StageError)?.message
            }
        }
        #expect(message([], [])?.contains("at least one entry") == true)
        #expect(message([0, 5], [1, 2]) == "column 's': string offsets run from 0 to 5, outside the 2 bytes given")
        #expect(message([0, 2, 1], [0x61, 0x62]) == "column 's': string offset 2 (1) is less than offset 1 (2)")
        #expect(message([0, 1], [0xFF]) == "column 's': byte 0 (255) is not UTF-8")
        #expect(message([0, 1, 2], Array("é".utf8)) == "column 's': value 1 starts in the middle of a UTF-8 character (byte 1)")
        #expect(message([0, 3], [0xED, 0xA0, 0x80]) == "column 's': byte 0 (237) is not UTF-8")  // a surrogate
    }

    @Test func categoricalColumnsComeFromCodesAndCategories() throws {
        var validity = ValidityBitmap(count: 4)
        validity.setNull(1)
        let categories = try Column("", utf8Offsets: [0, 3, 7], bytes: Array("redblue".utf8))
        let column = try Column("c", codes: [1, -5, 0, 1], validity: validity, categories: categories, ordered: true)
        #expect(column.type == .categorical)
        #expect(column.ordered)
        #expect(column.categories == ["red", "blue"])
        #expect(column.strings() == ["blue", nil, "red", "blue"])
        #expect(column.code(at: 3) == 1)
    }

    @Test func aCodeOutsideTheCategoriesIsAnError() throws {
        let categories = Column("", strings: ["a"])
        let error = #expect(throws: StageError.self) { try Column("c", codes: [0, 1], categories: categories) }
        #expect(error?.message == "column 'c': value 1 has code 1, but there are 1 categories; mark it null in `validity` or add the category")
        #expect(throws: StageError.self) { try Column("c", codes: [0], categories: Column("", doubles: [1])) }
    }

    @Test func bulkBuiltColumnsCrossTheCBridgeLikeAnyOther() throws {
        var validity = ValidityBitmap(count: 3)
        validity.setNull(0)
        let table = try Table([
            try Column("x", float64: [0, 2, 3], validity: validity),
            try Column("s", utf8Offsets: [0, 1, 2, 3], bytes: Array("abc".utf8)),
            try Column("c", codes: [0, 0, 1], categories: Column("", strings: ["p", "q"])),
        ])
        var stream = ArrowArrayStream()
        table.export(into: &stream)
        let back = try Table.importing(&stream, port: "in")
        #expect(back.columns.map { $0.strings() } == [[nil, "2.0", "3.0"], ["a", "b", "c"], ["p", "p", "q"]])
    }
}
