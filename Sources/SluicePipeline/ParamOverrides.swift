import SluiceJSON
import SluiceSupport
/// Applies `--set KEY=VALUE` to the declared params. KEY is a dotted path whose first
/// segment names a declared param; VALUE is typed like a plain YAML scalar, and a flow
/// list or map (`[a, b]`, `{depth: 3}`) or a quoted string (`"42"`) is read as YAML.
package enum ParamOverrides {
    package static func apply(_ overrides: [String], to params: inout [String: JSONValue], report: DiagnosticCollector) {
        for override in overrides {
            guard let equals = override.firstIndex(of: "=") else {
                fail(override, "there is no '='. Write --set \(override.isEmpty ? "NAME" : override)=VALUE", report)
                continue
            }
            let key = String(override[..<equals]), text = String(override[override.index(after: equals)...])
            let path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard let name = path.first, !name.isEmpty, path.allSatisfy({ !$0.isEmpty }) else {
                fail(override, "'\(key)' is not a param name or dotted path. Write e.g. --set alpha=0.5 or --set model.depth=3", report)
                continue
            }
            guard let declared = params[name] else {
                let known = params.keys.sorted()
                let hint = nearest(to: name, in: known).map { "Did you mean '\($0)'?" }
                    ?? (known.isEmpty ? "The pipeline declares no params; add it under `params:` first" : "Declared params: \(known.joined(separator: ", "))")
                fail(override, "unknown param '\(name)'. \(hint)", report)
                continue
            }
            switch parse(text).flatMap({ replacing(in: declared, path: path.dropFirst(), with: $0, reached: name) }) {
            case .success(let updated): params[name] = updated
            case .failure(let problem): fail(override, problem.message, report)
            }
        }
    }

    private struct Problem: Error {
        package let message: String
    }

    private static func fail(_ override: String, _ message: String, _ report: DiagnosticCollector) {
        report.error("config.override", at: nil, "--set \(override): \(message)")
    }

    /// `base` with the value at `path` set (a missing key inside a map is added).
    private static func replacing(in base: JSONValue, path: ArraySlice<String>, with value: JSONValue, reached: String) -> Result<JSONValue, Problem> {
        guard let key = path.first else { return .success(value) }
        switch base {
        case .object(var members):
            return replacing(in: members[key] ?? .object([:]), path: path.dropFirst(), with: value, reached: reached + "." + key).map { updated in
                members[key] = updated
                return .object(members)
            }
        case .array(var items):
            guard let index = Int(key), items.indices.contains(index) else {
                return .failure(Problem(message: "param '\(reached)' is a list of \(items.count) item(s); '\(key)' is not one of its indexes. Use an index from 0 to \(max(0, items.count - 1)), or set the whole list"))
            }
            return replacing(in: items[index], path: path.dropFirst(), with: value, reached: reached + "." + key).map { updated in
                items[index] = updated
                return .array(items)
            }
        default:
            return .failure(Problem(message: "param '\(reached)' is \(base.typePhrase), not a map, so it has no '\(key)'. Set it whole: --set \(reached)=VALUE"))
        }
    }

    /// VALUE typed as a plain YAML scalar; `[...]`, `{...}` and quoted text read as YAML.
    private static func parse(_ text: String) -> Result<JSONValue, Problem> {
        // An empty value means an empty string: `--set suffix=` is how people clear text.
        if text.isEmpty { return .success(.string("")) }
        if let first = text.first, "[{\"'".contains(first) {
            let source = SourceText(text)
            let report = DiagnosticCollector(file: "--set", source: source)
            do throws(Diagnostic) {
                let document = try YAMLComposer.compose(source, file: "--set")
                guard let root = document.root, document.problems.isEmpty else {
                    return .failure(Problem(message: "VALUE '\(text)' is not valid: \(document.problems.first?.message ?? "it is empty"). Fix the value"))
                }
                var converter = YAMLToJSON(report: report, stage: nil)
                let value = converter.convert(root)
                if let problem = report.items.first {
                    return .failure(Problem(message: problem.message))
                }
                return .success(value)
            } catch {
                return .failure(Problem(message: "VALUE '\(text)' is not valid YAML. Check that its brackets and quotes are closed"))
            }
        }
        let typed = CoreSchemaValue.plain(text)
        guard let value = typed.json else {
            return .failure(Problem(message: "'\(text)' is not a number JSON can carry. Write a finite number"))
        }
        return .success(value)
    }
}
