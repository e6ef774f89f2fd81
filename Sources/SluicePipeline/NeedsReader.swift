import SluiceSupport
/// Reads a stage's `needs`: a list of `stage` / `stage.port`, or a map `input: stage.port`.
package enum NeedsReader {
    /// The entries that could be read, and whether every entry could.
    package static func read(_ value: YAMLNode, at place: SourcePosition, stage: String, report: DiagnosticCollector) -> (entries: [NeedsEntry], complete: Bool) {
        let entries: [NeedsEntry?]
        switch value.content {
        case _ where value.isNull:
            entries = []
        case .sequence(let items):
            entries = items.map { item in
                reference(item, input: nil, inputPosition: nil, stage: stage, report: report)
            }
        case .mapping(let pairs):
            entries = pairs.map { pair in
                reference(pair.value, input: pair.key, inputPosition: pair.keyPosition, stage: stage, report: report)
            }
        case .scalar(let scalar):
            report.error("config.wrong-type", at: place, stage: stage, "`needs` must be a list of stages or a map of input ports, found \(value.summary). Write needs: [\(scalar.text)]")
            return ([], false)
        }
        return (entries.compactMap { $0 }, !entries.contains { $0 == nil })
    }

    private static func reference(_ node: YAMLNode, input: String?, inputPosition: SourcePosition?, stage: String, report: DiagnosticCollector) -> NeedsEntry? {
        guard case .string(let text)? = node.scalar?.typed else {
            report.error("config.wrong-type", at: node.position, stage: stage, "a `needs` entry must be a stage name or stage.port, found \(node.summary). Write e.g. split or split.train")
            return nil
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else {
            report.error("config.wrong-type", at: node.position, stage: stage, "`needs` entry '\(text)' is not a stage name or stage.port. Write e.g. split or split.train")
            return nil
        }
        return NeedsEntry(input: input, inputPosition: inputPosition, stage: parts[0], port: parts.count == 2 ? parts[1] : nil, position: node.position)
    }
}
