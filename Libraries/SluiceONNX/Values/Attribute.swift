/// A node attribute (AttributeProto), decoded. Strings are UTF-8 text; graphs (the
/// bodies of If and Loop) are not used by the supported operators and are kept only
/// as a marker so that an error can name them.
public enum Attribute: Sendable, Equatable {
    case float(Float)
    case int(Int64)
    case string(String)
    case tensor(Tensor)
    case floats([Float])
    case ints([Int64])
    case strings([String])
    case tensors([Tensor])
    case graph
}
