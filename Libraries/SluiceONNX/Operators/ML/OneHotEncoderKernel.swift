/// OneHotEncoder (ai.onnx.ml 1): Y = X's shape + [categories], float, a one at each
/// element's category. Numbers are truncated to integers before the lookup. An unknown
/// category gives a row of zeros, or an error when `zeros` is 0.
struct OneHotEncoderKernel: Kernel {
    enum Categories {
        case int64s([Int64: Int])
        case strings([String: Int])
    }

    let node: Node
    let categories: Categories
    let count: Int
    let zeros: Bool

    init(_ node: Node) throws(ONNXError) {
        self.node = node
        zeros = try node.int("zeros", default: 1) != 0
        let ints = try node.ints("cats_int64s") ?? []
        let strings = try node.strings("cats_strings") ?? []
        guard ints.isEmpty != strings.isEmpty else {
            throw node.invalid("cats_int64s", "and 'cats_strings': exactly one must be set and non-empty")
        }
        if ints.isEmpty {
            var map: [String: Int] = [:]
            for (i, s) in strings.enumerated() where map[s] == nil { map[s] = i }
            categories = .strings(map)
            count = strings.count
        } else {
            var map: [Int64: Int] = [:]
            for (i, v) in ints.enumerated() where map[v] == nil { map[v] = i }
            categories = .int64s(map)
            count = ints.count
        }
    }

    func run(_ inputs: [Value?]) throws(ONNXError) -> [Value] {
        let tensor = try node.tensorInput(inputs, 0)
        var positions: [Int?]
        switch (categories, tensor.elements) {
        case (.strings(let map), .string(let v)):
            positions = v.map { map[$0] }
        case (.int64s(let map), .int64(let v)):
            positions = v.map { map[$0] }
        case (.int64s(let map), .float(let v)):
            positions = v.map { Int64(exactly: Double($0).rounded(.towardZero)).flatMap { map[$0] } }
        case (.int64s(let map), .double(let v)):
            positions = v.map { Int64(exactly: $0.rounded(.towardZero)).flatMap { map[$0] } }
        case (.strings, _):
            throw node.inputMismatch("the categories are strings (cats_strings) but the input is \(tensor.elementType)")
        case (.int64s, _):
            throw node.inputMismatch("the categories are integers (cats_int64s) but the input is \(tensor.elementType)")
        }
        if !zeros, let unknown = positions.firstIndex(where: { $0 == nil }) {
            throw node.inputMismatch("input element \(unknown) is not one of the categories, and attribute 'zeros' is 0")
        }
        var y = [Float](repeating: 0, count: positions.count * count)
        for (i, position) in positions.enumerated() {
            if let position { y[i * count + position] = 1 }
        }
        return [.tensor(Tensor(shape: tensor.shape + [count], floats: y))]
    }
}
