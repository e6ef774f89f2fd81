import CSluiceABI
import Foundation
import SluiceSupport

/// Hands host tables to plugins through the Arrow C Data Interface without copying:
/// the exported arrays point straight at the table's buffers, and their private data
/// keeps those buffers alive until the consumer calls `release`. The structures of
/// one batch (or one schema) share one allocation (ArrowCExportBlock.swift).
package enum ArrowCExport {
    /// Fills `out` with a stream over the table's record batches; the consumer owns it.
    package static func exportStream(_ table: ArrowTable, into out: UnsafeMutablePointer<ArrowArrayStream>) {
        let state = StreamState(table)
        out.pointee = ArrowArrayStream(
            get_schema: { stream, schema in
                guard let stream, let schema, let state = StreamState.from(stream) else { return EINVAL }
                ArrowCExport.exportSchema(state.table.schema, into: schema)
                return 0
            },
            get_next: { stream, array in
                guard let stream, let array, let state = StreamState.from(stream) else { return EINVAL }
                guard state.next < state.table.batches.count else {
                    array.pointee = ArrowArray()  // release == NULL marks the end of the stream
                    return 0
                }
                ArrowCExport.exportBatch(state.table.batches[state.next], into: array)
                state.next += 1
                return 0
            },
            get_last_error: { _ in nil },
            release: { stream in
                guard let stream, let data = stream.pointee.private_data else { return }
                Unmanaged<StreamState>.fromOpaque(data).release()
                stream.pointee.release = nil
            },
            private_data: Unmanaged.passRetained(state).toOpaque()
        )
    }

    /// Fills `out` with the schema of a table: a struct ("+s") whose children are the
    /// columns; a dictionary column's child has a utf8 ("u") dictionary schema.
    package static func exportSchema(_ schema: ArrowTableSchema, into out: UnsafeMutablePointer<ArrowSchema>) {
        let fields = schema.fields
        let dictionaries = fields.reduce(0) { count, field in
            if case .dictionary = field.type { count + 1 } else { count }
        }
        let rootMetadata = ArrowCFormat.encode(schema.metadata)
        let fieldMetadata = fields.map { $0.metadata.isEmpty ? nil : ArrowCFormat.encode($0.metadata) }
        // Every string with its NUL: "+s", "" and the root's metadata; each field's
        // format, name and metadata; "u" for each dictionary.
        var textBytes = 3 + 1 + (rootMetadata?.count ?? 0) + 2 * dictionaries
        for (index, field) in fields.enumerated() {
            textBytes += ArrowCFormat.format(field.type).utf8.count + 1 + field.name.utf8.count + 1 + (fieldMetadata[index]?.count ?? 0)
        }
        var layout = BlockLayout()
        let schemasAt = layout.reserve(ArrowSchema.self, count: fields.count + dictionaries)
        let childrenAt = layout.reserve(UnsafeMutablePointer<ArrowSchema>?.self, count: fields.count)
        let textAt = layout.reserve(UInt8.self, count: textBytes)
        let block = ExportBlock(byteCount: layout.byteCount, columns: [])
        let schemas = (block.memory + schemasAt).bindMemory(to: ArrowSchema.self, capacity: fields.count + dictionaries)
        let children = (block.memory + childrenAt).bindMemory(to: UnsafeMutablePointer<ArrowSchema>?.self, capacity: fields.count)
        var text = TextWriter(start: (block.memory + textAt).bindMemory(to: CChar.self, capacity: textBytes))
        var nextDictionary = fields.count
        for (index, field) in fields.enumerated() {
            var flags = field.nullable ? Int64(ARROW_FLAG_NULLABLE) : 0
            var dictionary: UnsafeMutablePointer<ArrowSchema>?
            if case .dictionary(let ordered) = field.type {
                dictionary = schemas + nextDictionary
                nextDictionary += 1
                dictionary!.initialize(to: ArrowSchema(
                    format: text.write("u"), name: nil, metadata: nil, flags: Int64(ARROW_FLAG_NULLABLE), n_children: 0, children: nil,
                    dictionary: nil, release: releaseSchema, private_data: block.retainedReference()))
                if ordered { flags |= Int64(ARROW_FLAG_DICTIONARY_ORDERED) }
            }
            let child = schemas + index
            child.initialize(to: ArrowSchema(
                format: text.write(ArrowCFormat.format(field.type)), name: text.write(field.name), metadata: text.write(fieldMetadata[index]),
                flags: flags, n_children: 0, children: nil, dictionary: dictionary, release: releaseSchema, private_data: block.retainedReference()))
            children[index] = child
        }
        out.pointee = ArrowSchema(
            format: text.write("+s"), name: text.write(""), metadata: text.write(rootMetadata), flags: 0, n_children: Int64(fields.count),
            children: fields.isEmpty ? nil : children, dictionary: nil, release: releaseSchema, private_data: block.retainedReference())
    }

    /// One record batch as a struct array whose children are the columns.
    package static func exportBatch(_ batch: ArrowRecordBatch, into out: UnsafeMutablePointer<ArrowArray>) {
        let columns = batch.columns
        var dictionaries = 0, bufferCount = 1  // the struct array's one (absent) validity buffer
        for column in columns {
            bufferCount += column.type == .utf8 ? 3 : 2
            if column.dictionary != nil {
                dictionaries += 1
                bufferCount += 3
            }
        }
        var layout = BlockLayout()
        let arraysAt = layout.reserve(ArrowArray.self, count: columns.count + dictionaries)
        let childrenAt = layout.reserve(UnsafeMutablePointer<ArrowArray>?.self, count: columns.count)
        let buffersAt = layout.reserve(UnsafeRawPointer?.self, count: bufferCount)
        let block = ExportBlock(byteCount: layout.byteCount, columns: columns)
        let arrays = (block.memory + arraysAt).bindMemory(to: ArrowArray.self, capacity: columns.count + dictionaries)
        let children = (block.memory + childrenAt).bindMemory(to: UnsafeMutablePointer<ArrowArray>?.self, capacity: columns.count)
        let buffers = (block.memory + buffersAt).bindMemory(to: UnsafeRawPointer?.self, capacity: bufferCount)
        buffers[0] = nil
        var nextBuffer = 1, nextDictionary = columns.count
        func fill(_ data: ArrowArrayData, into array: UnsafeMutablePointer<ArrowArray>) {
            let own = buffers + nextBuffer
            own[0] = data.validity?.baseAddress
            if let offsets = data.offsets {
                own[1] = offsets.baseAddress
                own[2] = data.values.baseAddress
                nextBuffer += 3
            } else {
                own[1] = data.values.baseAddress
                nextBuffer += 2
            }
            var dictionary: UnsafeMutablePointer<ArrowArray>?
            if let values = data.dictionary {
                dictionary = arrays + nextDictionary
                nextDictionary += 1
                fill(values, into: dictionary!)
            }
            array.initialize(to: ArrowArray(
                length: Int64(data.length), null_count: Int64(data.nullCount), offset: 0, n_buffers: data.offsets == nil ? 2 : 3, n_children: 0,
                buffers: own, children: nil, dictionary: dictionary, release: releaseArray, private_data: block.retainedReference()))
        }
        for (index, column) in columns.enumerated() {
            fill(column, into: arrays + index)
            children[index] = arrays + index
        }
        out.pointee = ArrowArray(
            length: Int64(batch.length), null_count: 0, offset: 0, n_buffers: 1, n_children: Int64(columns.count),
            buffers: buffers, children: columns.isEmpty ? nil : children, dictionary: nil, release: releaseArray,
            private_data: block.retainedReference())
    }

    /// The state of an exported stream. @unchecked Sendable: a stream is used by one
    /// consumer thread at a time, as the C Stream Interface requires.
    private final class StreamState: @unchecked Sendable {
        package let table: ArrowTable
        package var next = 0

        package init(_ table: ArrowTable) {
            self.table = table
        }

        package static func from(_ stream: UnsafeMutablePointer<ArrowArrayStream>) -> StreamState? {
            stream.pointee.private_data.map { Unmanaged<StreamState>.fromOpaque($0).takeUnretainedValue() }
        }
    }
}

/// Writes NUL-terminated strings (and metadata bytes) one after another into a block.
private struct TextWriter {
    var next: UnsafeMutablePointer<CChar>

    init(start: UnsafeMutablePointer<CChar>) { next = start }

    mutating func write(_ text: String) -> UnsafePointer<CChar> {
        let start = next
        var text = text
        text.withUTF8 { bytes in
            if let base = bytes.baseAddress { UnsafeMutableRawPointer(start).copyMemory(from: base, byteCount: bytes.count) }
            start[bytes.count] = 0
            next = start + bytes.count + 1
        }
        return UnsafePointer(start)
    }

    mutating func write(_ bytes: [UInt8]?) -> UnsafePointer<CChar>? {
        guard let bytes else { return nil }
        let start = next
        bytes.withUnsafeBytes { UnsafeMutableRawPointer(start).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        next = start + bytes.count
        return UnsafePointer(start)
    }
}
