/// Converts buffers stored in a layout the host does not hold into the one it does:
/// int64 string offsets to int32, and 8/16/64-bit or unsigned dictionary indices to
/// int32. pandas writes both (large_string columns; int8 indices for a Categorical).
package struct ArrowIPCConversion {
    package let source: ArrowIPCSource
    /// The message start, for errors.
    package let at: Int
    package let column: String
    package let length: Int
    package let validity: ArrowBuffer?

    /// A zero-length string array may be written with no offsets at all; the host
    /// always holds `length + 1` of them.
    package func emptyOffsetsIfNeeded(_ offsets: ArrowBuffer) -> ArrowBuffer {
        length == 0 && offsets.count < 4 ? ArrowBuffer.zeroed(4) : offsets
    }

    /// int64 offsets as int32 ones, rebased to start at 0, with the values they cover.
    package func narrowOffsets(_ offsets: ArrowBuffer, values: ArrowBuffer) throws -> (ArrowBuffer, ArrowBuffer) {
        if length == 0 && offsets.count < 8 { return (ArrowBuffer.zeroed(4), values) }
        guard length < Int.max / 8, offsets.count >= (length + 1) * 8 else {
            throw source.corrupt(at, "column '\(column)': the large string offsets have \(offsets.count) bytes, \(length) slots need more")
        }
        return try offsets.withValues(as: Int64.self, count: length + 1) { wide in
            let first = wide[0], last = wide[length]
            guard first >= 0, first <= last, last <= Int64(values.count) else {
                throw source.corrupt(at, "column '\(column)': the large string offsets run from \(first) to \(last), outside the \(values.count) bytes of values")
            }
            guard last - first <= Int64(Int32.max) else {
                throw ArrowError.unsupportedType(source.path, at: at, column: column, type: "LargeUtf8 with \(last - first) bytes in one batch",
                                                 advice: "write it in batches of less than 2 GiB of text each")
            }
            let narrow = ArrowStorage(allocating: (length + 1) * 4)
            let out = narrow.baseAddress.bindMemory(to: Int32.self, capacity: length + 1)
            for index in 0...length {
                // Decreasing offsets would wrap below zero or past the values: refuse them here.
                let offset = wide[index] - first
                guard offset >= 0, offset <= last - first, index == 0 || wide[index] >= wide[index - 1] else {
                    throw source.corrupt(at, "column '\(column)': large string offset \(index) (\(wide[index])) is out of order")
                }
                out[index] = Int32(offset)
            }
            return (ArrowBuffer(storage: narrow), ArrowBuffer(storage: values.storage, offset: values.offset + Int(first), count: Int(last - first)))
        }
    }

    /// Dictionary indices of `bits` bits as int32; as they are when already int32.
    package func widenIndices(_ indices: ArrowBuffer, bits: Int, signed: Bool) throws -> ArrowBuffer {
        if bits == 32 && signed { return indices }
        let width = bits / 8
        guard length <= indices.count / width else {
            throw source.corrupt(at, "column '\(column)': the dictionary indices have \(indices.count) bytes, \(length) slots need \(length * width)")
        }
        let wide = ArrowStorage(allocating: length * 4)
        let out = wide.baseAddress.bindMemory(to: Int32.self, capacity: length)
        func widen<T: FixedWidthInteger>(_ type: T.Type) throws {
            try indices.withValues(as: T.self, count: length) { narrow in
                for slot in 0..<length {
                    if let index = Int32(exactly: narrow[slot]) {
                        out[slot] = index
                    } else if isValid(slot) {
                        throw source.corrupt(at, "column '\(column)': slot \(slot) has dictionary index \(narrow[slot]), beyond any dictionary Sluice can hold")
                    } else {
                        out[slot] = 0  // A null slot's index means nothing.
                    }
                }
            }
        }
        switch (bits, signed) {
        case (8, true): try widen(Int8.self)
        case (8, false): try widen(UInt8.self)
        case (16, true): try widen(Int16.self)
        case (16, false): try widen(UInt16.self)
        case (32, false): try widen(UInt32.self)
        case (64, true): try widen(Int64.self)
        default: try widen(UInt64.self)
        }
        return ArrowBuffer(storage: wide)
    }

    private func isValid(_ slot: Int) -> Bool {
        guard let validity, slot / 8 < validity.count else { return validity == nil }
        return validity.baseAddress.load(fromByteOffset: slot >> 3, as: UInt8.self) & (1 << UInt8(slot & 7)) != 0
    }
}
