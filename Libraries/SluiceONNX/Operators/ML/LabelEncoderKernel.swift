/// LabelEncoder (ai.onnx.ml 1, 2, 4): each element mapped through keys → values, or to
/// the default. Opset 1 maps strings to their position in classes_strings and positions
/// back to strings; opset 2 pairs keys_* with values_* (strings, int64s, floats);
/// opset 4 adds keys_tensor / values_tensor / default_tensor (doubles too), lets the last
/// of repeated keys win and lets a NaN key match NaN. onnxruntime keeps the first of
/// repeated keys and matches no NaN at opset 2, and so does this kernel there.
struct LabelEncoderKernel: Kernel {
    enum Column: Sendable {
        case strings([String])
        case int64s([Int64])
        case floats([Float])
        case doubles([Double])

        var count: Int {
            switch self {
            case .strings(let v): v.count
            case .int64s(let v): v.count
            case .floats(let v): v.count
            case .doubles(let v): v.count
            }
        }

        var typeName: String {
            switch self {
            case .strings: "string"
            case .int64s: "integer"
            case .floats: "float"
            case .doubles: "double"
            }
        }
    }

    let node: Node
    let keys: Column
    let values: Column
    /// One element: the value for elements that match no key.
    let fallback: Column
    let lastKeyWins: Bool
    let nanMatches: Bool
    /// Opset 1's other direction: integers to classes_strings, else this default.
    let positionsToStrings: (classes: [String], fallback: String)?

    init(_ node: Node, opset: Int) throws(ONNXError) {
        self.node = node
        lastKeyWins = opset >= 4
        nanMatches = opset >= 4
        if opset < 2 {
            guard let classes = try node.strings("classes_strings") else { throw node.missing("classes_strings") }
            keys = .strings(classes)
            values = .int64s(classes.indices.map { Int64($0) })
            fallback = .int64s([try node.int("default_int64", default: -1)])
            positionsToStrings = (classes, try node.string("default_string", default: "_Unused"))
            return
        }
        positionsToStrings = nil
        keys = try Self.column(node, prefix: "keys", allowTensor: opset >= 4)
        values = try Self.column(node, prefix: "values", allowTensor: opset >= 4)
        guard keys.count == values.count else {
            throw node.invalid("keys_\(keys.typeName)s", "has \(keys.count) entries but the values have \(values.count); they must pair up")
        }
        fallback = try Self.fallback(node, for: values, allowTensor: opset >= 4)
    }

    private static func column(_ node: Node, prefix: String, allowTensor: Bool) throws(ONNXError) -> Column {
        var found: [Column] = []
        if let v = try node.strings("\(prefix)_strings") { found.append(.strings(v)) }
        if let v = try node.ints("\(prefix)_int64s") { found.append(.int64s(v)) }
        if let v = try node.floats("\(prefix)_floats") { found.append(.floats(v)) }
        if allowTensor, let tensor = try node.tensor("\(prefix)_tensor") { found.append(try column(tensor, node: node, key: "\(prefix)_tensor")) }
        guard found.count == 1, let only = found.first else {
            throw node.invalid("\(prefix)_*", found.isEmpty ? "is not set; exactly one \(prefix)_* attribute must be" : "is set \(found.count) times; exactly one \(prefix)_* attribute must be")
        }
        return only
    }

    private static func column(_ tensor: Tensor, node: Node, key: String) throws(ONNXError) -> Column {
        switch tensor.elements {
        case .string(let v): return .strings(v)
        case .int64(let v): return .int64s(v)
        case .float(let v): return .floats(v)
        case .double(let v): return .doubles(v)
        case .bool: throw node.invalid(key, "is a bool tensor; LabelEncoder maps strings, integers, floats and doubles")
        }
    }

    private static func fallback(_ node: Node, for values: Column, allowTensor: Bool) throws(ONNXError) -> Column {
        if allowTensor, let tensor = try node.tensor("default_tensor") {
            let column = try column(tensor, node: node, key: "default_tensor")
            guard column.count == 1, column.typeName == values.typeName else {
                throw node.invalid("default_tensor", "should hold one \(values.typeName), found \(column.count) of \(column.typeName)")
            }
            return column
        }
        switch values {
        case .strings: return .strings([try node.string("default_string", default: "_Unused")])
        case .int64s: return .int64s([try node.int("default_int64", default: -1)])
        case .floats: return .floats([try node.float("default_float", default: -0.0)])
        case .doubles: return .doubles([-0.0])
        }
    }

    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        let tensor = try node.tensorInput(inputs, 0)
        if let (classes, otherwise) = positionsToStrings, case .int64(let x) = tensor.elements {
            let strings = x.map { i in i >= 0 && i < Int64(classes.count) ? classes[Int(i)] : otherwise }
            return [.tensor(Tensor(shape: tensor.shape, strings: strings))]
        }
        let positions: [Int?]
        switch (keys, tensor.elements) {
        case (.strings(let k), .string(let x)): positions = lookUp(x, in: k)
        case (.int64s(let k), .int64(let x)): positions = lookUp(x, in: k)
        case (.floats(let k), .float(let x)): positions = lookUpReal(x, in: k)
        case (.doubles(let k), .double(let x)): positions = lookUpReal(x, in: k)
        default:
            throw node.inputMismatch("input is \(tensor.elementType) but the keys are \(keys.typeName)s")
        }
        return [.tensor(Tensor(shape: tensor.shape, elements: map(positions)))]
    }

    private func index<K: Hashable>(_ keys: [K]) -> [K: Int] {
        var map: [K: Int] = [:]
        map.reserveCapacity(keys.count)
        for (i, key) in keys.enumerated() where lastKeyWins || map[key] == nil { map[key] = i }
        return map
    }

    private func lookUp<K: Hashable>(_ x: [K], in keys: [K]) -> [Int?] {
        let map = index(keys)
        return x.map { map[$0] }
    }

    private func lookUpReal<K: BinaryFloatingPoint & Hashable>(_ x: [K], in keys: [K]) -> [Int?] {
        let map = index(keys)
        let nan = nanMatches ? (lastKeyWins ? keys.lastIndex(where: \.isNaN) : keys.firstIndex(where: \.isNaN)) : nil
        return x.map { $0.isNaN ? nan : map[$0] }
    }

    private func map(_ positions: [Int?]) -> Tensor.Elements {
        switch (values, fallback) {
        case (.strings(let v), .strings(let d)): .string(positions.map { $0.map { v[$0] } ?? d[0] })
        case (.int64s(let v), .int64s(let d)): .int64(positions.map { $0.map { v[$0] } ?? d[0] })
        case (.floats(let v), .floats(let d)): .float(positions.map { $0.map { v[$0] } ?? d[0] })
        case (.doubles(let v), .doubles(let d)): .double(positions.map { $0.map { v[$0] } ?? d[0] })
        default: .int64([])
        }
    }
}
