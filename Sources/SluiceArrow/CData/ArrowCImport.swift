import CSluiceABI
import Foundation
import SluiceSupport

/// Takes tables from plugins through the Arrow C Data Interface. Buffers are used in
/// place (zero-copy) when they start at offset 0 and are 8-byte aligned, and copied
/// otherwise; the producer's `release` runs once the last view is gone. Every array is
/// validated like one read from a file, so a buggy plugin gets an error, not a crash.
package enum ArrowCImport {
    /// Reads a whole stream (and releases it). `what` names the source in errors.
    package static func importStream(_ stream: UnsafeMutablePointer<ArrowArrayStream>, what: String) throws(SluiceError) -> ArrowTable {
        defer { stream.pointee.release?(stream) }
        guard let getSchema = stream.pointee.get_schema, let getNext = stream.pointee.get_next else {
            throw invalid(what, "the stream has no get_schema/get_next callbacks (was it already released?)")
        }
        var schema = ArrowSchema()
        let status = getSchema(stream, &schema)
        guard status == 0 else { throw invalid(what, "get_schema failed (\(status)): \(lastError(stream))") }
        defer { schema.release?(&schema) }
        let tableSchema = try importSchema(schema, what: what)
        var batches: [ArrowRecordBatch] = []
        while true {
            let array = UnsafeMutablePointer<ArrowArray>.allocate(capacity: 1)
            array.initialize(to: ArrowArray())
            let status = getNext(stream, array)
            guard status == 0 else {
                array.deallocate()
                throw invalid(what, "get_next failed (\(status)): \(lastError(stream))")
            }
            guard array.pointee.release != nil else {
                array.deallocate()
                break
            }
            let owner = ForeignArray(array)  // releases and frees `array` when the last buffer goes
            batches.append(try importBatch(array.pointee, schema: tableSchema, owner: owner, what: what))
        }
        do {
            return try ArrowTable(schema: tableSchema, batches: batches)
        } catch {
            throw invalid(what, "\(error)")
        }
    }

    package static func importSchema(_ schema: ArrowSchema, what: String) throws(SluiceError) -> ArrowTableSchema {
        guard let format = schema.format.map({ String(cString: $0) }), format == "+s" else {
            throw invalid(what, "a table must be a struct array (format \"+s\"), found format \"\(schema.format.map { String(cString: $0) } ?? "NULL")\"")
        }
        var fields: [ArrowField] = []
        for index in 0..<Int(schema.n_children) {
            guard let child = schema.children?[index] else { throw invalid(what, "column #\(index) has no schema") }
            let name = child.pointee.name.map { String(cString: $0) } ?? "column\(index)"
            let type: ArrowDataType
            if child.pointee.dictionary == nil, let simple = simpleType(child.pointee.format) {
                type = simple
            } else if let dictionary = child.pointee.dictionary {
                let childFormat = child.pointee.format.map { String(cString: $0) } ?? ""
                let valueFormat = dictionary.pointee.format.map { String(cString: $0) } ?? ""
                guard ["c", "s", "i", "l", "C", "S", "I", "L"].contains(childFormat), valueFormat == "u" || valueFormat == "U" else {
                    throw unsupported(what, name, "dictionary of \(valueFormat) indexed by \(childFormat)")
                }
                type = .dictionary(ordered: child.pointee.flags & Int64(ARROW_FLAG_DICTIONARY_ORDERED) != 0)
            } else {
                throw unsupported(what, name, child.pointee.format.map { String(cString: $0) } ?? "")
            }
            fields.append(ArrowField(name, type, nullable: child.pointee.flags & Int64(ARROW_FLAG_NULLABLE) != 0,
                                     metadata: ArrowCFormat.decode(child.pointee.metadata)))
        }
        return ArrowTableSchema(fields, metadata: ArrowCFormat.decode(schema.metadata))
    }

    private static func importBatch(_ array: ArrowArray, schema: ArrowTableSchema, owner: ForeignArray, what: String) throws(SluiceError) -> ArrowRecordBatch {
        guard Int(array.n_children) == schema.fields.count else {
            throw invalid(what, "a batch has \(array.n_children) columns, the schema \(schema.fields.count)")
        }
        guard array.length >= 0, array.offset == 0 || array.n_children == 0 else {
            throw invalid(what, "a batch with offset \(array.offset) (sliced struct arrays are not read)")
        }
        var columns: [ArrowArrayData] = []
        for (index, field) in schema.fields.enumerated() {
            guard let child = array.children?[index] else { throw invalid(what, "column '\(field.name)' has no array") }
            columns.append(try importArray(child.pointee, type: field.type, owner: owner, what: what, column: field.name))
        }
        do {
            return try ArrowRecordBatch(length: Int(array.length), columns: columns)
        } catch {
            throw invalid(what, "\(error)")
        }
    }

    /// One column chunk. Handles formats read from the schema: int32/large offsets,
    /// other dictionary index widths, non-zero offsets (copied).
    /// `what` and `column` name the array in errors; they are joined only for one, as
    /// building the text for every column cost more than reading a one-row column.
    private static func importArray(_ array: ArrowArray, type: ArrowDataType, owner: ForeignArray, what: String, column: String? = nil) throws(SluiceError) -> ArrowArrayData {
        let what = Place(what: what, column: column)
        let length = Int(array.length), offset = Int(array.offset)
        guard length >= 0, offset >= 0, array.n_buffers >= (type == .utf8 ? 3 : 2), let buffers = array.buffers else {
            throw invalid(what, "an array of type \(type) with length \(array.length), offset \(array.offset) and \(array.n_buffers) buffers")
        }
        func buffer(_ index: Int, bytes: Int) -> ArrowBuffer? {
            guard let pointer = buffers[index] else { return nil }
            if Int(bitPattern: pointer) % 8 == 0 {
                return ArrowBuffer(storage: ArrowStorage(foreign: pointer, count: bytes, owner: owner))
            }
            return ArrowBuffer(storage: ArrowStorage(copying: UnsafeRawBufferPointer(start: pointer, count: bytes)))
        }
        // Validity, re-based to offset 0 when needed.
        var validity: ArrowBuffer?
        if let raw = buffers[0], array.null_count != 0 {
            if offset % 8 == 0 {
                validity = buffer(0, bytes: ArrowArrayData.bitmapLength(offset + length)).map { shift($0, byBytes: offset / 8, bits: length) }
            } else {
                validity = ArrowArrayData.makeBitmap(length) { index in bit(raw, offset + index) }
            }
        }
        let nullCount: Int
        if array.null_count >= 0 {
            nullCount = Int(array.null_count)
        } else if let validity {
            nullCount = validity.withUnsafeBytes { bytes in (0..<length).filter { !bit(bytes.baseAddress!, $0) }.count }
        } else {
            nullCount = 0
        }
        let values: ArrowBuffer, offsets: ArrowBuffer?, dictionary: ArrowArrayData?
        switch type {
        case .float64, .float32, .int64, .int32:
            let width = type.byteWidth!
            guard let raw = buffer(1, bytes: (offset + length) * width) else { throw invalid(what, "no values buffer") }
            values = shift(raw, byBytes: offset * width, bits: nil)
            offsets = nil
            dictionary = nil
        case .bool:
            guard let raw = buffers[1] else { throw invalid(what, "no values buffer") }
            values = offset == 0 ? buffer(1, bytes: ArrowArrayData.bitmapLength(length))! : ArrowArrayData.makeBitmap(length) { bit(raw, offset + $0) }
            offsets = nil
            dictionary = nil
        case .utf8:
            (offsets, values) = try strings(buffers, length: length, offset: offset, large: false, buffer: buffer, what: what)
            dictionary = nil
        case .dictionary:
            guard let values32 = buffers[1] else { throw invalid(what, "no index buffer") }
            // Indices of any integer width become int32, copied; int32 at offset 0 is used in place.
            values = offset == 0 ? buffer(1, bytes: length * 4)! : ArrowBuffer(storage: ArrowStorage(copying: UnsafeRawBufferPointer(start: values32 + offset * 4, count: length * 4)))
            offsets = nil
            guard let dictionaryArray = array.dictionary else { throw invalid(what, "a dictionary column without its dictionary") }
            dictionary = try importArray(dictionaryArray.pointee, type: .utf8, owner: owner, what: what.text + " (dictionary)")
        }
        do {
            return try ArrowArrayData(type: type, length: length, nullCount: nullCount, validity: validity, offsets: offsets, values: values, dictionary: dictionary)
        } catch {
            throw invalid(what, "\(error)")
        }
    }

    private static func strings(
        _ buffers: UnsafeMutablePointer<UnsafeRawPointer?>, length: Int, offset: Int, large: Bool,
        buffer: (Int, Int) -> ArrowBuffer?, what: Place
    ) throws(SluiceError) -> (ArrowBuffer, ArrowBuffer) {
        guard let rawOffsets = buffers[1] else { throw invalid(what, "no offsets buffer") }
        let first = Int(rawOffsets.loadUnaligned(fromByteOffset: offset * 4, as: Int32.self))
        let last = Int(rawOffsets.loadUnaligned(fromByteOffset: (offset + length) * 4, as: Int32.self))
        guard first >= 0, last >= first else { throw invalid(what, "string offsets \(first)...\(last) are not rising") }
        if offset == 0, first == 0, let offsets = buffer(1, (length + 1) * 4) {
            let data = buffers[2] == nil && last == 0 ? ArrowBuffer.zeroed(0) : buffer(2, last)
            guard let data else { throw invalid(what, "no string data buffer") }
            return (offsets, data)
        }
        // A slice: copy the offsets re-based to 0 and the bytes they cover.
        let rebased = ArrowStorage(allocating: (length + 1) * 4)
        for index in 0...length {
            let value = Int32(rawOffsets.loadUnaligned(fromByteOffset: (offset + index) * 4, as: Int32.self)) - Int32(first)
            rebased.baseAddress.storeBytes(of: value, toByteOffset: index * 4, as: Int32.self)
        }
        guard let rawData = buffers[2] ?? (last == first ? UnsafeRawPointer(rawOffsets) : nil) else { throw invalid(what, "no string data buffer") }
        let data = ArrowStorage(copying: UnsafeRawBufferPointer(start: rawData + first, count: last - first))
        return (ArrowBuffer(storage: rebased), ArrowBuffer(storage: data))
    }

    /// The type of a one-character format the host reads, compared as bytes (this runs
    /// for every column of every table a plugin returns).
    private static func simpleType(_ format: UnsafePointer<CChar>?) -> ArrowDataType? {
        guard let format, format[0] != 0, format[1] == 0 else { return nil }
        switch UInt8(bitPattern: format[0]) {
        case UInt8(ascii: "g"): return .float64
        case UInt8(ascii: "f"): return .float32
        case UInt8(ascii: "l"): return .int64
        case UInt8(ascii: "i"): return .int32
        case UInt8(ascii: "b"): return .bool
        case UInt8(ascii: "u"), UInt8(ascii: "U"): return .utf8
        default: return nil
        }
    }

    /// Where an array came from, for errors: the source, and the column when known.
    private struct Place {
        let what: String
        let column: String?
        var text: String { column.map { "\(what), column '\($0)'" } ?? what }
    }

    private static func shift(_ buffer: ArrowBuffer, byBytes bytes: Int, bits: Int?) -> ArrowBuffer {
        guard bytes > 0 else { return buffer }
        return ArrowBuffer(storage: buffer.storage, offset: buffer.offset + bytes, count: buffer.count - bytes)
    }

    private static func bit(_ pointer: UnsafeRawPointer, _ index: Int) -> Bool {
        pointer.load(fromByteOffset: index >> 3, as: UInt8.self) & (1 << UInt8(index & 7)) != 0
    }

    private static func lastError(_ stream: UnsafeMutablePointer<ArrowArrayStream>) -> String {
        stream.pointee.get_last_error?(stream).map { String(cString: $0) } ?? "no message"
    }

    private static func invalid(_ what: Place, _ message: String) -> SluiceError {
        invalid(what.text, message)
    }

    private static func invalid(_ what: String, _ message: String) -> SluiceError {
        SluiceError(.arrowInvalidCData, at: what, "\(message). This is a bug in the plugin that produced the table")
    }

    private static func unsupported(_ what: String, _ column: String, _ format: String) -> SluiceError {
        SluiceError(.arrowUnsupportedType, at: what, "column '\(column)' has Arrow format \"\(format)\", which Sluice tables do not hold. Use float64, float32, int64, int32, bool, utf8 or dictionary<int32, utf8>", kind: .stageFailed)
    }
}

/// The top-level array a producer handed over; releasing it frees every buffer of
/// every column, so it lives until the last imported view is gone.
package final class ForeignArray: @unchecked Sendable {
    // @unchecked: the array is only released, once, from deinit.
    private let array: UnsafeMutablePointer<ArrowArray>

    package init(_ array: UnsafeMutablePointer<ArrowArray>) {
        self.array = array
    }

    deinit {
        array.pointee.release?(array)
        array.deallocate()
    }
}
