/// A column's values as Swift arrays, nil meaning null: what tests and small callers
/// build arrays from and read them back as.
package enum ArrowValues: Equatable, Sendable {
    case float64([Double?])
    case float32([Float?])
    case int64([Int64?])
    case int32([Int32?])
    case bool([Bool?])
    case utf8([String?])
    /// Dictionary-encoded strings, decoded: the category of each slot.
    case dictionary([String?], ordered: Bool = false)

    package var type: ArrowDataType {
        switch self {
        case .float64: .float64
        case .float32: .float32
        case .int64: .int64
        case .int32: .int32
        case .bool: .bool
        case .utf8: .utf8
        case .dictionary(_, let ordered): .dictionary(ordered: ordered)
        }
    }

    package var count: Int {
        switch self {
        case .float64(let values): values.count
        case .float32(let values): values.count
        case .int64(let values): values.count
        case .int32(let values): values.count
        case .bool(let values): values.count
        case .utf8(let values): values.count
        case .dictionary(let values, _): values.count
        }
    }

    /// No values of `type`.
    package static func empty(_ type: ArrowDataType) -> ArrowValues {
        switch type {
        case .float64: .float64([])
        case .float32: .float32([])
        case .int64: .int64([])
        case .int32: .int32([])
        case .bool: .bool([])
        case .utf8: .utf8([])
        case .dictionary(let ordered): .dictionary([], ordered: ordered)
        }
    }

    /// These values followed by `other`'s, which must have the same type.
    func appending(_ other: ArrowValues) -> ArrowValues? {
        switch (self, other) {
        case (.float64(let a), .float64(let b)): .float64(a + b)
        case (.float32(let a), .float32(let b)): .float32(a + b)
        case (.int64(let a), .int64(let b)): .int64(a + b)
        case (.int32(let a), .int32(let b)): .int32(a + b)
        case (.bool(let a), .bool(let b)): .bool(a + b)
        case (.utf8(let a), .utf8(let b)): .utf8(a + b)
        case (.dictionary(let a, let ordered), .dictionary(let b, _)): .dictionary(a + b, ordered: ordered)
        default: nil
        }
    }
}
