/// A place in a config file, 1-based.
package struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    package let file: String
    package let line: Int
    package let column: Int

    package init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    package var description: String { "\(file):\(line):\(column)" }
}

/// One problem found in a pipeline file, with everything a person needs to fix it.
package struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable identifier, e.g. "config.unknown-key"; tests and scripts match on it.
    package let code: String
    /// Where in the file; nil only when the problem has no place (e.g. the file is missing).
    package let location: SourceLocation?
    /// The stage the problem belongs to, if any.
    package let stage: String?
    /// What is wrong, then how to fix it: "unknown key 'neds'. Did you mean 'needs'?"
    package let message: String
    /// The text of the offending line, shown under the message with a caret.
    package let sourceLine: String?

    package init(_ code: String, at location: SourceLocation?, stage: String? = nil, _ message: String, sourceLine: String? = nil) {
        self.code = code
        self.location = location
        self.stage = stage
        self.message = message
        self.sourceLine = sourceLine
    }

    /// `FILE:LINE:COLUMN: error: [stage 'x': ]WHAT. HOW [code]`, then the line and a caret.
    package var description: String {
        var text = (location.map { "\($0): " } ?? "") + "error: "
        if let stage { text += "stage '\(stage)': " }
        text += "\(message) [\(code)]"
        if let sourceLine, let location {
            text += "\n    " + sourceLine + "\n    " + String(repeating: " ", count: max(0, location.column - 1)) + "^"
        }
        return text
    }
}

/// Several problems at once: every error in a file is reported, not just the first.
package struct Diagnostics: Error, Sendable, CustomStringConvertible {
    package let items: [Diagnostic]

    package init(_ items: [Diagnostic]) {
        self.items = items
    }

    package var description: String {
        items.map(\.description).joined(separator: "\n")
    }
}
