/// The ai.onnx operators that tabular converters (skl2onnx, onnxmltools) combine with
/// the ai.onnx.ml ones: arithmetic, activations, matrix products, shape plumbing,
/// reductions and casts. Each definition's range starts at the opset that introduced
/// the operator and runs to 21; kernels read the attributes or inputs that their opset
/// version defines.
enum StandardOperators {
    static let domain = "ai.onnx"
    static let newestOpset = 21

    static let all: [OperatorDefinition] =
        elementwiseBinary + elementwiseUnary + matrix + shaping + selection + reductions + constants + [
            define("Cast", since: 1, CastKernel.init),
            define("Where", since: 9, WhereKernel.init),
            define("Clip", since: 1, ClipKernel.init),
            define("Softmax", since: 1) { node, opset throws(ONNXError) in try SoftmaxKernel(node, opset, logarithm: false) },
            define("LogSoftmax", since: 1) { node, opset throws(ONNXError) in try SoftmaxKernel(node, opset, logarithm: true) },
        ]

    /// Matrix products: the MLP hot path.
    static let matrix: [OperatorDefinition] = [
        define("Gemm", since: 1, GemmKernel.init),
        define("MatMul", since: 1) { node, _ throws(ONNXError) in MatMulKernel(node: node) },
    ]

    /// Shape plumbing: reshaping (the elements shared), and copies that rearrange them.
    static let shaping: [OperatorDefinition] = [
        define("Reshape", since: 1, ReshapeKernel.init),
        define("Flatten", since: 1, FlattenKernel.init),
        define("Squeeze", since: 1, SqueezeKernel.init),
        define("Unsqueeze", since: 1, UnsqueezeKernel.init),
        define("Identity", since: 1) { node, _ throws(ONNXError) in IdentityKernel(node: node) },
        define("Shape", since: 1, ShapeKernel.init),
        define("Size", since: 1) { node, _ throws(ONNXError) in SizeKernel(node: node) },
        define("Transpose", since: 1, TransposeKernel.init),
        define("Expand", since: 8) { node, _ throws(ONNXError) in ExpandKernel(node: node) },
        define("Concat", since: 1, ConcatKernel.init),
    ]

    /// Picking elements by index or range.
    static let selection: [OperatorDefinition] = [
        define("Gather", since: 1, GatherKernel.init),
        define("Slice", since: 1, SliceKernel.init),
    ]

    /// Tensors from attributes.
    static let constants: [OperatorDefinition] = [
        define("Constant", since: 1) { node, _ throws(ONNXError) in ConstantKernel(value: try ConstantKernel.value(of: node)) },
        define("ConstantOfShape", since: 9, ConstantOfShapeKernel.init),
    ]

    static func define(_ name: String, since first: Int, _ make: @escaping @Sendable (Node, Int) throws(ONNXError) -> any Kernel) -> OperatorDefinition {
        OperatorDefinition(domain: domain, name: name, opsets: first...newestOpset, make: make)
    }
}
