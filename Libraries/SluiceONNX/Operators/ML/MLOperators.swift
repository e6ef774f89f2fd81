/// The ai.onnx.ml operators, each with the opset range of ai.onnx.ml it is defined for.
enum MLOperators {
    static let all: [OperatorDefinition] = [
        define("TreeEnsembleRegressor", 1 ... 5) { node, _ throws(ONNXError) in try TreeEnsembleRegressorKernel(node) },
        define("TreeEnsembleClassifier", 1 ... 5) { node, _ throws(ONNXError) in try TreeEnsembleClassifierKernel(node) },
        define("TreeEnsemble", 5 ... 5) { node, _ throws(ONNXError) in try TreeEnsembleKernel(node) },
        define("LinearRegressor", 1 ... 5) { node, _ throws(ONNXError) in try LinearRegressorKernel(node) },
        define("LinearClassifier", 1 ... 5) { node, _ throws(ONNXError) in try LinearClassifierKernel(node) },
        define("Scaler", 1 ... 5) { node, _ throws(ONNXError) in try ScalerKernel(node) },
        define("Normalizer", 1 ... 5) { node, _ throws(ONNXError) in try NormalizerKernel(node) },
        define("Binarizer", 1 ... 5) { node, _ throws(ONNXError) in try BinarizerKernel(node) },
        define("Imputer", 1 ... 5) { node, _ throws(ONNXError) in try ImputerKernel(node) },
        define("OneHotEncoder", 1 ... 5) { node, _ throws(ONNXError) in try OneHotEncoderKernel(node) },
        define("LabelEncoder", 1 ... 5) { node, opset throws(ONNXError) in try LabelEncoderKernel(node, opset: opset) },
        define("CategoryMapper", 1 ... 5) { node, _ throws(ONNXError) in try CategoryMapperKernel(node) },
        define("ZipMap", 1 ... 5) { node, _ throws(ONNXError) in try ZipMapKernel(node) },
        define("ArrayFeatureExtractor", 1 ... 5) { node, _ throws(ONNXError) in ArrayFeatureExtractorKernel(node: node) },
        define("FeatureVectorizer", 1 ... 5) { node, _ throws(ONNXError) in try FeatureVectorizerKernel(node) },
    ]

    private static func define(_ name: String, _ opsets: ClosedRange<Int>, _ make: @escaping @Sendable (Node, Int) throws(ONNXError) -> any Kernel) -> OperatorDefinition {
        OperatorDefinition(domain: "ai.onnx.ml", name: name, opsets: opsets, make: make)
    }
}
