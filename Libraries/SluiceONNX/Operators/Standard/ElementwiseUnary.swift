/// One-input elementwise operators. Float tensors compute in Float and double in
/// Double; Abs, Neg, Relu and Sign also take int64 (wrapping, never trapping).
extension StandardOperators {
    enum Unary: Sendable {
        case abs, negate, exp, log, sqrt, sigmoid, tanh, relu, erf, floor, ceil, round, reciprocal, sign
        case leakyRelu(alpha: Float)
    }

    static let elementwiseUnary: [OperatorDefinition] = [
        unary("Abs", .abs), unary("Neg", .negate), unary("Exp", .exp), unary("Log", .log), unary("Sqrt", .sqrt),
        unary("Sigmoid", .sigmoid), unary("Tanh", .tanh), unary("Relu", .relu), unary("Erf", .erf, since: 9),
        unary("Floor", .floor), unary("Ceil", .ceil), unary("Round", .round, since: 11), unary("Reciprocal", .reciprocal),
        unary("Sign", .sign, since: 9),
        define("LeakyRelu", since: 1) { node, _ throws(ONNXError) in
            UnaryKernel(node: node, operation: .leakyRelu(alpha: try node.float("alpha", default: 0.01)))
        },
        define("Not", since: 1) { node, _ throws(ONNXError) in NotKernel(node: node) },
    ]

    private static func unary(_ name: String, _ operation: Unary, since first: Int = 1) -> OperatorDefinition {
        define(name, since: first) { node, _ throws(ONNXError) in UnaryKernel(node: node, operation: operation) }
    }

    struct UnaryKernel: Kernel {
        let node: Node
        let operation: Unary

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let x = try tensor(inputs, 0, of: node)
            let elements: Tensor.Elements
            switch x.elements {
            case .float(let v): elements = .float(real(v))
            case .double(let v): elements = .double(real(v))
            case .int64(let v):
                guard let result = integer(v) else { throw unsupported(x.elementType) }
                elements = .int64(result)
            case .string, .bool: throw unsupported(x.elementType)
            }
            return [.tensor(Tensor(shape: x.shape, elements: elements))]
        }

        private func unsupported(_ type: ElementType) -> ONNXError {
            node.inputMismatch("\(node.opType) does not take \(type) tensors")
        }

        @inline(__always) private func real<T: Real>(_ v: [T]) -> [T] {
            switch operation {
            case .abs: transform(v) { Swift.abs($0) }
            case .negate: transform(v) { -$0 }
            case .exp: transform(v, T.standardExp)
            case .log: transform(v, T.standardLog)
            case .sqrt: transform(v) { $0.squareRoot() }
            case .sigmoid: transform(v) { 1 / (1 + T.standardExp(-$0)) }
            case .tanh: transform(v, T.standardTanh)
            case .relu: transform(v) { $0 < 0 ? 0 : $0 }
            case .erf: transform(v, T.standardErf)
            case .floor: transform(v) { $0.rounded(.down) }
            case .ceil: transform(v) { $0.rounded(.up) }
            case .round: transform(v) { $0.rounded(.toNearestOrEven) }
            case .reciprocal: transform(v) { 1 / $0 }
            case .sign: transform(v) { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) }
            case .leakyRelu(let alpha):
                { let a = T(alpha); return transform(v) { $0 < 0 ? a * $0 : $0 } }()
            }
        }

        private func integer(_ v: [Int64]) -> [Int64]? {
            switch operation {
            case .abs: transform(v) { $0 < 0 ? 0 &- $0 : $0 }
            case .negate: transform(v) { 0 &- $0 }
            case .relu: transform(v) { Swift.max($0, 0) }
            case .sign: transform(v) { $0.signum() }
            default: nil
            }
        }
    }

    struct NotKernel: Kernel {
        let node: Node

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let x = try tensor(inputs, 0, of: node)
            guard case .bool(let v) = x.elements else { throw node.inputMismatch("Not takes a bool tensor, found \(x.elementType)") }
            return [.tensor(Tensor(shape: x.shape, bools: v.map { !$0 }))]
        }
    }
}
