import SluiceSupport
internal import Yams

/// Turns Yams nodes into `YAMLNode`s, applying merge keys and finding duplicate keys.
package struct YAMLNodeConverter {
    /// Keys made unique to get past Yams' duplicate check (see `YAMLComposer.compose`),
    /// by position, with their real text.
    package let renamed: [SourcePosition: String]
    package let report: DiagnosticCollector
    package var budget = YAMLComposer.nodeBudget

    mutating func convert(_ node: Node) throws(Diagnostic) -> YAMLNode {
        budget -= 1
        if budget < 0 {
            throw Diagnostic("config.yaml-syntax", at: nil, "\(report.file) expands to more than \(YAMLComposer.nodeBudget) YAML values through its aliases. Use fewer aliases (*name)")
        }
        let position = Self.position(node.mark)
        switch node {
        case .scalar(let scalar):
            let tag = scalar.tag.rawValue
            let style: YAMLScalar.Style = switch scalar.style {
            case .singleQuoted, .doubleQuoted: .quoted
            case .literal, .folded: .block
            default: .plain
            }
            // A quoted scalar comes tagged `!!str` by Yams; keep only tags the user wrote.
            let written = style != .plain && tag == CoreSchemaValue.tagPrefix + "str" ? nil : tag
            return YAMLNode(content: .scalar(YAMLScalar(text: scalar.string, style: style, tag: written)), position: position)
        case .sequence(let sequence):
            var items: [YAMLNode] = []
            for item in sequence { items.append(try convert(item)) }
            return YAMLNode(content: .sequence(items), position: position)
        case .mapping(let mapping):
            return YAMLNode(content: .mapping(try pairs(of: mapping)), position: position)
        case .alias(let alias):
            // Yams replaces aliases while parsing; an alias left here names nothing known.
            throw Diagnostic("config.yaml-syntax", at: SourceLocation(file: report.file, line: position.line, column: position.column), "alias *\(alias.anchor.rawValue) names no anchor. Define it with &\(alias.anchor.rawValue) before using it")
        }
    }

    /// The mapping's pairs in file order, duplicates reported and dropped, `<<` merged in.
    private mutating func pairs(of mapping: Node.Mapping) throws(Diagnostic) -> [YAMLPair] {
        var result: [YAMLPair] = []
        var seen: [String: SourcePosition] = [:]
        var merged: [YAMLPair] = []
        for (keyNode, valueNode) in mapping {
            let keyPosition = Self.position(keyNode.mark)
            guard case .scalar(let keyScalar) = keyNode else {
                report.error("config.wrong-type", at: keyPosition, "a key must be text, not a list or a map. Write the key as plain text")
                continue
            }
            let key = renamed[keyPosition] ?? keyScalar.string
            let value = try convert(valueNode)
            if key == "<<", keyScalar.style == .plain {
                merged += mergeSource(value)
                continue
            }
            if let first = seen[key] {
                let place = first.line == keyPosition.line ? "line \(first.line), column \(first.column)" : "line \(first.line)"
                report.error("config.duplicate-key", at: keyPosition, "duplicate key '\(key)': it is already defined on \(place). Remove or rename one of them")
                continue
            }
            seen[key] = keyPosition
            result.append(YAMLPair(key: key, keyPosition: keyPosition, value: value))
        }
        // Merged keys fill in only what the mapping does not set itself (YAML merge rules).
        for pair in merged where seen[pair.key] == nil {
            seen[pair.key] = pair.keyPosition
            result.append(pair)
        }
        return result
    }

    /// The pairs a `<<` value brings: a map, or a list of maps (earlier ones win).
    private func mergeSource(_ value: YAMLNode) -> [YAMLPair] {
        switch value.content {
        case .mapping(let pairs):
            return pairs
        case .sequence(let items) where items.allSatisfy({ $0.pairs != nil }):
            var seen = Set<String>()
            return items.flatMap { $0.pairs ?? [] }.filter { seen.insert($0.key).inserted }
        default:
            report.error("config.wrong-type", at: value.position, "'<<' merges a map into this one, but found \(value.summary). Point it at a map, e.g. <<: *defaults")
            return []
        }
    }

    private static func position(_ mark: Mark?) -> SourcePosition {
        SourcePosition(line: mark?.line ?? 1, column: mark?.column ?? 1)
    }
}
