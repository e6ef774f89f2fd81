/// Checks a value given to `run` against the graph input it feeds. Strict on purpose:
/// callers convert their columns before calling, so a mismatch is a bug to report, not
/// something to coerce.
enum FeedCheck {
    static func check(_ value: Value, against info: ValueInfo) throws(ONNXError) {
        switch info.type {
        case .tensor(let element, let shape):
            guard case .tensor(let tensor) = value else {
                throw ONNXError(.inputMismatch, "input '\(info.name)' expects a \(element) tensor, got a sequence of maps")
            }
            try check(tensor, element: element, shape: shape, name: info.name)
        case .sequenceOfMaps(let key, _):
            guard case .probabilityMaps(let maps) = value else {
                throw ONNXError(.inputMismatch, "input '\(info.name)' expects a sequence of maps, got a tensor")
            }
            let keysMatch = switch maps.keys {
            case .strings: key == .string
            case .int64s: key.isInteger
            }
            guard keysMatch else {
                throw ONNXError(.inputMismatch, "input '\(info.name)' expects maps with \(key) keys")
            }
        case .other(let description):
            throw ONNXError(.inputMismatch, "input '\(info.name)' has type \(description), which Sluice cannot feed")
        }
    }

    private static func check(_ tensor: Tensor, element: ElementType, shape: [Dimension]?, name: String) throws(ONNXError) {
        guard let storage = storage(of: element) else {
            throw ONNXError(.inputMismatch, "input '\(name)' has element type \(element), which Sluice cannot feed")
        }
        guard tensor.elementType == storage else {
            let held = storage == element ? "\(element)" : "\(element) (held as \(storage))"
            throw ONNXError(.inputMismatch, "input '\(name)' expects \(held), got \(tensor.elementType)")
        }
        guard Tensor.elementCount(tensor.shape) == tensor.count else {
            throw ONNXError(.inputMismatch, "input '\(name)' holds \(tensor.count) values, which its shape \(tensor.shape) does not")
        }
        guard let shape else { return }
        let fits = shape.count == tensor.rank && zip(shape, tensor.shape).allSatisfy { declared, actual in
            if case .fixed(let size) = declared { size == actual } else { true }
        }
        guard fits else {
            throw ONNXError(.inputMismatch, "input '\(name)' expects shape \(Dimension.describe(shape)), got \(tensor.shape)")
        }
    }

    /// The storage a tensor of a declared element type has in Sluice.
    static func storage(of element: ElementType) -> ElementType? {
        switch element {
        case .float, .float16, .bfloat16: .float
        case .double: .double
        case .string: .string
        case .bool: .bool
        case .uint8, .int8, .uint16, .int16, .int32, .int64, .uint32, .uint64: .int64
        case .undefined, .complex64, .complex128: nil
        }
    }
}
