import SluiceSupport
/// Bounds-checked reading of a flatbuffer (https://flatbuffers.dev, "binary format").
/// Every offset is checked against the buffer before it is followed, so a corrupt
/// file throws `arrow.corrupt` instead of reading outside the file.
///
/// Layout facts used here: a buffer starts with a uint32 offset to the root table; a
/// table starts with an int32 `vtable = table - value`; a vtable is uint16s: its own
/// size, the table's size, then one field offset per slot (0 = absent, use the
/// default); offset fields (tables, strings, vectors) hold a uint32 relative to
/// themselves; vectors and strings start with a uint32 count. All little-endian.
package struct FlatBufferReader {
    /// Keeps `bytes` alive.
    package let storage: ArrowStorage
    /// The flatbuffer's bytes, inside `storage`.
    package let start: Int
    package let count: Int
    /// For errors: the file and where the flatbuffer starts in it.
    package let path: String
    package let fileOffset: Int

    package func corrupt(_ position: Int, _ what: String) -> SluiceError {
        ArrowError.corrupt(path, at: fileOffset + position, what)
    }

    /// The integer of type `T` at `position`, little-endian, or an error when it is not inside.
    package func scalar<T: FixedWidthInteger>(_ type: T.Type, at position: Int) throws -> T {
        guard position >= 0, position <= count - MemoryLayout<T>.size else {
            throw corrupt(position, "a flatbuffer field at \(position) lies outside the \(count)-byte metadata")
        }
        return withExtendedLifetime(storage) {
            T(littleEndian: UnsafeRawPointer(storage.baseAddress + start + position).loadUnaligned(as: T.self))
        }
    }

    /// The position a uint32 offset at `position` points to.
    package func follow(_ position: Int) throws -> Int {
        let target = position + Int(try scalar(UInt32.self, at: position))
        guard target < count else { throw corrupt(position, "a flatbuffer offset points past the metadata's end") }
        return target
    }

    /// The root table.
    package func root() throws -> FlatTable {
        try FlatTable(self, at: follow(0))
    }

    /// The bytes of `length` at `position`, checked.
    package func bytes(at position: Int, length: Int) throws -> UnsafeRawBufferPointer {
        guard position >= 0, length >= 0, position <= count - length else {
            throw corrupt(position, "\(length) bytes at \(position) lie outside the \(count)-byte metadata")
        }
        return UnsafeRawBufferPointer(start: storage.baseAddress + start + position, count: length)
    }
}

/// A table inside a flatbuffer, with its vtable found and checked.
package struct FlatTable {
    package let buffer: FlatBufferReader
    package let position: Int
    private let vtable: Int
    private let vtableSize: Int
    private let tableSize: Int

    package init(_ buffer: FlatBufferReader, at position: Int) throws {
        self.buffer = buffer
        self.position = position
        let (vtable, overflow) = position.subtractingReportingOverflow(Int(try buffer.scalar(Int32.self, at: position)))
        guard !overflow else { throw buffer.corrupt(position, "a flatbuffer table's vtable offset overflows") }
        vtableSize = Int(try buffer.scalar(UInt16.self, at: vtable))
        tableSize = Int(try buffer.scalar(UInt16.self, at: vtable + 2))
        guard vtableSize >= 4, vtableSize % 2 == 0, vtable <= buffer.count - vtableSize else {
            throw buffer.corrupt(vtable, "a flatbuffer vtable of \(vtableSize) bytes is malformed or outside the metadata")
        }
        guard tableSize >= 4, position <= buffer.count - tableSize else {
            throw buffer.corrupt(position, "a flatbuffer table of \(tableSize) bytes runs past the metadata's end")
        }
        self.vtable = vtable
    }

    /// Where field `slot` is stored, or nil when the table leaves it out.
    package func fieldPosition(_ slot: Int) throws -> Int? {
        let entry = 4 + 2 * slot
        guard entry + 2 <= vtableSize else { return nil }
        let offset = Int(try buffer.scalar(UInt16.self, at: vtable + entry))
        guard offset != 0 else { return nil }
        guard offset >= 4, offset < tableSize else {
            throw buffer.corrupt(vtable + entry, "a flatbuffer field offset \(offset) lies outside its \(tableSize)-byte table")
        }
        return position + offset
    }

    package func scalar<T: FixedWidthInteger>(_ slot: Int, default value: T) throws -> T {
        guard let at = try fieldPosition(slot) else { return value }
        return try buffer.scalar(T.self, at: at)
    }

    package func bool(_ slot: Int, default value: Bool = false) throws -> Bool {
        try scalar(slot, default: UInt8(value ? 1 : 0)) != 0
    }

    package func table(_ slot: Int) throws -> FlatTable? {
        guard let at = try fieldPosition(slot) else { return nil }
        return try FlatTable(buffer, at: buffer.follow(at))
    }

    package func string(_ slot: Int) throws -> String? {
        guard let at = try fieldPosition(slot) else { return nil }
        let start = try buffer.follow(at)
        let length = Int(try buffer.scalar(UInt32.self, at: start))
        return String(decoding: try buffer.bytes(at: start + 4, length: length), as: UTF8.self)
    }

    /// The vector in `slot`, whose elements are `elementSize` bytes each.
    package func vector(_ slot: Int, elementSize: Int) throws -> FlatVector? {
        guard let at = try fieldPosition(slot) else { return nil }
        let start = try buffer.follow(at)
        let count = Int(try buffer.scalar(UInt32.self, at: start))
        // count < 2^32 and elementSize is small, so the product cannot overflow Int.
        _ = try buffer.bytes(at: start + 4, length: count * elementSize)
        return FlatVector(buffer: buffer, start: start + 4, count: count, elementSize: elementSize)
    }
}

/// A vector inside a flatbuffer whose extent has been checked.
package struct FlatVector {
    package let buffer: FlatBufferReader
    package let start: Int
    package let count: Int
    package let elementSize: Int

    /// Where element `index` starts (for structs, read its fields from there).
    package func position(_ index: Int) -> Int { start + index * elementSize }

    /// Element `index` of a vector of tables.
    package func table(_ index: Int) throws -> FlatTable {
        try FlatTable(buffer, at: buffer.follow(position(index)))
    }
}
