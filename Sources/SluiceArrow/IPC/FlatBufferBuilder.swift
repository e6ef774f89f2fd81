import SluiceSupport
/// A flatbuffer table to write: the fields it sets, by vtable slot.
package struct FlatTableValue {
    package var fields: [(slot: Int, value: FlatValue)] = []

    package init(_ fields: [(Int, FlatValue?)] = []) {
        for (slot, value) in fields {
            if let value { self.fields.append((slot, value)) }
        }
    }
}

/// A field's value, or an element of a vector.
package indirect enum FlatValue {
    case uint8(UInt8)
    case int16(Int16)
    case int32(Int32)
    case int64(Int64)
    case bool(Bool)
    case table(FlatTableValue)
    case string(String)
    case tables([FlatTableValue])
    /// A vector of structs, given as their little-endian bytes laid out back to back.
    case structs(bytes: [UInt8], count: Int, alignment: Int)

    /// Size and alignment in the table: scalars inline, everything else a uint32 offset.
    package var inlineSize: Int {
        switch self {
        case .uint8, .bool: 1
        case .int16: 2
        case .int32: 4
        case .int64: 8
        case .table, .string, .tables, .structs: 4
        }
    }
}

/// Serializes a table tree into flatbuffer bytes.
///
/// Flatbuffers' own builders write back to front. This one writes front to back, which
/// reads more plainly: a parent is written first with placeholder offsets, and each
/// child is appended later and patched in. Children therefore always sit after the
/// fields that point to them, as the format's unsigned offsets require. Each vtable is
/// written just before its table. Positions are aligned relative to the buffer's start,
/// which the IPC writer places at an 8-byte-aligned file offset.
package struct FlatBufferBuilder {
    private var bytes: [UInt8] = []
    /// Children waiting to be written, with the position of the offset that points to them.
    private var pending: [(from: Int, value: FlatValue)] = []

    /// The flatbuffer for `root`, padded to a multiple of 8 bytes.
    package static func serialize(_ root: FlatTableValue) -> [UInt8] {
        var builder = FlatBufferBuilder()
        builder.bytes = [0, 0, 0, 0]
        builder.pending = [(0, .table(root))]
        var next = 0
        while next < builder.pending.count {
            let (from, value) = builder.pending[next]
            next += 1
            let at = builder.writeObject(value)
            builder.patch(UInt32(at - from), at: from)
        }
        builder.align(8)
        return builder.bytes
    }

    private mutating func align(_ alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func patch<T: FixedWidthInteger>(_ value: T, at position: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for (index, byte) in raw.enumerated() { bytes[position + index] = byte }
        }
    }

    /// Writes an out-of-line object (table, string, vector) and returns where it starts.
    private mutating func writeObject(_ value: FlatValue) -> Int {
        switch value {
        case .table(let table):
            return writeTable(table)
        case .string(let text):
            align(4)
            let at = bytes.count
            append(UInt32(text.utf8.count))
            bytes.append(contentsOf: text.utf8)
            bytes.append(0)
            return at
        case .tables(let tables):
            align(4)
            let at = bytes.count
            append(UInt32(tables.count))
            for table in tables {
                pending.append((bytes.count, .table(table)))
                append(UInt32(0))
            }
            return at
        case .structs(let raw, let count, let alignment):
            // The elements must be aligned, and the uint32 count sits just before them.
            while (bytes.count + 4) % max(alignment, 4) != 0 { bytes.append(0) }
            let at = bytes.count
            append(UInt32(count))
            bytes.append(contentsOf: raw)
            return at
        case .uint8, .int16, .int32, .int64, .bool:
            preconditionFailure("scalars are stored inline in their table")
        }
    }

    private mutating func writeTable(_ table: FlatTableValue) -> Int {
        // Lay the fields out after the int32 vtable offset, widest first to save padding.
        let ordered = table.fields.sorted { $0.value.inlineSize > $1.value.inlineSize }
        var layout: [(slot: Int, offset: Int, value: FlatValue)] = []
        var size = 4
        for field in ordered {
            let width = field.value.inlineSize
            size = (size + width - 1) / width * width
            layout.append((field.slot, size, field.value))
            size += width
        }
        let slots = (table.fields.map(\.slot).max() ?? -1) + 1

        // The vtable, then the table aligned to 8 so any 8-byte field is aligned.
        // Both are even, so padding two bytes at a time reaches a multiple of 8.
        let vtableSize = 4 + 2 * slots
        align(2)
        while (bytes.count + vtableSize) % 8 != 0 { bytes.append(contentsOf: [0, 0]) }
        let vtable = bytes.count
        append(UInt16(vtableSize))
        append(UInt16(size))
        var entries = [UInt16](repeating: 0, count: slots)
        for field in layout { entries[field.slot] = UInt16(field.offset) }
        for entry in entries { append(entry) }

        let at = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: size))
        patch(Int32(at - vtable), at: at)
        for field in layout {
            let position = at + field.offset
            switch field.value {
            case .uint8(let value): patch(value, at: position)
            case .bool(let value): patch(UInt8(value ? 1 : 0), at: position)
            case .int16(let value): patch(value, at: position)
            case .int32(let value): patch(value, at: position)
            case .int64(let value): patch(value, at: position)
            case .table, .string, .tables, .structs: pending.append((position, field.value))
            }
        }
        return at
    }
}
