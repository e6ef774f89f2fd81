@testable import SluiceArrow
@testable import SluiceSupport
import Testing

/// The in-memory Arrow model: building columns from Swift values, reading them back,
/// and refusing inconsistent tables.
@Suite struct ArrowTableTests {
    static let everyType: [ArrowValues] = [
        .float64([1.5, nil, -0.0, .infinity]),
        .float32([nil, 2.25, -1]),
        .int64([.max, nil, .min, 0]),
        .int32([7, nil, -7]),
        .bool([true, false, nil, true, true, false, false, true, false]),
        .utf8(["", nil, "héllo", "東京", "🦆"]),
        .dictionary(["red", nil, "blue", "red"], ordered: true),
    ]

    @Test(arguments: everyType)
    func aColumnBuiltFromSwiftValuesReadsBackTheSameValues(values: ArrowValues) throws {
        let array = try ArrowArrayData(values)
        #expect(array.swiftValues == values)
        #expect(array.type == values.type)
        #expect(array.length == values.count)
    }

    @Test func nullsAreCountedAndMarkedInTheValidityBitmap() throws {
        let array = try ArrowArrayData(.int32([1, nil, 3, nil]))
        #expect(array.nullCount == 2)
        #expect((0..<4).map(array.isValid) == [true, false, true, false])
        #expect(try ArrowArrayData(.int32([1, 2])).validity == nil)
    }

    @Test func buffersAre64ByteAlignedAndInArrowLayoutOrder() throws {
        let strings = try ArrowArrayData(.utf8(["a", nil, "bc"]))
        #expect(strings.layoutBuffers.count == 3)
        for buffer in strings.layoutBuffers.compactMap({ $0 }) {
            #expect(Int(bitPattern: buffer.baseAddress) % 64 == 0)
        }
        #expect(strings.offsets?.withValues(as: Int32.self, count: 4) { Array($0) } == [0, 1, 1, 3])
        #expect(try ArrowArrayData(.float64([1])).layoutBuffers.count == 2)
    }

    @Test func aDictionaryColumnStoresEachCategoryOnce() throws {
        let array = try ArrowArrayData(.dictionary(["b", "a", "b", nil, "a"]))
        #expect(array.dictionary?.swiftValues == .utf8(["b", "a"]))
        #expect(array.values.withValues(as: Int32.self, count: 3) { Array($0) } == [0, 1, 0])
    }

    @Test func aDictionaryIndexOutsideTheCategoriesIsRefused() throws {
        let error = #expect(throws: SluiceError.self) {
            try ArrowArrayData.dictionary(indices: [0, 2], categories: ["a", "b"])
        }
        #expect(error?.code == .arrowInvalid)
        #expect(try ArrowArrayData.dictionary(indices: [1, nil], categories: ["a", "b"]).swiftValues == .dictionary(["b", nil]))
    }

    @Test func aTableReadsItsColumnsAcrossBatches() throws {
        let schema = ArrowTableSchema([ArrowField("x", .int64), ArrowField("tag", .dictionary(ordered: false))])
        let table = try ArrowTable(schema: schema, batches: [
            ArrowRecordBatch([.int64([1, 2]), .dictionary(["a", "b"])]),
            ArrowRecordBatch([.int64([]), .dictionary([])]),
            ArrowRecordBatch([.int64([nil]), .dictionary(["c"])]),
        ])
        #expect(table.rowCount == 3)
        #expect(table.values("x") == .int64([1, 2, nil]))
        #expect(table.values("tag") == .dictionary(["a", "b", "c"]))
        #expect(table.chunks("x")?.count == 3)
        #expect(table.values("missing") == nil)
    }

    @Test func aBatchWhoseColumnsDifferInLengthIsRefused() throws {
        let error = #expect(throws: SluiceError.self) { try ArrowRecordBatch([.int64([1, 2]), .bool([true])]) }
        #expect(error?.code == .arrowInvalid)
    }

    @Test func aBatchThatDoesNotMatchTheSchemaIsRefused() throws {
        let batch = try ArrowRecordBatch([.float64([1, nil])])
        let wrongType = #expect(throws: SluiceError.self) {
            try ArrowTable(schema: ArrowTableSchema([ArrowField("x", .int64)]), batches: [batch])
        }
        #expect(wrongType?.message.contains("column 'x' is int64 in the schema but double") == true)
        let notNullable = #expect(throws: SluiceError.self) {
            try ArrowTable(schema: ArrowTableSchema([ArrowField("x", .float64, nullable: false)]), batches: [batch])
        }
        #expect(notNullable?.message.contains("not nullable") == true)
        #expect(throws: SluiceError.self) { try ArrowTable(schema: ArrowTableSchema([]), batches: [batch]) }
    }

    @Test func arraysWithBuffersTooShortForTheirLengthAreRefused() throws {
        let short = ArrowBuffer.zeroed(8)
        #expect(throws: SluiceError.self) {
            try ArrowArrayData(type: .float64, length: 2, nullCount: 0, validity: nil, values: short)
        }
        #expect(throws: SluiceError.self) {
            try ArrowArrayData(type: .int32, length: 2, nullCount: 1, validity: nil, values: short)
        }
        let offsets = try ArrowArrayData(.int32([0, 5])).values  // offsets pointing past 0 bytes of values
        #expect(throws: SluiceError.self) {
            try ArrowArrayData(type: .utf8, length: 1, nullCount: 0, validity: nil, offsets: offsets, values: ArrowBuffer.zeroed(0))
        }
        let falling = try ArrowArrayData(.int32([3, 1])).values
        #expect(throws: SluiceError.self) {
            try ArrowArrayData(type: .utf8, length: 1, nullCount: 0, validity: nil, offsets: falling, values: ArrowBuffer.zeroed(4))
        }
    }
}
