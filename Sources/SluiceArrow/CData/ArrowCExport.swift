import CSluiceABI
import Foundation
import SluiceSupport

/// Hands host tables to plugins through the Arrow C Data Interface without copying:
/// the exported arrays point straight at the table's buffers, and their private data
/// keeps those buffers alive until the consumer calls `release`.
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

    /// Fills `out` with the schema of a table: a struct ("+s") whose children are the columns.
    package static func exportSchema(_ schema: ArrowTableSchema, into out: UnsafeMutablePointer<ArrowSchema>) {
        let children = schema.fields.map { field -> UnsafeMutablePointer<ArrowSchema> in
            let child = UnsafeMutablePointer<ArrowSchema>.allocate(capacity: 1)
            var dictionary: UnsafeMutablePointer<ArrowSchema>?
            var flags = field.nullable ? Int64(ARROW_FLAG_NULLABLE) : 0
            if case .dictionary(let ordered) = field.type {
                dictionary = UnsafeMutablePointer<ArrowSchema>.allocate(capacity: 1)
                fillSchema(dictionary!, format: "u", name: nil, metadata: [:], flags: Int64(ARROW_FLAG_NULLABLE), children: [], dictionary: nil)
                if ordered { flags |= Int64(ARROW_FLAG_DICTIONARY_ORDERED) }
            }
            fillSchema(child, format: ArrowCFormat.format(field.type), name: field.name, metadata: field.metadata, flags: flags, children: [], dictionary: dictionary)
            return child
        }
        fillSchema(out, format: "+s", name: "", metadata: schema.metadata, flags: 0, children: children, dictionary: nil)
    }

    /// One record batch as a struct array whose children are the columns.
    package static func exportBatch(_ batch: ArrowRecordBatch, into out: UnsafeMutablePointer<ArrowArray>) {
        let children = batch.columns.map { column -> UnsafeMutablePointer<ArrowArray> in
            let child = UnsafeMutablePointer<ArrowArray>.allocate(capacity: 1)
            exportArray(column, into: child)
            return child
        }
        fillArray(out, length: batch.length, nullCount: 0, buffers: [nil], children: children, dictionary: nil, keepAlive: nil)
    }

    package static func exportArray(_ data: ArrowArrayData, into out: UnsafeMutablePointer<ArrowArray>) {
        var dictionary: UnsafeMutablePointer<ArrowArray>?
        if let values = data.dictionary {
            dictionary = UnsafeMutablePointer<ArrowArray>.allocate(capacity: 1)
            exportArray(values, into: dictionary!)
        }
        let buffers = data.layoutBuffers.map { $0.map { UnsafeRawPointer($0.baseAddress) } }
        fillArray(out, length: data.length, nullCount: data.nullCount, buffers: buffers, children: [], dictionary: dictionary, keepAlive: data)
    }

    // MARK: - Ownership

    /// What an exported schema owns: its strings and its children.
    private final class SchemaState {
        package let strings: [UnsafeMutablePointer<CChar>]
        package let metadata: UnsafeMutablePointer<UInt8>?
        package let children: UnsafeMutablePointer<UnsafeMutablePointer<ArrowSchema>?>?
        package let childCount: Int
        package let dictionary: UnsafeMutablePointer<ArrowSchema>?

        package init(strings: [UnsafeMutablePointer<CChar>], metadata: UnsafeMutablePointer<UInt8>?, children: [UnsafeMutablePointer<ArrowSchema>], dictionary: UnsafeMutablePointer<ArrowSchema>?) {
            self.strings = strings
            self.metadata = metadata
            childCount = children.count
            if children.isEmpty {
                self.children = nil
            } else {
                let array = UnsafeMutablePointer<UnsafeMutablePointer<ArrowSchema>?>.allocate(capacity: children.count)
                for (index, child) in children.enumerated() { array[index] = child }
                self.children = array
            }
            self.dictionary = dictionary
        }

        deinit {
            for string in strings { free(string) }
            metadata?.deallocate()
            if let children {
                for index in 0..<childCount {
                    if let child = children[index] {
                        child.pointee.release?(child)  // a consumer may have moved it out (release == NULL)
                        child.deallocate()
                    }
                }
                children.deallocate()
            }
            if let dictionary {
                dictionary.pointee.release?(dictionary)
                dictionary.deallocate()
            }
        }
    }

    private static func fillSchema(_ out: UnsafeMutablePointer<ArrowSchema>, format: String, name: String?, metadata: [String: String],
                                   flags: Int64, children: [UnsafeMutablePointer<ArrowSchema>], dictionary: UnsafeMutablePointer<ArrowSchema>?) {
        let formatString = strdup(format)!
        let nameString = name.map { strdup($0)! }
        var metadataBytes: UnsafeMutablePointer<UInt8>?
        if let encoded = ArrowCFormat.encode(metadata) {
            metadataBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: encoded.count)
            metadataBytes!.initialize(from: encoded, count: encoded.count)
        }
        let state = SchemaState(strings: [formatString] + (nameString.map { [$0] } ?? []), metadata: metadataBytes, children: children, dictionary: dictionary)
        out.pointee = ArrowSchema(
            format: UnsafePointer(formatString), name: nameString.map { UnsafePointer($0) },
            metadata: metadataBytes.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
            flags: flags, n_children: Int64(children.count), children: state.children, dictionary: dictionary,
            release: { schema in
                guard let schema, let data = schema.pointee.private_data else { return }
                Unmanaged<SchemaState>.fromOpaque(data).release()
                schema.pointee.release = nil
            },
            private_data: Unmanaged.passRetained(state).toOpaque()
        )
    }

    /// What an exported array owns: its buffer pointer list, its children, and a
    /// reference to the host data its buffers point into.
    private final class ArrayState {
        package let buffers: UnsafeMutablePointer<UnsafeRawPointer?>
        package let children: UnsafeMutablePointer<UnsafeMutablePointer<ArrowArray>?>?
        package let childCount: Int
        package let dictionary: UnsafeMutablePointer<ArrowArray>?
        package let keepAlive: AnyObject?

        package init(buffers: [UnsafeRawPointer?], children: [UnsafeMutablePointer<ArrowArray>], dictionary: UnsafeMutablePointer<ArrowArray>?, keepAlive: AnyObject?) {
            self.buffers = UnsafeMutablePointer<UnsafeRawPointer?>.allocate(capacity: max(buffers.count, 1))
            for (index, buffer) in buffers.enumerated() { self.buffers[index] = buffer }
            childCount = children.count
            if children.isEmpty {
                self.children = nil
            } else {
                let array = UnsafeMutablePointer<UnsafeMutablePointer<ArrowArray>?>.allocate(capacity: children.count)
                for (index, child) in children.enumerated() { array[index] = child }
                self.children = array
            }
            self.dictionary = dictionary
            self.keepAlive = keepAlive
        }

        deinit {
            buffers.deallocate()
            if let children {
                for index in 0..<childCount {
                    if let child = children[index] {
                        child.pointee.release?(child)
                        child.deallocate()
                    }
                }
                children.deallocate()
            }
            if let dictionary {
                dictionary.pointee.release?(dictionary)
                dictionary.deallocate()
            }
        }
    }

    private static func fillArray(_ out: UnsafeMutablePointer<ArrowArray>, length: Int, nullCount: Int, buffers: [UnsafeRawPointer?],
                                  children: [UnsafeMutablePointer<ArrowArray>], dictionary: UnsafeMutablePointer<ArrowArray>?, keepAlive: AnyObject?) {
        let state = ArrayState(buffers: buffers, children: children, dictionary: dictionary, keepAlive: keepAlive)
        out.pointee = ArrowArray(
            length: Int64(length), null_count: Int64(nullCount), offset: 0, n_buffers: Int64(buffers.count), n_children: Int64(children.count),
            buffers: UnsafeMutablePointer(mutating: state.buffers).withMemoryRebound(to: UnsafeRawPointer?.self, capacity: buffers.count) { UnsafeMutablePointer($0) },
            children: state.children, dictionary: dictionary,
            release: { array in
                guard let array, let data = array.pointee.private_data else { return }
                Unmanaged<ArrayState>.fromOpaque(data).release()
                array.pointee.release = nil
            },
            private_data: Unmanaged.passRetained(state).toOpaque()
        )
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
