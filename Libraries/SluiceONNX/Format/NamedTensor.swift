/// A decoded TensorProto with its name: initializers are looked up by name; tensors held
/// in attributes usually have none.
struct NamedTensor: Sendable, Equatable {
    var name: String
    var tensor: Tensor

    /// How errors name a tensor whose name may be empty.
    static func label(_ name: String) -> String {
        name.isEmpty ? "an unnamed tensor" : "tensor '\(name)'"
    }
}
