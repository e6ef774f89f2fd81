/// What flows along a graph edge: a tensor, or the sequence of maps that ZipMap makes
/// from a probability matrix (one map per row, every map with the same keys).
public enum Value: Sendable, Equatable {
    case tensor(Tensor)
    case probabilityMaps(ProbabilityMaps)

    public var tensor: Tensor? { if case .tensor(let t) = self { t } else { nil } }
}

/// ZipMap's output, kept as the matrix it came from: `values` is [rows, keys.count].
public struct ProbabilityMaps: Sendable, Equatable {
    public enum Keys: Sendable, Equatable {
        case strings([String])
        case int64s([Int64])

        public var count: Int {
            switch self {
            case .strings(let v): v.count
            case .int64s(let v): v.count
            }
        }
    }

    public var keys: Keys
    public var values: Tensor

    public init(keys: Keys, values: Tensor) {
        self.keys = keys
        self.values = values
    }
}
