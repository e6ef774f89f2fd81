/// ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd, ReduceSumSquare and
/// ReduceLogSumExp over `axes` (every axis when none are given), keeping reduced axes as
/// 1 when `keepdims` (default 1). Axes are an attribute until they become input 2: at
/// opset 13 for ReduceSum, 18 for the others, which is also when `noop_with_empty_axes`
/// appears (no axes then means the input unchanged).
extension StandardOperators {
    enum Reduction: Sendable { case sum, mean, maximum, minimum, product, sumSquare, logSumExp }

    static let reductions: [OperatorDefinition] = [
        reduction("ReduceSum", .sum, axesInputSince: 13), reduction("ReduceMean", .mean, axesInputSince: 18),
        reduction("ReduceMax", .maximum, axesInputSince: 18), reduction("ReduceMin", .minimum, axesInputSince: 18),
        reduction("ReduceProd", .product, axesInputSince: 18), reduction("ReduceSumSquare", .sumSquare, axesInputSince: 18),
        reduction("ReduceLogSumExp", .logSumExp, axesInputSince: 18),
        define("ArgMax", since: 1) { node, opset throws(ONNXError) in try ArgExtremumKernel(node, opset, largest: true) },
        define("ArgMin", since: 1) { node, opset throws(ONNXError) in try ArgExtremumKernel(node, opset, largest: false) },
    ]

    private static func reduction(_ name: String, _ operation: Reduction, axesInputSince: Int) -> OperatorDefinition {
        define(name, since: 1) { node, opset throws(ONNXError) in try ReduceKernel(node, opset, operation, axesInputSince: axesInputSince) }
    }

    struct ReduceKernel: Kernel {
        let node: Node
        let operation: Reduction
        let axesFromInput: Bool
        let attributeAxes: [Int]?
        let keepDimensions: Bool
        let emptyAxesIsNoop: Bool

        init(_ node: Node, _ opset: Int, _ operation: Reduction, axesInputSince: Int) throws(ONNXError) {
            self.node = node
            self.operation = operation
            axesFromInput = opset >= axesInputSince
            attributeAxes = axesFromInput ? nil : try node.ints("axes")?.map { Int($0) }
            keepDimensions = try node.int("keepdims", default: 1) != 0
            emptyAxesIsNoop = axesFromInput ? try node.int("noop_with_empty_axes", default: 0) != 0 : false
        }

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let x = try tensor(inputs, 0, of: node)
            let requested = axesFromInput
                ? try optionalTensor(inputs, 1, of: node).map { t throws(ONNXError) in try integers(t, "axes (input 2)", of: node) } ?? []
                : attributeAxes ?? []
            if requested.isEmpty && emptyAxesIsNoop { return [.tensor(x)] }
            let reduced = requested.isEmpty ? Array(0..<x.rank) : try axes(requested, rank: x.rank, "axes", of: node)
            let shape = keepDimensions
                ? x.shape.indices.map { reduced.contains($0) ? 1 : x.shape[$0] }
                : x.shape.indices.filter { !reduced.contains($0) }.map { x.shape[$0] }
            let walk = ReductionWalk(shape: x.shape, reduced: reduced)
            let elements: Tensor.Elements
            switch x.elements {
            case .float(let v): elements = .float(real(v, walk))
            case .double(let v): elements = .double(real(v, walk))
            case .int64(let v):
                guard let result = integer(v, walk) else { throw unsupported(x.elementType) }
                elements = .int64(result)
            case .string, .bool: throw unsupported(x.elementType)
            }
            return [.tensor(Tensor(shape: shape, elements: elements))]
        }

        private func unsupported(_ type: ElementType) -> ONNXError {
            node.inputMismatch("\(node.opType) does not take \(type) tensors")
        }

        private func real<T: Real>(_ v: [T], _ walk: ReductionWalk) -> [T] {
            switch operation {
            case .sum: return walk.fold(v, 0, +)
            case .mean:
                let n = T(walk.reducedCount)
                return walk.fold(v, 0, +).map { $0 / n }
            // NaN is skipped, as onnxruntime's ReduceMax and ReduceMin skip it.
            case .maximum: return walk.fold(v, -T.infinity) { $1 > $0 ? $1 : $0 }
            case .minimum: return walk.fold(v, T.infinity) { $1 < $0 ? $1 : $0 }
            case .product: return walk.fold(v, 1, *)
            case .sumSquare: return walk.fold(v, 0) { $0 + $1 * $1 }
            case .logSumExp:
                // Shifted by the maximum so that exp cannot overflow.
                let maxima = walk.fold(v, -T.infinity) { $1 > $0 ? $1 : $0 }.map { $0.isFinite ? $0 : 0 }
                let sums = walk.fold(v, [T](repeating: 0, count: maxima.count)) { sum, x, out in sum + T.standardExp(x - maxima[out]) }
                return zip(sums, maxima).map { T.standardLog($0) + $1 }
            }
        }

        private func integer(_ v: [Int64], _ walk: ReductionWalk) -> [Int64]? {
            switch operation {
            case .sum: walk.fold(v, 0, &+)
            case .maximum: walk.fold(v, Int64.min, Swift.max)
            case .minimum: walk.fold(v, Int64.max, Swift.min)
            case .product: walk.fold(v, 1, &*)
            case .sumSquare: walk.fold(v, 0) { $0 &+ $1 &* $1 }
            // Truncating, as onnxruntime's integer mean is.
            case .mean:
                { let n = Int64(Swift.max(walk.reducedCount, 1)); return walk.fold(v, 0, &+).map { $0 / n } }()
            case .logSumExp: nil
            }
        }
    }

    /// The input walked in row-major order as coalesced runs of reduced or kept
    /// dimensions, each input element mapped to its output slot.
    struct ReductionWalk {
        let extents: [Int]
        let outputStrides: [Int]
        let outputCount: Int
        let reducedCount: Int
        let inputCount: Int

        init(shape: [Int], reduced: [Int]) {
            var extents = [Int](), kinds = [Bool]()
            for (axis, extent) in shape.enumerated() where extent != 1 {
                let isReduced = reduced.contains(axis)
                if let last = kinds.last, last == isReduced {
                    extents[extents.count - 1] *= extent
                } else {
                    extents.append(extent)
                    kinds.append(isReduced)
                }
            }
            if extents.isEmpty { extents = [1]; kinds = [false] }
            var strides = [Int](repeating: 0, count: extents.count)
            var running = 1
            for d in extents.indices.reversed() where !kinds[d] {
                strides[d] = running
                running *= extents[d]
            }
            self.extents = extents
            outputStrides = strides
            outputCount = running
            inputCount = extents.reduce(1, *)
            reducedCount = zip(extents, kinds).reduce(1) { $1.1 ? $0 * $1.0 : $0 }
        }

        func fold<T>(_ v: [T], _ initial: T, _ f: (T, T) -> T) -> [T] {
            fold(v, [T](repeating: initial, count: outputCount)) { accumulated, x, _ in f(accumulated, x) }
        }

        /// `f(accumulated, element, output slot)` over every input element.
        func fold<T>(_ v: [T], _ start: [T], _ f: (T, T, Int) -> T) -> [T] {
            var out = start
            guard inputCount > 0 else { return out }
            let last = extents.count - 1
            let inner = extents[last], innerStride = outputStrides[last]
            var counter = [Int](repeating: 0, count: last)
            var slot = 0, index = 0
            v.withUnsafeBufferPointer { input in
                out.withUnsafeMutableBufferPointer { output in
                    for _ in 0..<(inputCount / inner) {
                        for j in 0..<inner {
                            let o = slot + j * innerStride
                            output[o] = f(output[o], input[index + j], o)
                        }
                        index += inner
                        var d = last - 1
                        while d >= 0 {
                            counter[d] += 1
                            slot += outputStrides[d]
                            if counter[d] < extents[d] { break }
                            slot -= outputStrides[d] * extents[d]
                            counter[d] = 0
                            d -= 1
                        }
                    }
                }
            }
            return out
        }
    }
}
