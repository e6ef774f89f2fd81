import Yams

/// A parsed YAML document: its root (nil for an empty file) and the problems met while
/// building it (duplicate keys, keys that are not text), reported with the file's others.
struct ComposedDocument {
    let root: YAMLNode?
    let problems: [Diagnostic]
}

/// Parses YAML text with Yams (libyaml) into `YAMLNode`s that remember where each key
/// and value was written.
enum YAMLComposer {
    /// More nodes than this means aliases are being used to blow the document up.
    static let nodeBudget = 200_000
    /// Duplicate keys handled before giving up (see `compose`).
    static let maximumDuplicates = 100

    /// Parses `source`. A syntax error is thrown as the one diagnostic that matters: after
    /// it nothing else in the file can be trusted.
    static func compose(_ source: SourceText, file: String) throws(Diagnostic) -> ComposedDocument {
        let report = DiagnosticCollector(file: file, source: source)
        // Yams refuses a mapping with a duplicate key, naming only the first occurrence, and
        // stops there. To report every duplicate at its own place and go on checking, the
        // first occurrence gets one character replaced by a private-use character (same
        // length, so no mark moves) and the text is parsed again; the key's text is put
        // back while converting, where duplicates are then found and reported.
        var text = source.text
        var renamed: [SourcePosition: String] = [:]
        for attempt in 0...maximumDuplicates {
            do {
                let root = try Yams.compose(yaml: text)
                var converter = Converter(renamed: renamed, report: report)
                let node: YAMLNode? = if let root { try converter.convert(root) } else { nil }
                return ComposedDocument(root: node, problems: report.items)
            } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
                let position = SourcePosition(line: context.mark.line, column: context.mark.column)
                let key = duplicates.first ?? "?"
                guard attempt < maximumDuplicates,
                      let unique = uniqueKeyText(text, source: source, at: position, placeholder: attempt)
                else {
                    let location = SourceLocation(file: file, line: position.line, column: position.column)
                    throw Diagnostic("config.duplicate-key", at: location, "key '\(key)' appears more than once in this map. Remove or rename the other occurrences", sourceLine: source.line(position.line))
                }
                renamed[position] = key
                text = unique
            } catch let error as YamlError {
                throw syntaxError(error, source: source, file: file)
            } catch let error as Diagnostic {
                throw error
            } catch {
                throw Diagnostic("config.yaml-syntax", at: nil, "\(file) could not be read as YAML: \(error). Check that it is a YAML text file")
            }
        }
        throw Diagnostic("config.yaml-syntax", at: nil, "\(file) could not be read as YAML. Check that it is a YAML text file")
    }

    /// `text` with the key scalar starting at `position` made unique, or nil when the key
    /// is written in a way this cannot safely change (an empty quoted key, an alias).
    private static func uniqueKeyText(_ text: String, source: SourceText, at position: SourcePosition, placeholder: Int) -> String? {
        guard var offset = source.scalarOffset(line: position.line, column: position.column),
              let replacement = Unicode.Scalar(0xE000 + UInt32(placeholder))
        else { return nil }
        var scalars = Array(text.unicodeScalars)
        func at(_ index: Int) -> Unicode.Scalar? { scalars.indices.contains(index) ? scalars[index] : nil }
        func isSpace(_ scalar: Unicode.Scalar?) -> Bool { scalar == " " || scalar == "\t" }
        // The mark of `&anchor !tag key` is at the anchor: step over anchors and tags.
        while at(offset) == "&" || at(offset) == "!" {
            while let scalar = at(offset), !isSpace(scalar) { offset += 1 }
            while isSpace(at(offset)) { offset += 1 }
        }
        // How many characters to replace so that the key stays valid YAML of the same length.
        var count = 1
        switch at(offset) {
        case "\""?:
            offset += 1
            if at(offset) == "\"" { return nil }  // the empty key ""
            if at(offset) == "\\" { count = 2 }  // an escape: replace both of its first characters
        case "'"?:
            offset += 1
            if at(offset) == "'" {
                guard at(offset + 1) == "'" else { return nil }  // the empty key ''
                count = 2  // '' is an escaped quote
            }
        case nil, "*"?, "?"?, "|"?, ">"?, "["?, "{"?:
            return nil
        default:
            break
        }
        for index in offset..<(offset + count) {
            guard let scalar = at(index), scalar != "\n", scalar != "\r" else { return nil }
            scalars[index] = replacement
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    /// One diagnostic for a libyaml error, at the place libyaml points to.
    private static func syntaxError(_ error: YamlError, source: SourceText, file: String) -> Diagnostic {
        let report = DiagnosticCollector(file: file, source: source)
        var position: SourcePosition?
        var what: String
        switch error {
        case let .composer(context, _, mark, _) where context?.text == "expected a single document in the stream":
            position = SourcePosition(line: mark.line, column: mark.column)
            report.error("config.yaml-syntax", at: position, "a second YAML document starts here, but a pipeline file holds one. Remove this `---` line and what follows it, or merge the two documents")
            return report.items[0]
        case let .composer(_, "found undefined alias", mark, _):
            position = SourcePosition(line: mark.line, column: mark.column)
            let name = source.line(mark.line).map { line in
                String(line.unicodeScalars.dropFirst(mark.column).prefix { !" ,]}\t".unicodeScalars.contains($0) })
            } ?? ""
            report.error("config.yaml-syntax", at: position, "alias *\(name) names no anchor. Define the anchor first, e.g. `key: &\(name) value`, or fix the alias's name")
            return report.items[0]
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            position = SourcePosition(line: mark.line, column: mark.column)
            what = problem
            if let context {
                what += " (\(context.text) that starts on line \(context.mark.line), column \(context.mark.column))"
            }
        case let .reader(problem, offset, _, yaml):
            what = problem
            if let offset {
                let before = SourceText(String(yaml.prefix(offset)))
                position = SourcePosition(line: before.lines.count, column: (before.lines.last?.unicodeScalars.count ?? 0) + 1)
            }
        default:
            what = "\(error)"
        }
        var fix = "Fix the YAML here: check the indentation, the ':' after each key, and that quotes and brackets are closed"
        if let line = position.flatMap({ source.line($0.line) }), line.contains("\t") {
            fix = "YAML does not allow tabs for indentation: indent with spaces"
        }
        report.error("config.yaml-syntax", at: position, "invalid YAML: \(what). \(fix)")
        return report.items[0]
    }

    /// Turns Yams nodes into `YAMLNode`s, applying merge keys and finding duplicate keys.
    private struct Converter {
        let renamed: [SourcePosition: String]
        let report: DiagnosticCollector
        var budget = YAMLComposer.nodeBudget

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
}
