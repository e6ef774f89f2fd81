/// Copying a range of slots into a new array: arrays here always start at offset 0
/// (the IPC writer and the C Data export rely on it), so a slice is a copy.
extension ArrowArrayData {
    /// Slots `range` as a new array (a dictionary array keeps the same dictionary).
    package func slice(_ range: Range<Int>) -> ArrowArrayData {
        precondition(range.lowerBound >= 0 && range.upperBound <= length, "slice outside the array")
        if range.lowerBound == 0 && range.upperBound == length { return self }
        let count = range.count
        var nulls = 0
        var bitmap: ArrowBuffer?
        if validity != nil {
            bitmap = Self.makeBitmap(count) { isValid(range.lowerBound + $0) }
            for index in range where !isValid(index) { nulls += 1 }
        }
        let sliced: ArrowBuffer
        var newOffsets: ArrowBuffer?
        switch type {
        case .bool:
            sliced = withExtendedLifetime(self) {
                Self.makeBitmap(count) { index in
                    let slot = range.lowerBound + index
                    return values.baseAddress.load(fromByteOffset: slot >> 3, as: UInt8.self) & (1 << UInt8(slot & 7)) != 0
                }
            }
        case .utf8:
            let (start, end): (Int32, Int32) = offsets!.withValues(as: Int32.self, count: length + 1) { ($0[range.lowerBound], $0[range.upperBound]) }
            let storage = ArrowStorage(allocating: (count + 1) * 4)
            let target = storage.baseAddress.bindMemory(to: Int32.self, capacity: count + 1)
            offsets!.withValues(as: Int32.self, count: length + 1) { source in
                for index in 0...count { target[index] = source[range.lowerBound + index] - start }
            }
            newOffsets = ArrowBuffer(storage: storage)
            sliced = copy(values, from: Int(start), bytes: Int(end - start))
        default:
            let width = type.byteWidth!
            sliced = copy(values, from: range.lowerBound * width, bytes: count * width)
        }
        return ArrowArrayData(unchecked: type, length: count, nullCount: nulls, validity: bitmap, offsets: newOffsets, values: sliced, dictionary: dictionary)
    }

    private func copy(_ buffer: ArrowBuffer, from start: Int, bytes: Int) -> ArrowBuffer {
        let storage = ArrowStorage(allocating: bytes)
        if bytes > 0 {
            buffer.withUnsafeBytes { source in storage.baseAddress.copyMemory(from: source.baseAddress! + start, byteCount: bytes) }
        }
        return ArrowBuffer(storage: storage, count: bytes)
    }
}

extension ArrowRecordBatch {
    /// Rows `range` as a new batch.
    package func slice(_ range: Range<Int>) throws -> ArrowRecordBatch {
        try ArrowRecordBatch(length: range.count, columns: columns.map { $0.slice(range) })
    }
}
