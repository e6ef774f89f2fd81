import SluiceSupport
/// Reading arrays back as Swift values.
extension ArrowArrayData {
    /// All the values, nil for null slots; dictionary arrays are decoded to their categories.
    package var swiftValues: ArrowValues {
        switch type {
        case .float64: .float64(numbers(Double.self))
        case .float32: .float32(numbers(Float.self))
        case .int64: .int64(numbers(Int64.self))
        case .int32: .int32(numbers(Int32.self))
        case .bool: .bool((0..<length).map { isValid($0) ? bit($0) : nil })
        case .utf8: .utf8((0..<length).map { isValid($0) ? string(at: $0) : nil })
        case .dictionary(let ordered): .dictionary(categories(), ordered: ordered)
        }
    }

    /// The string in slot `index` of a utf8 array (empty for a null slot).
    /// Invalid UTF-8 is repaired with U+FFFD rather than trapping.
    package func string(at index: Int) -> String {
        precondition(type == .utf8 && index >= 0 && index < length, "string(at:) needs a utf8 array and a slot inside it")
        return withExtendedLifetime(self) {
            let offsets = self.offsets!.baseAddress
            let start = Int(offsets.load(fromByteOffset: index * 4, as: Int32.self))
            let end = Int(offsets.load(fromByteOffset: index * 4 + 4, as: Int32.self))
            return String(decoding: UnsafeRawBufferPointer(start: values.baseAddress + start, count: end - start), as: UTF8.self)
        }
    }

    private func numbers<T>(_ type: T.Type) -> [T?] {
        values.withValues(as: T.self, count: length) { numbers in
            (0..<length).map { isValid($0) ? numbers[$0] : nil }
        }
    }

    private func bit(_ index: Int) -> Bool {
        values.baseAddress.load(fromByteOffset: index >> 3, as: UInt8.self) & (1 << UInt8(index & 7)) != 0
    }

    private func categories() -> [String?] {
        guard let dictionary else { return Array(repeating: nil, count: length) }
        let names: [String?] = (0..<dictionary.length).map { dictionary.isValid($0) ? dictionary.string(at: $0) : nil }
        return values.withValues(as: Int32.self, count: length) { indices in
            (0..<length).map { isValid($0) ? names[Int(indices[$0])] : nil }
        }
    }
}
