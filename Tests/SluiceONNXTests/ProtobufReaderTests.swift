@testable import SluiceONNX
import Testing

@Suite struct ProtobufReaderTests {
    private func reader(_ bytes: [UInt8]) -> ProtobufReader { ProtobufReader(bytes: bytes, context: "a test message") }

    private func error(_ body: () throws(ONNXError) -> Void) -> ONNXError? {
        do { try body() } catch { return error }
        return nil
    }

    @Test func varintsDecodeFromOneToTenBytes() throws {
        var writer = ProtoWriter()
        for value: UInt64 in [0, 1, 127, 128, 300, 1 << 35, UInt64.max] { writer.rawVarint(value) }
        var r = reader(writer.bytes)
        for expected: UInt64 in [0, 1, 127, 128, 300, 1 << 35, UInt64.max] { #expect(try r.readVarint() == expected) }
        #expect(r.isAtEnd)
    }

    @Test func negativeInt64sRoundTripThroughTenByteVarints() throws {
        var writer = ProtoWriter()
        writer.int(3, -5)
        var r = reader(writer.bytes)
        let field = try #require(try r.nextField())
        #expect(field.number == 3 && field.wireType == .varint)
        #expect(try r.int64Field(field.wireType, "i") == -5)
    }

    @Test func fixedWidthValuesAreLittleEndian() throws {
        var r = reader([0x78, 0x56, 0x34, 0x12, 8, 7, 6, 5, 4, 3, 2, 1])
        #expect(try r.readFixed32() == 0x1234_5678)
        #expect(try r.readFixed64() == 0x0102_0304_0506_0708)
    }

    @Test func unknownFieldsOfEveryWireTypeAreSkipped() throws {
        var writer = ProtoWriter()
        writer.varint(90, 12345)
        writer.fixed64(91, 7)
        writer.string(92, "ignored")
        writer.fixed32(93, 9)
        writer.int(1, 42)
        var r = reader(writer.bytes)
        var seen: [Int] = []
        while let (number, wireType) = try r.nextField() {
            if number == 1 { #expect(try r.readVarint() == 42) } else { try r.skip(wireType) }
            seen.append(number)
        }
        #expect(seen == [90, 91, 92, 93, 1])
    }

    @Test func groupsAndUndefinedWireTypesAreCorrupt() {
        for wireType: UInt8 in [3, 4, 6, 7] {
            var writer = ProtoWriter()
            writer.key(5, wireType: wireType)
            writer.rawVarint(0)
            var r = reader(writer.bytes)
            let failure = error { () throws(ONNXError) in _ = try r.nextField() }
            #expect(failure?.code == .corrupt)
            #expect(failure?.message.contains("wire type \(wireType)") == true)
        }
    }

    @Test func fieldNumberZeroIsCorrupt() {
        var r = reader([0x00, 0x01])
        #expect(error { () throws(ONNXError) in _ = try r.nextField() }?.code == .corrupt)
    }

    @Test func aLengthPastTheEndIsTruncatedAndNamesTheOffset() {
        var writer = ProtoWriter()
        writer.int(1, 1)
        writer.key(2, wireType: 2)
        writer.rawVarint(50)
        writer.bytes += [1, 2, 3]
        var r = reader(writer.bytes)
        let failure = error { () throws(ONNXError) in
            while let (_, wireType) = try r.nextField() { try r.skip(wireType) }
        }
        #expect(failure?.code == .truncated)
        #expect(failure?.message.contains("at byte 3") == true)
        #expect(failure?.message.contains("a test message") == true)
    }

    @Test func valuesCutShortAreTruncated() {
        var r = reader([0x80, 0x80])
        #expect(error { () throws(ONNXError) in _ = try r.readVarint() }?.code == .truncated)
        var fixed = reader([1, 2, 3])
        #expect(error { () throws(ONNXError) in _ = try fixed.readFixed32() }?.code == .truncated)
        var wide = reader([1, 2, 3, 4, 5, 6, 7])
        #expect(error { () throws(ONNXError) in _ = try wide.readFixed64() }?.code == .truncated)
    }

    @Test func varintsLongerThanSixtyFourBitsAreCorrupt() {
        var r = reader([UInt8](repeating: 0xFF, count: 10) + [0x01])
        #expect(error { () throws(ONNXError) in _ = try r.readVarint() }?.code == .corrupt)
    }

    @Test func packedAndUnpackedRepeatedVarintsReadAlike() throws {
        var packed = ProtoWriter()
        packed.packedVarints(8, [1, 300, 5])
        var unpacked = ProtoWriter()
        for value: UInt64 in [1, 300, 5] { unpacked.varint(8, value) }
        for bytes in [packed.bytes, unpacked.bytes] {
            var r = reader(bytes)
            var values: [UInt64] = []
            while let (_, wireType) = try r.nextField() { try r.appendVarints(wireType, field: "ints", to: &values) }
            #expect(values == [1, 300, 5])
        }
    }

    @Test func aPackedVarintMayNotRunPastItsRun() {
        // A run of one byte whose varint continues into the next field.
        var r = reader([0x42, 0x01, 0x80, 0x01])
        var values: [UInt64] = []
        let failure = error { () throws(ONNXError) in
            while let (_, wireType) = try r.nextField() { try r.appendVarints(wireType, field: "ints", to: &values) }
        }
        #expect(failure?.code == .truncated)
    }

    @Test func packedFixedWidthRunsMustHoldWholeValues() {
        var writer = ProtoWriter()
        writer.bytes(7, [0, 0, 128, 63, 0])
        var r = reader(writer.bytes)
        var values: [UInt32] = []
        let failure = error { () throws(ONNXError) in
            while let (_, wireType) = try r.nextField() { try r.appendFixed32s(wireType, field: "floats", to: &values) }
        }
        #expect(failure?.code == .corrupt)
        #expect(failure?.message.contains("not a multiple of 4") == true)
    }

    @Test func aRepeatedFieldInTheWrongWireTypeIsCorrupt() {
        var writer = ProtoWriter()
        writer.fixed64(8, 1)
        var r = reader(writer.bytes)
        var values: [UInt64] = []
        let failure = error { () throws(ONNXError) in
            while let (_, wireType) = try r.nextField() { try r.appendVarints(wireType, field: "ints", to: &values) }
        }
        #expect(failure?.code == .corrupt)
    }

    @Test func stringsMustBeValidUTF8() {
        var writer = ProtoWriter()
        writer.bytes(1, [0x61, 0xFF, 0x62])
        var r = reader(writer.bytes)
        let failure = error { () throws(ONNXError) in
            _ = try r.nextField()
            _ = try r.readString()
        }
        #expect(failure?.code == .corrupt)
        #expect(failure?.message.contains("UTF-8") == true)
    }

    @Test func nestingDeeperThanTheLimitIsRefused() {
        var bytes: [UInt8] = []
        for _ in 0...ProtobufReader.maximumDepth {
            var writer = ProtoWriter()
            writer.bytes(1, bytes)
            bytes = writer.bytes
        }
        var r = reader(bytes)
        let failure = error { () throws(ONNXError) in
            while let (_, wireType) = try r.nextField() {
                guard wireType == .lengthDelimited else { return }
                r = try r.readMessage("nested")
            }
        }
        #expect(failure?.code == .corrupt)
        #expect(failure?.message.contains("nested more than") == true)
    }
}
