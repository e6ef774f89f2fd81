internal import Yams

/// A parsed YAML document: its root (nil for an empty file) and the problems met while
/// building it (duplicate keys, keys that are not text), reported with the file's others.
package struct ComposedDocument {
    package let root: YAMLNode?
    package let problems: [Diagnostic]
}

/// Parses YAML text with Yams (libyaml) into `YAMLNode`s that remember where each key
/// and value was written.
package enum YAMLComposer {
    /// More nodes than this means aliases are being used to blow the document up.
    package static let nodeBudget = 200_000
    /// Duplicate keys handled before giving up (see `compose`).
    package static let maximumDuplicates = 100

    /// Parses `source`. A syntax error is thrown as the one diagnostic that matters: after
    /// it nothing else in the file can be trusted.
    package static func compose(_ source: SourceText, file: String) throws(Diagnostic) -> ComposedDocument {
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
                // The basic resolver: tags are resolved by CoreSchemaValue, and Yams' default
                // one ran regular expressions over every key it hashed for its duplicate
                // check (a third of the time of reading a 200-stage pipeline).
                let root = try Yams.compose(yaml: text, .basic)
                var converter = YAMLNodeConverter(renamed: renamed, report: report)
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
}
