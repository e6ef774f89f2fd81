import SluiceSupport
/// A 1-based line and column in the pipeline file (columns count Unicode scalars, as
/// libyaml does).
package struct SourcePosition: Hashable, Sendable {
    package let line: Int
    package let column: Int

    package init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// A YAML node as the pipeline reader needs it: content plus where it was written.
/// Aliases are already replaced by the nodes they name, and merge keys (`<<`) applied.
package struct YAMLNode: Sendable {
    package enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    package let content: Content
    package let position: SourcePosition

    package var scalar: YAMLScalar? {
        if case .scalar(let scalar) = content { return scalar }
        return nil
    }

    package var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    package var pairs: [YAMLPair]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// A plain `null`, `~` or nothing at all: how YAML writes "no value".
    package var isNull: Bool {
        scalar.map { $0.typed == .null } ?? false
    }

    /// What kind of value this is, with the value when it is short, for messages
    /// like "expected a list, found string 'load'".
    package var summary: String {
        switch content {
        case .sequence: "a list"
        case .mapping: "a map"
        case .scalar(let scalar):
            switch scalar.typed {
            case .string(let text): "string '\(text.count > 40 ? String(text.prefix(37)) + "..." : text)'"
            case .null: "nothing (null)"
            case .float(let value) where !value.isFinite: "'\(scalar.text)'"
            default: "\(scalar.typed.typeName) \(scalar.text)"
            }
        }
    }
}

extension YAMLNode {
    /// A plain scalar with no text at all (`key:` followed by nothing).
    package var isEmptyPlain: Bool {
        scalar.map { $0.style == .plain && $0.text.isEmpty } ?? false
    }

    /// Where to point at the value of `pair`: an empty value's mark is wherever libyaml
    /// looked next (often the next line), so its key is the better place.
    package static func place(of pair: YAMLPair) -> SourcePosition {
        pair.value.isEmptyPlain ? pair.keyPosition : pair.value.position
    }
}

/// A key and its value in a mapping; the key is kept as text, with where it was written.
package struct YAMLPair: Sendable {
    package let key: String
    package let keyPosition: SourcePosition
    package let value: YAMLNode
}

/// A scalar's text, how it was written, and its type under the YAML 1.2 core schema.
package struct YAMLScalar: Sendable {
    package enum Style: Sendable { case plain, quoted, block }

    package let text: String
    package let style: Style
    /// The explicit tag (`!!str`, `!`), if one was written, as libyaml expands it.
    package let tag: String?
    package let typed: CoreSchemaValue

    package init(text: String, style: Style, tag: String?) {
        self.text = text
        self.style = style
        self.tag = tag
        self.typed = CoreSchemaValue.resolve(text, style: style, tag: tag)
    }
}
