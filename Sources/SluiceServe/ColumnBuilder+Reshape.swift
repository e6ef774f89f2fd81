/// Re-reading what a builder gathered: for tensors whose name or layout is known only
/// once the whole tensor was read (OIP lets "data" come before "name" and "shape").
extension ColumnBuilder {
    /// Whether every number is an integer (true when there are none).
    var allIntegers: Bool { kind != .number || integersKept }

    /// The same values, described as `what` in messages.
    func renamed(_ what: String) -> ColumnBuilder {
        var copy = self
        copy.what = what
        return copy
    }

    /// The values in order, nulls included.
    var scalars: [JSONReader.Scalar] {
        (0..<count).map(scalar)
    }
}
