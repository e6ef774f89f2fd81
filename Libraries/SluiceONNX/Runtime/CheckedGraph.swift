/// A graph whose structure has been checked: every node input has a source, no value
/// has two producers, there is no cycle, and the nodes are in an order they can run in.
struct CheckedGraph: Sendable {
    /// Topologically sorted; a graph already in order keeps its order.
    var nodes: [Node]
    /// Graph inputs without an initializer: the feeds `run` requires.
    var requiredInputs: [ValueInfo]
    /// Graph inputs with an initializer, which is their default (IR version 4 onward).
    var defaultedInputs: [ValueInfo]
    var initializers: [NamedTensor]
    var outputs: [ValueInfo]

    init(_ graph: GraphFile) throws(ONNXError) {
        var inputNames = Set<String>()
        for input in graph.inputs {
            guard !input.name.isEmpty else { throw ONNXError(.invalidGraph, "a graph input has no name") }
            guard inputNames.insert(input.name).inserted else {
                throw ONNXError(.invalidGraph, "graph input '\(input.name)' is declared twice")
            }
        }
        var initializerNames = Set<String>()
        for initializer in graph.initializers {
            guard !initializer.name.isEmpty else { throw ONNXError(.invalidGraph, "an initializer has no name") }
            guard initializerNames.insert(initializer.name).inserted else {
                throw ONNXError(.invalidGraph, "initializer '\(initializer.name)' is defined twice")
            }
        }
        let producers = try Self.producers(graph.nodes, inputs: inputNames, initializers: initializerNames)
        for node in graph.nodes {
            for input in node.inputs where !input.isEmpty {
                guard producers[input] != nil || inputNames.contains(input) || initializerNames.contains(input) else {
                    throw ONNXError(.invalidGraph, "\(node.label) input '\(input)' is produced by no node and is not an initializer or graph input")
                }
            }
        }
        var outputNames = Set<String>()
        for output in graph.outputs {
            guard !output.name.isEmpty else { throw ONNXError(.invalidGraph, "a graph output has no name") }
            guard outputNames.insert(output.name).inserted else {
                throw ONNXError(.invalidGraph, "graph output '\(output.name)' is declared twice")
            }
            guard producers[output.name] != nil || inputNames.contains(output.name) || initializerNames.contains(output.name) else {
                throw ONNXError(.invalidGraph, "graph output '\(output.name)' is produced by no node and is not an initializer or graph input")
            }
        }
        let order = try Self.topologicalOrder(graph.nodes, producers: producers)
        self.nodes = order.map { graph.nodes[$0] }
        self.requiredInputs = graph.inputs.filter { !initializerNames.contains($0.name) }
        self.defaultedInputs = graph.inputs.filter { initializerNames.contains($0.name) }
        self.initializers = graph.initializers
        self.outputs = graph.outputs
    }

    /// Value name → the index of the node producing it. Values are assigned once.
    private static func producers(_ nodes: [Node], inputs: Set<String>, initializers: Set<String>) throws(ONNXError) -> [String: Int] {
        var producers: [String: Int] = [:]
        for (index, node) in nodes.enumerated() {
            for output in node.outputs where !output.isEmpty {
                if let other = producers[output] {
                    throw ONNXError(.invalidGraph, "value '\(output)' is produced twice, by \(nodes[other].label) and by \(node.label)")
                }
                if inputs.contains(output) {
                    throw ONNXError(.invalidGraph, "\(node.label) produces '\(output)', which is also a graph input")
                }
                if initializers.contains(output) {
                    throw ONNXError(.invalidGraph, "\(node.label) produces '\(output)', which is also an initializer")
                }
                producers[output] = index
            }
        }
        return producers
    }

    /// Depth-first, producers before consumers, roots in file order: a file that is
    /// already sorted keeps its order. Iterative, so a long chain cannot overflow the
    /// stack; meeting a node still on the path means a cycle, which is named.
    private static func topologicalOrder(_ nodes: [Node], producers: [String: Int]) throws(ONNXError) -> [Int] {
        enum Mark { case unvisited, onPath, done }
        var marks = [Mark](repeating: .unvisited, count: nodes.count)
        var order: [Int] = []
        order.reserveCapacity(nodes.count)
        var path: [(node: Int, nextInput: Int)] = []
        for root in nodes.indices where marks[root] == .unvisited {
            marks[root] = .onPath
            path.append((root, 0))
            while let (node, nextInput) = path.last {
                let inputs = nodes[node].inputs
                guard nextInput < inputs.count else {
                    marks[node] = .done
                    order.append(node)
                    path.removeLast()
                    continue
                }
                path[path.count - 1].nextInput += 1
                guard let producer = producers[inputs[nextInput]] else { continue }
                switch marks[producer] {
                case .unvisited:
                    marks[producer] = .onPath
                    path.append((producer, 0))
                case .onPath:
                    let start = path.firstIndex { $0.node == producer } ?? 0
                    let cycle = (path[start...].map { nodes[$0.node].label } + [nodes[producer].label]).reversed()
                    throw ONNXError(.invalidGraph, "the graph has a cycle through \(nodes[producer].label): \(cycle.joined(separator: " → "))")
                case .done:
                    continue
                }
            }
        }
        return order
    }
}
