/// The numbers of the Arrow IPC format (Apache Arrow "Columnar format", the
/// Schema.fbs, Message.fbs and File.fbs flatbuffer schemas): magic, framing, union
/// type ids and the vtable slot of each field the host reads or writes.
package enum ArrowIPC {
    /// "ARROW1": the first six and the last six bytes of a file.
    package static let magic: [UInt8] = Array("ARROW1".utf8)
    /// Marks an encapsulated message; followed by the int32 metadata length.
    package static let continuation: UInt32 = 0xFFFF_FFFF
    /// MetadataVersion.V5, the current version, written and expected.
    package static let metadataV5: Int16 = 4
    /// The alignment of buffers in a body, and of the body in the file, that the host
    /// writes: 64, as the format recommends, so mapped buffers are cache-line aligned.
    package static let bodyAlignment = 64

    /// MessageHeader union type ids.
    package enum Header: UInt8 {
        case schema = 1, dictionaryBatch = 2, recordBatch = 3, tensor = 4, sparseTensor = 5
    }

    /// The `Type` union's type ids, in Schema.fbs order, with the names errors show.
    package static let typeNames: [UInt8: String] = [
        1: "Null", 2: "Int", 3: "FloatingPoint", 4: "Binary", 5: "Utf8", 6: "Bool", 7: "Decimal",
        8: "Date", 9: "Time", 10: "Timestamp", 11: "Interval", 12: "List", 13: "Struct", 14: "Union",
        15: "FixedSizeBinary", 16: "FixedSizeList", 17: "Map", 18: "Duration", 19: "LargeBinary",
        20: "LargeUtf8", 21: "LargeList", 22: "RunEndEncoded", 23: "BinaryView", 24: "Utf8View",
        25: "ListView", 26: "LargeListView",
    ]
    package enum TypeID {
        package static let int: UInt8 = 2, floatingPoint: UInt8 = 3, utf8: UInt8 = 5, bool: UInt8 = 6, largeUtf8: UInt8 = 20
    }

    // Vtable slots. A union takes two: its type id, then its value.
    package enum Message { static let version = 0, headerType = 1, header = 2, bodyLength = 3, metadata = 4 }
    package enum Footer { static let version = 0, schema = 1, dictionaries = 2, recordBatches = 3, metadata = 4 }
    package enum Schema { static let endianness = 0, fields = 1, metadata = 2, features = 3 }
    package enum Field { static let name = 0, nullable = 1, typeType = 2, type = 3, dictionary = 4, children = 5, metadata = 6 }
    package enum KeyValue { static let key = 0, value = 1 }
    package enum IntType { static let bitWidth = 0, isSigned = 1 }
    package enum FloatingPoint { static let precision = 0 }
    package enum DictionaryEncoding { static let id = 0, indexType = 1, isOrdered = 2, kind = 3 }
    package enum RecordBatch { static let length = 0, nodes = 1, buffers = 2, compression = 3, variadicCounts = 4 }
    package enum DictionaryBatch { static let id = 0, data = 1, isDelta = 2 }
    package enum BodyCompression { static let codec = 0, method = 1 }

    /// Struct sizes: FieldNode {length, null_count}, Buffer {offset, length},
    /// Block {offset: int64, metaDataLength: int32, 4 bytes padding, bodyLength: int64}.
    package static let fieldNodeSize = 16, bufferSize = 16, blockSize = 24
}
