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

    /// `parts`, all of `type`, one after the other (parts of another type are skipped).
    package static func joined(_ parts: [ArrowValues], type: ArrowDataType) -> ArrowValues {
        switch type {
        case .float64: .float64(parts.flatMap { part -> [Double?] in if case .float64(let values) = part { return values }; return [] })
        case .float32: .float32(parts.flatMap { part -> [Float?] in if case .float32(let values) = part { return values }; return [] })
        case .int64: .int64(parts.flatMap { part -> [Int64?] in if case .int64(let values) = part { return values }; return [] })
        case .int32: .int32(parts.flatMap { part -> [Int32?] in if case .int32(let values) = part { return values }; return [] })
        case .bool: .bool(parts.flatMap { part -> [Bool?] in if case .bool(let values) = part { return values }; return [] })
        case .utf8: .utf8(parts.flatMap { part -> [String?] in if case .utf8(let values) = part { return values }; return [] })
        case .dictionary(let ordered):
            .dictionary(parts.flatMap { part -> [String?] in if case .dictionary(let values, _) = part { return values }; return [] }, ordered: ordered)
        }
    }
}
