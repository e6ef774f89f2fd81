/// The Arrow types the host's tables hold. Other Arrow types are refused when read,
/// with a message naming the column and the cast that makes the file readable.
package enum ArrowDataType: Hashable, Sendable, CustomStringConvertible {
    case float64
    case float32
    case int64
    case int32
    case bool
    /// UTF-8 strings with int32 offsets (Arrow `utf8`, pyarrow `string`).
    case utf8
    /// Dictionary-encoded strings, pandas' Categorical: int32 indices into utf8 values.
    /// `ordered` says whether the categories have an order.
    case dictionary(ordered: Bool)

    /// The width of one value in bytes, for fixed-width types (dictionary indices are int32).
    package var byteWidth: Int? {
        switch self {
        case .float64, .int64: 8
        case .float32, .int32, .dictionary: 4
        case .bool, .utf8: nil
        }
    }

    /// How many buffers an array of this type has, in Arrow's layout order (the order
    /// of the IPC body and of the C Data Interface): validity, then values, or
    /// validity, offsets, values for utf8.
    package var bufferCount: Int {
        self == .utf8 ? 3 : 2
    }

    /// Arrow's name for the type, as pyarrow prints it.
    package var description: String {
        switch self {
        case .float64: "double"
        case .float32: "float"
        case .int64: "int64"
        case .int32: "int32"
        case .bool: "bool"
        case .utf8: "string"
        case .dictionary(let ordered): "dictionary<values=string, indices=int32, ordered=\(ordered ? 1 : 0)>"
        }
    }
}
