internal import Yams

extension YAMLComposer {
    /// One diagnostic for a libyaml error, at the place libyaml points to.
    static func syntaxError(_ error: YamlError, source: SourceText, file: String) -> Diagnostic {
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
}
