import SluiceJSON
/// Turns a stage's `with` into the config its plugin receives: `${...}` filled in,
/// checked against the stage's JSON Schema (each violation pointed at the line that
/// holds the offending value), and the schema's defaults filled in.
package struct StageConfigResolver {
    package let interpolation: Interpolation
    package let report: DiagnosticCollector

    /// The resolved config, or nil after reporting why there is none.
    package func resolve(_ stage: StageDeclaration, schema: JSONValue) -> JSONValue? {
        var converter = YAMLToJSON(report: report, stage: stage.name) { text, node in
            switch interpolation.resolve(text) {
            case .success(let value):
                return value
            case .failure(let problems):
                for message in problems.messages {
                    report.error("config.interpolation", at: node.position, stage: stage.name, message)
                }
                return nil
            }
        }
        let config = stage.with.map { converter.convert($0) } ?? .object([:])
        // A value that could not be filled in would only add confusing schema errors.
        if converter.failed { return nil }
        let violations = ConfigSchema(schema).validate(config)
        for violation in violations {
            report.error("config.schema", at: place(of: violation.pointer, in: converter.positions, stage: stage), stage: stage.name, "`with` \(violation.pointer.isEmpty ? "/" : violation.pointer): \(violation.message)")
        }
        return violations.isEmpty ? ConfigSchema(schema).applyingDefaults(to: config) : nil
    }

    /// Where the value at `pointer` is written, or its nearest ancestor that is (a value
    /// filled in from a param has no lines of its own; a missing field has none either).
    private func place(of pointer: String, in positions: [String: SourcePosition], stage: StageDeclaration) -> SourcePosition {
        var current = pointer
        while !current.isEmpty {
            if let position = positions[current] { return position }
            current = String(current[..<(current.lastIndex(of: "/") ?? current.startIndex)])
        }
        // The whole config: its `with` key, or the stage's key when there is no `with`.
        return stage.withPosition ?? stage.position
    }
}
