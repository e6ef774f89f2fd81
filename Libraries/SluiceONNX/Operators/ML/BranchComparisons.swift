/// The comparisons as types, so that the descent loop is compiled once per mode with
/// the comparison inlined (an ensemble almost always uses one mode throughout).
protocol BranchTest {
    static func holds<T: BinaryFloatingPoint>(_ x: T, _ threshold: T) -> Bool
}

enum LessOrEqualTest: BranchTest {
    @inline(__always) static func holds<T: BinaryFloatingPoint>(_ x: T, _ threshold: T) -> Bool { x <= threshold }
}

enum LessTest: BranchTest {
    @inline(__always) static func holds<T: BinaryFloatingPoint>(_ x: T, _ threshold: T) -> Bool { x < threshold }
}

enum GreaterOrEqualTest: BranchTest {
    @inline(__always) static func holds<T: BinaryFloatingPoint>(_ x: T, _ threshold: T) -> Bool { x >= threshold }
}

enum GreaterTest: BranchTest {
    @inline(__always) static func holds<T: BinaryFloatingPoint>(_ x: T, _ threshold: T) -> Bool { x > threshold }
}

enum EqualTest: BranchTest {
    @inline(__always) static func holds<T: BinaryFloatingPoint>(_ x: T, _ threshold: T) -> Bool { x == threshold }
}

enum NotEqualTest: BranchTest {
    @inline(__always) static func holds<T: BinaryFloatingPoint>(_ x: T, _ threshold: T) -> Bool { x != threshold }
}
