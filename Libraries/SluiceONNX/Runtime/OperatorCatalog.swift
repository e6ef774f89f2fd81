/// The operators a model may use, looked up by domain and name. Several definitions of
/// one operator may cover different opset ranges; the one covering the model's opset
/// for the domain is used.
struct OperatorCatalog: Sendable {
    static let builtIn = OperatorCatalog(StandardOperators.all + MLOperators.all)

    /// The domains whose operators Sluice implements; a node of any other is refused.
    static let domains = ["ai.onnx", "ai.onnx.ml"]

    private let definitions: [Key: [OperatorDefinition]]
    /// "ai.onnx: Add, Cast, …; ai.onnx.ml: …", for error messages.
    let summary: String

    private struct Key: Hashable {
        var domain: String
        var name: String
    }

    init(_ all: [OperatorDefinition]) {
        var definitions: [Key: [OperatorDefinition]] = [:]
        for definition in all {
            definitions[Key(domain: definition.domain, name: definition.name), default: []].append(definition)
        }
        self.definitions = definitions
        self.summary = Self.summarize(all)
    }

    /// The definition for a node at the model's opsets, or an error that says what is
    /// missing and lists what is there.
    func definition(for node: Node, opsets: [String: Int]) throws(ONNXError) -> (definition: OperatorDefinition, opset: Int) {
        guard Self.domains.contains(node.domain) else {
            throw ONNXError(.unsupported, "\(node.label) uses operator \(node.opType) of domain '\(node.domain)', which Sluice does not implement; supported operators: \(summary)")
        }
        guard let opset = opsets[node.domain] else {
            throw ONNXError(.invalidGraph, "\(node.label) uses domain \(node.domain), which the model does not import (it has no opset_import for \(node.domain))")
        }
        guard let candidates = definitions[Key(domain: node.domain, name: node.opType)] else {
            throw ONNXError(.unsupported, "\(node.label): operator \(node.opType) of domain \(node.domain) (opset \(opset)) is not supported; supported operators: \(summary)")
        }
        guard let definition = candidates.first(where: { $0.opsets.contains(opset) }) else {
            let ranges = candidates.map { "\($0.opsets.lowerBound)...\($0.opsets.upperBound)" }.joined(separator: ", ")
            throw ONNXError(.unsupported, "\(node.label): operator \(node.opType) of domain \(node.domain) is supported at opsets \(ranges), not at opset \(opset), which the model imports; supported operators: \(summary)")
        }
        return (definition, opset)
    }

    private static func summarize(_ all: [OperatorDefinition]) -> String {
        var names: [String: Set<String>] = [:]
        for definition in all { names[definition.domain, default: []].insert(definition.name) }
        let known = domains.filter { names[$0] != nil }
        let others = names.keys.filter { !domains.contains($0) }.sorted()
        let parts = (known + others).map { domain in
            "\(domain): " + (names[domain] ?? []).sorted().joined(separator: ", ")
        }
        return parts.isEmpty ? "none" : parts.joined(separator: "; ")
    }
}
