/// How a tree node compares its feature with its threshold; `member` (TreeEnsemble,
/// opset 5) tests the feature against a set of values instead.
enum BranchMode: UInt8, Sendable {
    case lessOrEqual = 0, less, greaterOrEqual, greater, equal, notEqual, member

    /// The string form of TreeEnsembleRegressor/Classifier; nil for "LEAF".
    static func parse(_ text: String) -> BranchMode?? {
        switch text {
        case "BRANCH_LEQ": .some(.lessOrEqual)
        case "BRANCH_LT": .some(.less)
        case "BRANCH_GTE": .some(.greaterOrEqual)
        case "BRANCH_GT": .some(.greater)
        case "BRANCH_EQ": .some(.equal)
        case "BRANCH_NEQ": .some(.notEqual)
        case "LEAF": .some(nil)
        default: nil
        }
    }

    /// Whether `x` goes the true way (NaN goes the false way except for "not equal";
    /// the node's missing-value flag is applied by the caller).
    @inline(__always)
    func holds<T: BinaryFloatingPoint>(_ x: T, _ threshold: T) -> Bool {
        switch self {
        case .lessOrEqual: x <= threshold
        case .less: x < threshold
        case .greaterOrEqual: x >= threshold
        case .greater: x > threshold
        case .equal: x == threshold
        case .notEqual: x != threshold
        case .member: false
        }
    }
}

/// How the leaf values reaching one target are combined across trees.
enum Aggregation: Sendable, Equatable {
    case sum, average, minimum, maximum

    init(_ node: Node) throws(ONNXError) {
        switch try node.string("aggregate_function", default: "SUM") {
        case "SUM": self = .sum
        case "AVERAGE": self = .average
        case "MIN": self = .minimum
        case "MAX": self = .maximum
        case let other: throw node.invalid("aggregate_function", "is '\(other)', not one of SUM, AVERAGE, MIN, MAX")
        }
    }

    /// TreeEnsemble's integer form: 0 AVERAGE, 1 SUM, 2 MIN, 3 MAX.
    init(code node: Node) throws(ONNXError) {
        switch try node.int("aggregate_function", default: 1) {
        case 0: self = .average
        case 1: self = .sum
        case 2: self = .minimum
        case 3: self = .maximum
        case let other: throw node.invalid("aggregate_function", "is \(other), not one of 0 (AVERAGE), 1 (SUM), 2 (MIN), 3 (MAX)")
        }
    }
}
