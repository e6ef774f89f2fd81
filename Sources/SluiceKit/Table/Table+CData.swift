import CSluiceABI
import Foundation

// The Arrow C Data Interface on the plugin side. A table leaves the plugin as a stream
// whose arrays point at the columns' buffers (no copy); a table arrives as views of the
// host's buffers, released when the last column using them goes.

extension Table {
    /// Fills `out` with a one-batch stream over this table; the receiver owns it.
    func export(into out: UnsafeMutablePointer<ArrowArrayStream>) {
        out.pointee = ArrowArrayStream(
            get_schema: { stream, schema in
                guard let schema, let table = ExportedTable.from(stream) else { return EINVAL }
                CDataWriter.schema(of: table.table, into: schema)
                return 0
            },
            get_next: { stream, array in
                guard let array, let table = ExportedTable.from(stream) else { return EINVAL }
                if table.done {
                    array.pointee = ArrowArray()
                } else {
                    CDataWriter.batch(of: table.table, into: array)
                    table.done = true
                }
                return 0
            },
            get_last_error: { _ in nil },
            release: { stream in
                guard let stream, let data = stream.pointee.private_data else { return }
                Unmanaged<ExportedTable>.fromOpaque(data).release()
                stream.pointee.release = nil
            },
            private_data: Unmanaged.passRetained(ExportedTable(self)).toOpaque()
        )
    }

    /// Reads a whole stream (releasing it when done).
    static func importing(_ stream: UnsafeMutablePointer<ArrowArrayStream>, port: String) throws -> Table {
        defer { stream.pointee.release?(stream) }
        func fail(_ message: String) -> StageError {
            StageError(.invalidInput, "input '\(port)': \(message)")
        }
        guard let getSchema = stream.pointee.get_schema, let getNext = stream.pointee.get_next else { throw fail("the host sent an empty stream") }
        var schema = ArrowSchema()
        guard getSchema(stream, &schema) == 0 else { throw fail("the host could not describe the table") }
        defer { schema.release?(&schema) }
        guard let format = schema.format, format[0] == CChar(UInt8(ascii: "+")), format[1] == CChar(UInt8(ascii: "s")), format[2] == 0 else {
            throw fail("not a table (a struct array)")
        }
        var batches: [[Column]] = []
        while true {
            let array = UnsafeMutablePointer<ArrowArray>.allocate(capacity: 1)
            array.initialize(to: ArrowArray())
            guard getNext(stream, array) == 0 else {
                array.deallocate()
                throw fail("the host failed to produce the next batch")
            }
            guard array.pointee.release != nil else {
                array.deallocate()
                break
            }
            let owner = ReceivedArray(array)
            var columns: [Column] = []
            for index in 0..<Int(schema.n_children) {
                guard let field = schema.children?[index], let child = array.pointee.children?[index] else { throw fail("column #\(index) is missing") }
                columns.append(try CDataReader.column(field.pointee, child.pointee, owner: owner, fail: fail))
            }
            batches.append(columns)
        }
        let metadata = CDataReader.metadata(schema.metadata)
        if batches.count == 1 { return try Table(batches[0], metadata: metadata) }
        // Several batches: concatenate each column (this copies).
        let names = (0..<Int(schema.n_children)).map { schema.children?[$0]?.pointee.name.map { String(cString: $0) } ?? "" }
        if batches.isEmpty {
            return try Table(names.map { Column($0, strings: []) }, metadata: metadata)
        }
        return try Table(names.indices.map { index in Column.concatenating(batches.map { $0[index] }) }, metadata: metadata)
    }
}

/// Keeps an exported table alive while the host holds the stream.
private final class ExportedTable: @unchecked Sendable {
    // @unchecked: a stream is used by one consumer thread at a time.
    let table: Table
    var done = false
    init(_ table: Table) { self.table = table }

    static func from(_ stream: UnsafeMutablePointer<ArrowArrayStream>?) -> ExportedTable? {
        stream?.pointee.private_data.map { Unmanaged<ExportedTable>.fromOpaque($0).takeUnretainedValue() }
    }
}

/// The array the host handed over; releasing it frees the host's buffers.
private final class ReceivedArray: @unchecked Sendable {
    // @unchecked: released once, from deinit.
    let array: UnsafeMutablePointer<ArrowArray>
    init(_ array: UnsafeMutablePointer<ArrowArray>) { self.array = array }
    deinit {
        array.pointee.release?(array)
        array.deallocate()
    }
}

extension Column {
    /// One column made of several (same name and type) by copying their values.
    static func concatenating(_ parts: [Column]) -> Column {
        guard let first = parts.first else { return Column("", strings: []) }
        let rows = parts.flatMap { part in (0..<part.count).map { (part, $0) } }
        switch first.type {
        case .float64: return Column(first.name, doubles: rows.map { $0.0.double(at: $0.1) })
        case .float32: return Column(first.name, floats: rows.map { $0.0.double(at: $0.1).map(Float.init) })
        case .int64: return Column(first.name, int64s: rows.map { $0.0.int64(at: $0.1) })
        case .int32: return Column(first.name, int32s: rows.map { $0.0.int64(at: $0.1).map { Int32(truncatingIfNeeded: $0) } })
        case .bool: return Column(first.name, bools: rows.map { $0.0.bool(at: $0.1) })
        case .string: return Column(first.name, strings: rows.map { $0.0.string(at: $0.1) })
        case .categorical: return Column(first.name, categories: rows.map { $0.0.string(at: $0.1) })
        }
    }
}

/// Reads the host's C Data arrays into SDK columns, zero-copy where possible.
enum CDataReader {
    static func column(_ schema: ArrowSchema, _ array: ArrowArray, owner: AnyObject, fail: (String) -> StageError) throws -> Column {
        let name = schema.name.map { String(cString: $0) } ?? ""
        let length = Int(array.length), offset = Int(array.offset)
        guard length >= 0, offset == 0, let buffers = array.buffers else {
            throw fail("column '\(name)' is sliced or empty-handed (offset \(array.offset)); the host should send offset 0")
        }
        let type: ColumnType
        if schema.dictionary != nil {
            type = .categorical
        } else {
            // One-character formats are all the SDK reads: compared as bytes, not as a String.
            let code = schema.format.flatMap { $0[0] != 0 && $0[1] == 0 ? UInt8(bitPattern: $0[0]) : nil }
            switch code {
            case UInt8(ascii: "g"): type = .float64
            case UInt8(ascii: "f"): type = .float32
            case UInt8(ascii: "l"): type = .int64
            case UInt8(ascii: "i"): type = .int32
            case UInt8(ascii: "b"): type = .bool
            case UInt8(ascii: "u"): type = .string
            default:
                let format = schema.format.map { String(cString: $0) } ?? ""
                throw fail("column '\(name)' has Arrow format \"\(format)\", which the SDK does not read")
            }
        }
        func view(_ index: Int, _ bytes: Int) -> ColumnBuffer? {
            buffers[index].map { ColumnBuffer(borrowing: $0, count: bytes, owner: owner) }
        }
        let nullCount = max(0, Int(array.null_count))
        let validity = nullCount > 0 ? view(0, (length + 7) / 8) : nil
        switch type {
        case .string:
            guard let offsets = view(1, (length + 1) * 4) else { throw fail("column '\(name)' has no offsets") }
            let total = Int(offsets.address.load(fromByteOffset: length * 4, as: Int32.self))
            let values = view(2, total) ?? ColumnBuffer(zeroed: 0)
            return Column(name: name, type: .string, count: length, nullCount: nullCount, validity: validity, values: values, offsets: offsets)
        case .categorical:
            guard let dictionarySchema = schema.dictionary, let dictionaryArray = array.dictionary else { throw fail("column '\(name)' has no categories") }
            let categories = try column(dictionarySchema.pointee, dictionaryArray.pointee, owner: owner, fail: fail)
            guard let values = view(1, length * 4) else { throw fail("column '\(name)' has no codes") }
            return Column(name: name, type: .categorical, count: length, nullCount: nullCount, validity: validity, values: values,
                          dictionary: categories, ordered: schema.flags & Int64(ARROW_FLAG_DICTIONARY_ORDERED) != 0)
        case .bool:
            guard let values = view(1, (length + 7) / 8) else { throw fail("column '\(name)' has no values") }
            return Column(name: name, type: .bool, count: length, nullCount: nullCount, validity: validity, values: values)
        default:
            guard let values = view(1, length * type.byteWidth!) else { throw fail("column '\(name)' has no values") }
            return Column(name: name, type: type, count: length, nullCount: nullCount, validity: validity, values: values)
        }
    }

    static func metadata(_ pointer: UnsafePointer<CChar>?) -> [String: String] {
        guard let pointer else { return [:] }
        let raw = UnsafeRawPointer(pointer)
        var offset = 0
        func int32() -> Int { defer { offset += 4 }; return Int(raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)) }
        var result: [String: String] = [:]
        let count = int32()
        guard count >= 0, count < 1 << 16 else { return [:] }
        for _ in 0..<count {
            let keyLength = int32()
            let key = String(decoding: UnsafeRawBufferPointer(start: raw + offset, count: keyLength), as: UTF8.self)
            offset += keyLength
            let valueLength = int32()
            result[key] = String(decoding: UnsafeRawBufferPointer(start: raw + offset, count: valueLength), as: UTF8.self)
            offset += valueLength
        }
        return result
    }
}
