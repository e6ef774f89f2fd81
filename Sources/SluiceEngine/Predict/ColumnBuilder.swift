import SluiceArrow

/// One column of a batch being read from CSV: values (float64, int64, bool or text),
/// validity and (text) offsets, built into Arrow buffers once the batch is complete.
package struct ColumnBuilder {
    package let type: ArrowDataType
    private var doubles: [Double] = []
    private var integers: [Int64] = []
    private var flags: [Bool] = []
    private var textBytes: [UInt8] = []
    private var offsets: [Int32] = [0]
    private var valid: [Bool] = []
    private var nulls = 0

    package init(_ type: ArrowDataType) { self.type = type }

    package mutating func appendNull() {
        valid.append(false)
        nulls += 1
        switch type {
        case .float64: doubles.append(0)
        case .int64: integers.append(0)
        case .bool: flags.append(false)
        default: offsets.append(Int32(textBytes.count))
        }
    }

    package mutating func append(_ value: Double) {
        valid.append(true)
        doubles.append(value)
    }

    package mutating func append(_ value: Int64) {
        valid.append(true)
        integers.append(value)
    }

    package mutating func append(_ value: Bool) {
        valid.append(true)
        flags.append(value)
    }

    package mutating func append(text: UnsafeBufferPointer<UInt8>) {
        valid.append(true)
        textBytes.append(contentsOf: text)
        offsets.append(Int32(truncatingIfNeeded: textBytes.count))
    }

    package func build() -> ArrowArrayData {
        let count = valid.count
        let validity = nulls > 0 ? ArrowArrayData.makeBitmap(count) { valid[$0] } : nil
        switch type {
        case .float64:
            return ArrowArrayData(unchecked: .float64, length: count, nullCount: nulls, validity: validity, offsets: nil,
                                  values: Self.buffer(doubles), dictionary: nil)
        case .int64:
            return ArrowArrayData(unchecked: .int64, length: count, nullCount: nulls, validity: validity, offsets: nil,
                                  values: Self.buffer(integers), dictionary: nil)
        case .bool:
            return ArrowArrayData(unchecked: .bool, length: count, nullCount: nulls, validity: validity, offsets: nil,
                                  values: ArrowArrayData.makeBitmap(count) { flags[$0] }, dictionary: nil)
        default:
            return ArrowArrayData(unchecked: .utf8, length: count, nullCount: nulls, validity: validity,
                                  offsets: Self.buffer(offsets), values: Self.buffer(textBytes), dictionary: nil)
        }
    }

    private static func buffer<T>(_ values: [T]) -> ArrowBuffer {
        let bytes = values.count * MemoryLayout<T>.stride
        let storage = ArrowStorage(allocating: bytes)
        values.withUnsafeBytes { source in
            if let base = source.baseAddress, bytes > 0 { storage.baseAddress.copyMemory(from: base, byteCount: bytes) }
        }
        return ArrowBuffer(storage: storage, count: bytes)
    }
}
