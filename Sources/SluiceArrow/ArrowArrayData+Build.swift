/// Building arrays from Swift arrays. The buffers are fresh 64-byte-aligned allocations.
extension ArrowArrayData {
    /// An array holding `values`. Throws `arrow.invalid` only when strings exceed the
    /// 2 GiB that int32 offsets address.
    package convenience init(_ values: ArrowValues) throws {
        let built: ArrowArrayData = switch values {
        case .float64(let values): .fixedWidth(values, .float64)
        case .float32(let values): .fixedWidth(values, .float32)
        case .int64(let values): .fixedWidth(values, .int64)
        case .int32(let values): .fixedWidth(values, .int32)
        case .bool(let values): .bools(values)
        case .utf8(let values): try .strings(values)
        case .dictionary(let values, let ordered): try .categories(values, ordered: ordered)
        }
        self.init(unchecked: built.type, length: built.length, nullCount: built.nullCount, validity: built.validity,
                  offsets: built.offsets, values: built.values, dictionary: built.dictionary)
    }

    /// A dictionary array from indices into `categories`; throws `arrow.invalid` when
    /// an index is out of range.
    package static func dictionary(indices: [Int32?], categories: [String?], ordered: Bool = false) throws -> ArrowArrayData {
        let (validity, nullCount) = makeValidity(indices)
        return try ArrowArrayData(
            type: .dictionary(ordered: ordered), length: indices.count, nullCount: nullCount, validity: validity,
            values: makeValues(indices), dictionary: strings(categories)
        )
    }

    private static func fixedWidth<T: Numeric>(_ values: [T?], _ type: ArrowDataType) -> ArrowArrayData {
        let (validity, nullCount) = makeValidity(values)
        return ArrowArrayData(unchecked: type, length: values.count, nullCount: nullCount, validity: validity,
                              offsets: nil, values: makeValues(values), dictionary: nil)
    }

    private static func bools(_ values: [Bool?]) -> ArrowArrayData {
        let (validity, nullCount) = makeValidity(values)
        let bits = makeBitmap(values.count) { values[$0] == true }
        return ArrowArrayData(unchecked: .bool, length: values.count, nullCount: nullCount, validity: validity,
                              offsets: nil, values: bits, dictionary: nil)
    }

    package static func strings(_ values: [String?]) throws -> ArrowArrayData {
        let (validity, nullCount) = makeValidity(values)
        let total = values.reduce(0) { $0 + ($1?.utf8.count ?? 0) }
        guard total <= Int(Int32.max) else {
            throw ArrowError.invalid("\(total) bytes of strings do not fit int32 offsets (2 GiB); split them into several batches")
        }
        let offsets = ArrowStorage(allocating: (values.count + 1) * 4)
        let bytes = ArrowStorage(allocating: total)
        let offsetPointer = offsets.baseAddress.bindMemory(to: Int32.self, capacity: values.count + 1)
        var position = 0
        offsetPointer[0] = 0
        for (index, value) in values.enumerated() {
            if let value {
                let count = value.utf8.count
                UnsafeMutableRawBufferPointer(start: bytes.baseAddress + position, count: count).copyBytes(from: value.utf8)
                position += count
            }
            offsetPointer[index + 1] = Int32(position)
        }
        return ArrowArrayData(unchecked: .utf8, length: values.count, nullCount: nullCount, validity: validity,
                              offsets: ArrowBuffer(storage: offsets), values: ArrowBuffer(storage: bytes), dictionary: nil)
    }

    /// Dictionary-encodes `values`: categories in order of first appearance.
    private static func categories(_ values: [String?], ordered: Bool) throws -> ArrowArrayData {
        var categories: [String] = []
        var positions: [String: Int32] = [:]
        let indices: [Int32?] = values.map { value in
            guard let value else { return nil }
            if let known = positions[value] { return known }
            let index = Int32(categories.count)
            positions[value] = index
            categories.append(value)
            return index
        }
        let (validity, nullCount) = makeValidity(indices)
        return ArrowArrayData(unchecked: .dictionary(ordered: ordered), length: values.count, nullCount: nullCount,
                              validity: validity, offsets: nil, values: makeValues(indices), dictionary: try strings(categories))
    }

    /// The validity bitmap of `values` and its null count; no bitmap when nothing is null.
    package static func makeValidity<T>(_ values: [T?]) -> (ArrowBuffer?, Int) {
        let nullCount = values.reduce(0) { $0 + ($1 == nil ? 1 : 0) }
        guard nullCount > 0 else { return (nil, 0) }
        return (makeBitmap(values.count) { values[$0] != nil }, nullCount)
    }

    /// A bitmap of `count` bits, bit `i` set when `isSet(i)`.
    package static func makeBitmap(_ count: Int, _ isSet: (Int) -> Bool) -> ArrowBuffer {
        let buffer = ArrowBuffer.zeroed(bitmapLength(count))
        let bytes = buffer.storage.baseAddress.assumingMemoryBound(to: UInt8.self)
        for index in 0..<count where isSet(index) {
            bytes[index >> 3] |= 1 << UInt8(index & 7)
        }
        return buffer
    }

    /// The values of `values` packed contiguously, zero in null slots.
    package static func makeValues<T: Numeric>(_ values: [T?]) -> ArrowBuffer {
        let storage = ArrowStorage(allocating: values.count * MemoryLayout<T>.stride)
        let pointer = storage.baseAddress.bindMemory(to: T.self, capacity: values.count)
        for (index, value) in values.enumerated() {
            pointer[index] = value ?? .zero
        }
        return ArrowBuffer(storage: storage)
    }
}
