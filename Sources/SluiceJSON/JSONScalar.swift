/// One JSON value that is not a container.
public enum JSONScalar: Sendable, Equatable {
    /// A number, and its exact integer value when it was written as an integer that
    /// fits Int64.
    case number(Double, integer: Int64?)
    case string(String)
    case bool(Bool)
    case null
}
