/// Gathers every problem found in one pipeline file, so that a user fixes them all in
/// one go instead of one per run. A class because every part of the loader adds to it.
package final class DiagnosticCollector {
    package let file: String
    package let source: SourceText
    private(set) var items: [Diagnostic] = []

    package init(file: String, source: SourceText) {
        self.file = file
        self.source = source
    }

    package var isEmpty: Bool { items.isEmpty }

    /// Records a problem at a place in the file (nil: the problem has no place).
    package func error(_ code: String, at position: SourcePosition?, stage: String? = nil, _ message: String) {
        let location = position.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
        // A blank line under the message would show nothing but the caret.
        let line = position.flatMap { source.line($0.line) }.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        items.append(Diagnostic(code, at: location, stage: stage, message, sourceLine: line))
    }

    package func add(_ diagnostics: [Diagnostic]) {
        items += diagnostics
    }

    /// Problems without a place first (command-line overrides), then by line and column;
    /// problems at the same place keep the order they were found in.
    package func sorted() -> [Diagnostic] {
        items.enumerated().sorted { a, b in
            let left = a.element.location.map { ($0.line, $0.column) } ?? (0, 0)
            let right = b.element.location.map { ($0.line, $0.column) } ?? (0, 0)
            return left != right ? left < right : a.offset < b.offset
        }.map(\.element)
    }
}
