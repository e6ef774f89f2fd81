/// TensorProto → Tensor. Values come from raw_data (fixed-width little-endian) or from
/// the typed field onnx.proto assigns to the element type; their number must match the
/// dims, so that no operator ever sees a tensor whose storage disagrees with its shape.
extension NamedTensor {
    init(decoding message: ProtobufReader) throws(ONNXError) {
        let fields = try TensorProtoFields(reading: message)
        let label = Self.label(fields.name)
        if fields.dataLocation == 1 {
            throw ONNXError(.unsupported, "\(label) keeps its values in an external data file; Sluice reads self-contained models only: save the model with its tensors embedded (onnx.save_model without save_as_external_data)")
        }
        if fields.hasSegment {
            throw ONNXError(.unsupported, "\(label) is one segment of a tensor split across messages, which Sluice does not read")
        }
        guard fields.dataType <= UInt64(Int.max), let elementType = ElementType(rawValue: Int(fields.dataType)) else {
            throw ONNXError(.unsupported, "\(label) has element type \(fields.dataType), which Sluice does not read")
        }
        var shape: [Int] = []
        shape.reserveCapacity(fields.dims.count)
        for dim in fields.dims {
            let size = Int64(bitPattern: dim)
            guard size >= 0 else { throw ONNXError(.corrupt, "the model file is corrupt: \(label) has a negative dimension \(size)") }
            shape.append(Int(size))
        }
        guard let count = Tensor.elementCount(shape) else {
            throw ONNXError(.corrupt, "the model file is corrupt: \(label) has dims \(shape) whose element count overflows")
        }
        let elements = try TensorValues(fields: fields, elementType: elementType, label: label).elements()
        guard elements.count == count else {
            throw ONNXError(.corrupt, "the model file is corrupt: \(label) holds \(elements.count) values but its dims \(shape) call for \(count)")
        }
        self.init(name: fields.name, tensor: Tensor(shape: shape, elements: elements))
    }
}

/// Reads a tensor's values from whichever field holds them.
private struct TensorValues {
    let fields: TensorProtoFields
    let elementType: ElementType
    let label: String

    func elements() throws(ONNXError) -> Tensor.Elements {
        switch elementType {
        case .float:
            let bits = try fixed32s(typed: "float_data", fields.floatData)
            return .float(bits.map { Float(bitPattern: $0) })
        case .double:
            let bits = try fixed64s(typed: "double_data", fields.doubleData)
            return .double(bits.map { Double(bitPattern: $0) })
        case .int64:
            if let raw = try raw(width: 8) { return .int64(raw.map { Int64(bitPattern: $0) }) }
            return .int64(try typed("int64_data", fields.int64Data).map { Int64(bitPattern: $0) })
        case .int32, .int16, .int8, .uint16, .uint8:
            return .int64(try smallIntegers())
        case .uint32:
            if let raw = try raw(width: 4) { return .int64(raw.map { Int64($0) }) }
            return .int64(try typed("uint64_data", fields.uint64Data).map { Int64(UInt32(truncatingIfNeeded: $0)) })
        case .uint64:
            let values = try words(width: 8, orTyped: "uint64_data", fields.uint64Data)
            var out: [Int64] = []
            out.reserveCapacity(values.count)
            for value in values {
                guard let exact = Int64(exactly: value) else {
                    throw ONNXError(.unsupported, "\(label) holds the uint64 value \(value), beyond the int64 range Sluice computes in")
                }
                out.append(exact)
            }
            return .int64(out)
        case .bool:
            if let raw = try raw(width: 1) { return .bool(raw.map { $0 != 0 }) }
            return .bool(try typed("int32_data", fields.int32Data).map { UInt32(truncatingIfNeeded: $0) != 0 })
        case .float16, .bfloat16:
            let widen = elementType == .float16 ? HalfPrecision.float(fromHalf:) : HalfPrecision.float(fromBFloat16:)
            let bits = try words(width: 2, orTyped: "int32_data", fields.int32Data)
            return .float(bits.map { widen(UInt16(truncatingIfNeeded: $0)) })
        case .string:
            if fields.rawData != nil {
                throw ONNXError(.corrupt, "the model file is corrupt: \(label) is a string tensor with raw_data; strings belong in string_data")
            }
            try onlyField("string_data")
            return .string(fields.stringData)
        case .complex64, .complex128:
            throw ONNXError(.unsupported, "\(label) has element type \(elementType), which Sluice does not compute with")
        case .undefined:
            throw ONNXError(.corrupt, "the model file is corrupt: \(label) has no element type")
        }
    }

    /// int8/16/32 and uint8/16: raw_data at their own width, else int32_data.
    private func smallIntegers() throws(ONNXError) -> [Int64] {
        let signed = elementType == .int8 || elementType == .int16 || elementType == .int32
        let width = switch elementType {
        case .int8, .uint8: 1
        case .int16, .uint16: 2
        default: 4
        }
        if let raw = try raw(width: width) {
            guard signed else { return raw.map { Int64($0) } }
            let unusedBits = UInt64(64 - 8 * width)
            // Sign-extend by shifting the value's top bit into the Int64's.
            return raw.map { Int64(bitPattern: $0 << unusedBits) >> Int64(unusedBits) }
        }
        return try typed("int32_data", fields.int32Data).map { Int64(Int32(truncatingIfNeeded: $0)) }
    }

    private func fixed32s(typed name: String, _ values: [UInt32]) throws(ONNXError) -> [UInt32] {
        if let raw = try raw(width: 4) { return raw.map { UInt32(truncatingIfNeeded: $0) } }
        return try typed(name, values)
    }

    private func fixed64s(typed name: String, _ values: [UInt64]) throws(ONNXError) -> [UInt64] {
        try words(width: 8, orTyped: name, values)
    }

    /// raw_data when present, else the typed field.
    private func words(width: Int, orTyped name: String, _ values: [UInt64]) throws(ONNXError) -> [UInt64] {
        if let raw = try raw(width: width) { return raw }
        return try typed(name, values)
    }

    private func typed<T>(_ name: String, _ values: [T]) throws(ONNXError) -> [T] {
        try onlyField(name)
        return values
    }

    /// raw_data read as little-endian words of `width` bytes, or nil when it is absent.
    private func raw(width: Int) throws(ONNXError) -> [UInt64]? {
        guard let raw = fields.rawData else { return nil }
        if let stray = fields.filledTypedFields.first {
            throw ONNXError(.corrupt, "the model file is corrupt: \(label) holds its values both in raw_data and in \(stray)")
        }
        guard raw.count % width == 0 else {
            throw ONNXError(.corrupt, "the model file is corrupt: \(label) has \(raw.count) bytes of raw_data, not a whole number of \(width)-byte \(elementType) values")
        }
        var words: [UInt64] = []
        words.reserveCapacity(raw.count / width)
        var index = raw.startIndex
        while index < raw.endIndex {
            var word: UInt64 = 0
            for byte in 0..<width { word |= UInt64(raw[index + byte]) << UInt64(8 * byte) }
            words.append(word)
            index += width
        }
        return words
    }

    /// Values in a field that does not belong to the element type mean a broken writer.
    private func onlyField(_ name: String) throws(ONNXError) {
        if let stray = fields.filledTypedFields.first(where: { $0 != name }) {
            throw ONNXError(.corrupt, "the model file is corrupt: \(label) of element type \(elementType) holds values in \(stray)")
        }
    }
}
