import Glibc

/// Normalizer (ai.onnx.ml 1): each row divided by its MAX, L1 (sum of |x|) or L2 norm,
/// in float; a row whose divisor is zero is left as it is.
struct NormalizerKernel: Kernel {
    enum Norm { case max, l1, l2 }

    let node: Node
    let norm: Norm

    init(_ node: Node) throws(ONNXError) {
        self.node = node
        switch try node.string("norm", default: "MAX") {
        case "MAX": norm = .max
        case "L1": norm = .l1
        case "L2": norm = .l2
        case let other: throw node.invalid("norm", "is '\(other)', not one of MAX, L1, L2")
        }
    }

    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        let tensor = try node.numericInput(inputs, 0)
        let x = try FloatMatrix(tensor, node: node)
        var y = x.values
        for row in 0 ..< x.rows {
            let range = row * x.columns ..< (row + 1) * x.columns
            var divisor: Float
            switch norm {
            case .max:
                divisor = -Float.infinity
                for i in range where y[i] > divisor { divisor = y[i] }
            case .l1:
                divisor = 0
                for i in range { divisor += Swift.abs(y[i]) }
            case .l2:
                divisor = 0
                for i in range { divisor += y[i] * y[i] }
                guard divisor != 0 else { continue }
                // sqrt(x² / Σx²) with x's sign, rounded as onnxruntime rounds it.
                for i in range { y[i] = (y[i] * y[i] / divisor).squareRoot() * (y[i] < 0 ? -1 : 1) }
                continue
            }
            guard divisor != 0, divisor.isFinite else { continue }
            for i in range { y[i] /= divisor }
        }
        return [.tensor(Tensor(shape: tensor.shape, floats: y))]
    }
}
