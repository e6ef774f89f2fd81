/// Add, Sub, Mul, Div, Pow, the comparisons and the logical operators: two inputs under
/// numpy broadcasting (opset 7 on; before it, the `broadcast`/`axis` attributes align
/// the second input). Both inputs must share a storage type, except Pow's exponent,
/// which may be any number type from opset 12 and is read in the base's type.
extension StandardOperators {
    enum Arithmetic: Sendable { case add, subtract, multiply, divide, power, maximum, minimum }
    enum Comparison: Sendable { case less, lessOrEqual, greater, greaterOrEqual, equal }
    enum Logic: Sendable { case and, or, xor }

    static let elementwiseBinary: [OperatorDefinition] = [
        arithmetic("Add", .add), arithmetic("Sub", .subtract), arithmetic("Mul", .multiply),
        arithmetic("Div", .divide), arithmetic("Pow", .power),
        comparison("Less", since: 1, .less), comparison("Greater", since: 1, .greater), comparison("Equal", since: 1, .equal),
        comparison("LessOrEqual", since: 12, .lessOrEqual), comparison("GreaterOrEqual", since: 12, .greaterOrEqual),
        logic("And", .and), logic("Or", .or), logic("Xor", .xor),
        variadic("Sum", .add), variadic("Max", .maximum), variadic("Min", .minimum),
        define("Mean", since: 1) { node, _ throws(ONNXError) in VariadicKernel(node: node, operation: .add, mean: true) },
    ]

    private static func arithmetic(_ name: String, _ operation: Arithmetic) -> OperatorDefinition {
        define(name, since: 1) { node, opset throws(ONNXError) in
            BinaryKernel(node: node, alignment: try LegacyAlignment(node, opset)) { a, b, plan throws(ONNXError) in
                try combine(a, b, operation, plan, node)
            }
        }
    }

    private static func comparison(_ name: String, since first: Int, _ operation: Comparison) -> OperatorDefinition {
        define(name, since: first) { node, opset throws(ONNXError) in
            BinaryKernel(node: node, alignment: try LegacyAlignment(node, opset)) { a, b, plan throws(ONNXError) in
                try compare(a, b, operation, plan, node)
            }
        }
    }

    private static func logic(_ name: String, _ operation: Logic) -> OperatorDefinition {
        define(name, since: 1) { node, opset throws(ONNXError) in
            BinaryKernel(node: node, alignment: try LegacyAlignment(node, opset)) { a, b, plan throws(ONNXError) in
                guard case .bool(let x) = a, case .bool(let y) = b else {
                    throw node.inputMismatch("\(node.opType) takes bool tensors, found \(a.elementType) and \(b.elementType)")
                }
                switch operation {
                case .and: return .bool(plan.combine(x, y) { $0 && $1 })
                case .or: return .bool(plan.combine(x, y) { $0 || $1 })
                case .xor: return .bool(plan.combine(x, y) { $0 != $1 })
                }
            }
        }
    }

    private static func variadic(_ name: String, _ operation: Arithmetic) -> OperatorDefinition {
        define(name, since: 1) { node, _ throws(ONNXError) in VariadicKernel(node: node, operation: operation, mean: false) }
    }

    /// Before opset 7, `broadcast: 1` lets B be broadcast onto A, its dimensions matching
    /// A's from `axis` (default: A's trailing dimensions, as numpy does).
    struct LegacyAlignment: Sendable {
        var axis: Int?

        init(_ node: Node, _ opset: Int) throws(ONNXError) {
            guard opset < 7, try node.int("broadcast", default: 0) == 1, let axis = try node.int("axis") else { return }
            self.axis = Int(axis)
        }

        func shape(of b: Tensor, against a: Tensor, _ node: Node) throws(ONNXError) -> [Int] {
            guard let axis else { return b.shape }
            let start = axis < 0 ? axis + a.rank : axis
            guard start >= 0, start + b.rank <= a.rank else {
                throw node.invalid("axis", "\(axis) cannot align a rank-\(b.rank) input inside a rank-\(a.rank) one")
            }
            return [Int](repeating: 1, count: start) + b.shape + [Int](repeating: 1, count: a.rank - start - b.rank)
        }
    }

    struct BinaryKernel: Kernel {
        let node: Node
        let alignment: LegacyAlignment
        let body: @Sendable (Tensor.Elements, Tensor.Elements, BroadcastPlan) throws(ONNXError) -> Tensor.Elements

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            let a = try tensor(inputs, 0, of: node)
            let b = try tensor(inputs, 1, of: node)
            let plan = try broadcastPlan([a.shape, try alignment.shape(of: b, against: a, node)], of: node)
            return [.tensor(Tensor(shape: plan.shape, elements: try body(a.elements, b.elements, plan)))]
        }
    }

    /// Sum, Max, Min and Mean: any number of inputs folded left to right, each step
    /// broadcasting (opset 8 on; earlier opsets want equal shapes, which broadcast too).
    struct VariadicKernel: Kernel {
        let node: Node
        let operation: Arithmetic
        let mean: Bool

        func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
            var result = try tensor(inputs, 0, of: node)
            for index in inputs.indices.dropFirst() {
                let next = try tensor(inputs, index, of: node)
                let plan = try broadcastPlan([result.shape, next.shape], of: node)
                result = Tensor(shape: plan.shape, elements: try combine(result.elements, next.elements, operation, plan, node))
            }
            guard mean else { return [.tensor(result)] }
            let divisor = inputs.count
            switch result.elements {
            case .float(let v): result.elements = .float(v.map { $0 / Float(divisor) })
            case .double(let v): result.elements = .double(v.map { $0 / Double(divisor) })
            default: throw node.inputMismatch("Mean takes float or double tensors, found \(result.elementType)")
            }
            return [.tensor(result)]
        }
    }

    static func combine(_ a: Tensor.Elements, _ b: Tensor.Elements, _ operation: Arithmetic, _ plan: BroadcastPlan, _ node: Node) throws(ONNXError) -> Tensor.Elements {
        switch (a, b) {
        case (.float(let x), .float(let y)): return .float(real(x, y, operation, plan))
        case (.double(let x), .double(let y)): return .double(real(x, y, operation, plan))
        case (.int64(let x), .int64(let y)): return .int64(try integer(x, y, operation, plan, node))
        case (.float(let x), _) where operation == .power && b.elementType != .string && b.elementType != .bool:
            return .float(real(x, Tensor(shape: [b.count], elements: b).asFloats() ?? [], operation, plan))
        case (.double(let x), _) where operation == .power && b.elementType != .string && b.elementType != .bool:
            return .double(real(x, Tensor(shape: [b.count], elements: b).asDoubles() ?? [], operation, plan))
        default:
            throw node.inputMismatch("\(node.opType) cannot combine \(a.elementType) with \(b.elementType); it takes two tensors of one number type")
        }
    }

    @inline(__always) static func real<T: Real>(_ x: [T], _ y: [T], _ operation: Arithmetic, _ plan: BroadcastPlan) -> [T] {
        switch operation {
        case .add: plan.combine(x, y, +)
        case .subtract: plan.combine(x, y, -)
        case .multiply: plan.combine(x, y, *)
        case .divide: plan.combine(x, y, /)
        case .power: plan.combine(x, y, T.standardPow)
        // NaN wins, as in numpy's maximum and onnxruntime.
        case .maximum: plan.combine(x, y) { $0.isNaN || $0 > $1 ? $0 : $1 }
        case .minimum: plan.combine(x, y) { $0.isNaN || $0 < $1 ? $0 : $1 }
        }
    }

    static func integer(_ x: [Int64], _ y: [Int64], _ operation: Arithmetic, _ plan: BroadcastPlan, _ node: Node) throws(ONNXError) -> [Int64] {
        switch operation {
        case .add: return plan.combine(x, y, &+)
        case .subtract: return plan.combine(x, y, &-)
        case .multiply: return plan.combine(x, y, &*)
        case .divide:
            guard !y.contains(0) else { throw node.inputMismatch("integer division by zero") }
            // Truncating, as C does; Int64.min / -1 wraps instead of trapping.
            return plan.combine(x, y) { $0.dividedReportingOverflow(by: $1).partialValue }
        case .power: return plan.combine(x, y, integerPower)
        case .maximum: return plan.combine(x, y, Swift.max)
        case .minimum: return plan.combine(x, y, Swift.min)
        }
    }

    /// Wrapping exponentiation by squaring; a negative exponent truncates 1/x^n toward zero.
    static func integerPower(_ base: Int64, _ exponent: Int64) -> Int64 {
        if exponent < 0 {
            switch base {
            case 1: return 1
            case -1: return exponent % 2 == 0 ? 1 : -1
            default: return 0
            }
        }
        var result: Int64 = 1, factor = base, remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result = result &* factor }
            factor = factor &* factor
            remaining >>= 1
        }
        return result
    }

    static func compare(_ a: Tensor.Elements, _ b: Tensor.Elements, _ operation: Comparison, _ plan: BroadcastPlan, _ node: Node) throws(ONNXError) -> Tensor.Elements {
        switch (a, b) {
        case (.float(let x), .float(let y)): return .bool(ordered(x, y, operation, plan))
        case (.double(let x), .double(let y)): return .bool(ordered(x, y, operation, plan))
        case (.int64(let x), .int64(let y)): return .bool(ordered(x, y, operation, plan))
        case (.string(let x), .string(let y)) where operation == .equal: return .bool(plan.combine(x, y, ==))
        case (.bool(let x), .bool(let y)) where operation == .equal: return .bool(plan.combine(x, y, ==))
        default:
            throw node.inputMismatch("\(node.opType) cannot compare \(a.elementType) with \(b.elementType)")
        }
    }

    @inline(__always) static func ordered<T: Comparable>(_ x: [T], _ y: [T], _ operation: Comparison, _ plan: BroadcastPlan) -> [Bool] {
        switch operation {
        case .less: plan.combine(x, y, <)
        case .lessOrEqual: plan.combine(x, y, <=)
        case .greater: plan.combine(x, y, >)
        case .greaterOrEqual: plan.combine(x, y, >=)
        case .equal: plan.combine(x, y, ==)
        }
    }
}
