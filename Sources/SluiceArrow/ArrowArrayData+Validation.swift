/// The checks that make every `ArrowArrayData` safe to read: each returns what is
/// wrong, in words, or nil. The IPC reader turns the words into `arrow.corrupt`.
extension ArrowArrayData {
    package static func problem(
        type: ArrowDataType, length: Int, nullCount: Int, validity: ArrowBuffer?,
        offsets: ArrowBuffer?, values: ArrowBuffer, dictionary: ArrowArrayData?
    ) -> String? {
        guard length >= 0 else { return "the length \(length) is negative" }
        guard nullCount >= 0 && nullCount <= length else { return "the null count \(nullCount) is outside 0...\(length)" }
        if nullCount > 0 {
            guard let validity else { return "\(nullCount) nulls but no validity bitmap" }
            guard validity.count >= bitmapLength(length) else {
                return "the validity bitmap has \(validity.count) bytes, \(length) slots need \(bitmapLength(length))"
            }
        }
        switch type {
        case .float64, .float32, .int64, .int32:
            return fixedWidthProblem(type, length: length, values: values)
        case .bool:
            guard values.count >= bitmapLength(length) else {
                return "the bool values have \(values.count) bytes, \(length) slots need \(bitmapLength(length))"
            }
            return nil
        case .utf8:
            guard let offsets else { return "a string array without offsets" }
            return utf8Problem(length: length, offsets: offsets, values: values)
        case .dictionary:
            guard let dictionary, dictionary.type == .utf8 else { return "a dictionary array without string categories" }
            if let problem = fixedWidthProblem(type, length: length, values: values) { return problem }
            return indexProblem(length: length, validity: nullCount == 0 ? nil : validity, indices: values, categories: dictionary.length)
        }
    }

    /// Bytes of a bitmap with `length` bits, without overflowing for any `length >= 0`.
    package static func bitmapLength(_ length: Int) -> Int {
        length / 8 + (length % 8 == 0 ? 0 : 1)
    }

    private static func fixedWidthProblem(_ type: ArrowDataType, length: Int, values: ArrowBuffer) -> String? {
        let width = type.byteWidth ?? 1
        let (needed, overflow) = length.multipliedReportingOverflow(by: width)
        guard !overflow && values.count >= needed else {
            return "the \(type) values have \(values.count) bytes, \(length) slots need \(overflow ? "more than the address space" : String(needed))"
        }
        return nil
    }

    private static func utf8Problem(length: Int, offsets: ArrowBuffer, values: ArrowBuffer) -> String? {
        guard length < Int.max / 4, offsets.count >= (length + 1) * 4 else {
            return "the string offsets have \(offsets.count) bytes, \(length) slots need \(length < Int.max / 4 ? String((length + 1) * 4) : "more")"
        }
        return offsets.withValues(as: Int32.self, count: length + 1) { offsets -> String? in
            guard offsets[0] >= 0 else { return "the first string offset \(offsets[0]) is negative" }
            var previous = offsets[0]
            for index in 1..<offsets.count {
                let next = offsets[index]
                // One branch per string keeps the check cheap next to the reads it protects.
                if next < previous { return "string offset \(index) (\(next)) is below the one before it (\(previous))" }
                previous = next
            }
            guard Int(previous) <= values.count else {
                return "the strings end at byte \(previous) of their values, which have \(values.count) bytes"
            }
            return nil
        }
    }

    private static func indexProblem(length: Int, validity: ArrowBuffer?, indices: ArrowBuffer, categories: Int) -> String? {
        indices.withValues(as: Int32.self, count: length) { indices -> String? in
            for slot in 0..<indices.count {
                let index = indices[slot]
                if index >= 0 && Int(index) < categories { continue }
                // A null slot may hold any index: only valid slots must point into the dictionary.
                if let validity {
                    let byte = validity.baseAddress.load(fromByteOffset: slot >> 3, as: UInt8.self)
                    if byte & (1 << UInt8(slot & 7)) == 0 { continue }
                }
                return "slot \(slot) has dictionary index \(index), but the dictionary has \(categories) categories"
            }
            return nil
        }
    }
}
