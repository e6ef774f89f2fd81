import Foundation
import Mustache
import SluicePipeline
import SluiceSupport

/// Reads a template's `template.yaml`, checking everything that can be checked before
/// rendering (keys, types, variable names, conditions, paths, that every listed file exists
/// and every file is listed) and reporting every problem at its `file:line:column`.
package enum TemplateManifestReader {
    package static let fileName = "template.yaml"
    /// The folder beside the manifest that holds the files the template writes.
    package static let filesFolder = "files"
    package static let topLevelKeys = ["version", "kind", "description", "next", "copy_header", "variables", "files"]
    package static let variableKeys = ["name", "type", "default", "prompt", "choices"]
    package static let fileKeys = ["from", "to", "when"]

    /// The manifest of the template in `folder`.
    package static func read(folder: String) throws(Diagnostics) -> TemplateManifest {
        let path = folder + "/" + fileName
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostics([Diagnostic("template.no-manifest", at: nil, "\(path) is missing or unreadable: every template folder needs a \(fileName) saying what it makes and which files it writes")])
        }
        let source = SourceText(String(decoding: data, as: UTF8.self))
        let document: ComposedDocument
        do {
            document = try YAMLComposer.compose(source, file: path)
        } catch {
            throw Diagnostics([error])
        }
        let report = DiagnosticCollector(file: path, source: source)
        report.add(document.problems)
        var reader = Reader(report: report, folder: folder)
        let manifest = reader.read(document.root)
        guard report.isEmpty, let manifest else { throw Diagnostics(report.sorted()) }
        return manifest
    }

    /// Reads one manifest; collects problems instead of stopping at the first.
    private struct Reader {
        package let report: DiagnosticCollector
        package let folder: String

        package mutating func read(_ root: YAMLNode?) -> TemplateManifest? {
            guard let root, let pairs = root.pairs else {
                report.error("template.manifest", at: root?.position ?? SourcePosition(line: 1, column: 1), "a template manifest is a map with `version: 1`, `kind`, `description` and `files`")
                return nil
            }
            var values: [String: YAMLPair] = [:]
            for pair in pairs {
                if Self.check(pair.key, in: topLevelKeys, at: pair.keyPosition, what: "top-level key", report: report) { values[pair.key] = pair }
            }
            for key in ["version", "kind", "description", "files"] where values[key] == nil {
                report.error("template.missing-key", at: root.position, "missing `\(key)`. A manifest needs `version: 1`, `kind: project|plugin`, `description` and `files`")
            }
            if let version = values["version"], version.value.scalar?.typed != .integer(1) {
                report.error("template.manifest", at: YAMLNode.place(of: version), "`version` must be 1, found \(version.value.summary). Write `version: 1`")
            }
            var kind: TemplateManifest.Kind?
            if let pair = values["kind"] {
                kind = text(pair).flatMap(TemplateManifest.Kind.init(rawValue:))
                if kind == nil {
                    report.error("template.manifest", at: YAMLNode.place(of: pair), "`kind` must be `project` or `plugin`, found \(pair.value.summary)")
                }
            }
            let description = values["description"].flatMap { requireText($0) } ?? ""
            let next = values["next"].flatMap { requireText($0) }
            let copyHeader = values["copy_header"].flatMap { requireText($0) }.flatMap { checkPath($0, at: values["copy_header"]!.value.position, field: "copy_header") }
            let variables = values["variables"].map { readVariables($0, kind: kind) } ?? []
            var known: [String: TemplateVariable.Kind] = [:]
            for name in kind?.builtInVariables ?? [] { known[name] = .string }
            for (name, choices) in kind?.builtInChoices ?? [:] { known[name] = .choice(choices) }
            for variable in variables { known[variable.name] = variable.kind }
            let files = values["files"].map { readFiles($0, known: known) } ?? []
            guard let kind else { return nil }
            return TemplateManifest(kind: kind, description: description, next: next, copyHeader: copyHeader, variables: variables, files: files)
        }

        // MARK: variables

        private func readVariables(_ pair: YAMLPair, kind: TemplateManifest.Kind?) -> [TemplateVariable] {
            guard let items = pair.value.items else {
                report.error("template.manifest", at: YAMLNode.place(of: pair), "`variables` must be a list of maps, each with `name`, `type` and `prompt`, found \(pair.value.summary)")
                return []
            }
            var variables: [TemplateVariable] = []
            for item in items {
                guard let variable = readVariable(item, kind: kind) else { continue }
                if variables.contains(where: { $0.name == variable.name }) {
                    report.error("template.manifest", at: item.position, "variable '\(variable.name)' is declared twice. Remove one of them")
                    continue
                }
                variables.append(variable)
            }
            return variables
        }

        private func readVariable(_ node: YAMLNode, kind: TemplateManifest.Kind?) -> TemplateVariable? {
            guard let pairs = fields(node, allowed: variableKeys, what: "variable") else { return nil }
            guard let namePair = pairs["name"], let name = requireText(namePair) else {
                if pairs["name"] == nil { report.error("template.missing-key", at: node.position, "this variable has no `name`. Add `name: NAME` ([a-z][a-z0-9_]*)") }
                return nil
            }
            guard TemplateVariable.isValidName(name) else {
                report.error("template.manifest", at: YAMLNode.place(of: namePair), "'\(name)' is not a valid variable name. Use lowercase letters, digits and '_', starting with a letter")
                return nil
            }
            if let kind, kind.builtInVariables.contains(name) {
                report.error("template.manifest", at: YAMLNode.place(of: namePair), "'\(name)' is set by `sluice` itself for \(kind.rawValue) templates (\(kind.builtInVariables.joined(separator: ", "))): use it without declaring it, or choose another name")
                return nil
            }
            let typeName = pairs["type"].flatMap { requireText($0) } ?? "string"
            var variableKind: TemplateVariable.Kind
            switch typeName {
            case "string": variableKind = .string
            case "bool": variableKind = .bool
            case "choice":
                guard let choicesPair = pairs["choices"], let items = choicesPair.value.items, !items.isEmpty,
                      case let choices = items.compactMap({ $0.scalar?.text }), choices.count == items.count
                else {
                    report.error("template.manifest", at: pairs["choices"].map(YAMLNode.place(of:)) ?? node.position, "choice variable '\(name)' needs `choices:`, a non-empty list of words")
                    return nil
                }
                variableKind = .choice(choices)
            default:
                report.error("template.manifest", at: YAMLNode.place(of: pairs["type"]!), "unknown variable type '\(typeName)'. Use string, bool or choice")
                return nil
            }
            if pairs["choices"] != nil, typeName != "choice" {
                report.error("template.manifest", at: pairs["choices"]!.keyPosition, "`choices` only applies to `type: choice`. Remove it or make '\(name)' a choice")
            }
            let prompt = pairs["prompt"].flatMap { requireText($0) } ?? name
            var defaultValue: String?
            if let pair = pairs["default"] {
                guard let text = pair.value.scalar?.text, !pair.value.isNull else {
                    report.error("template.manifest", at: YAMLNode.place(of: pair), "the default of '\(name)' must be a single value, found \(pair.value.summary)")
                    return nil
                }
                defaultValue = text
                let variable = TemplateVariable(name: name, kind: variableKind, defaultValue: nil, prompt: prompt)
                // A default that uses other variables is checked once they have values.
                if !text.contains("{{"), case .failure(let problem) = variable.value(from: text) {
                    report.error("template.manifest", at: YAMLNode.place(of: pair), "the default of '\(name)': \(problem.message)")
                }
            }
            return TemplateVariable(name: name, kind: variableKind, defaultValue: defaultValue, prompt: prompt)
        }

        // MARK: files

        private func readFiles(_ pair: YAMLPair, known: [String: TemplateVariable.Kind]) -> [TemplateFile] {
            guard let items = pair.value.items else {
                report.error("template.manifest", at: YAMLNode.place(of: pair), "`files` must be a list of entries such as `{from: sluice.yaml.mustache}`, found \(pair.value.summary)")
                return []
            }
            let files = items.compactMap { readFile($0, known: known) }
            // A file left out of the list would silently be missing from every project.
            // (A listed file refused for another reason has been reported already.)
            let listed = Set(items.compactMap { item in
                (item.scalar?.text ?? item.pairs?.first(where: { $0.key == "from" })?.value.scalar?.text)
                    .flatMap { try? TemplatePath.normalize($0).get() }
            })
            for unlisted in filesOnDisk() where !listed.contains(unlisted) {
                report.error("template.unlisted-file", at: pair.keyPosition, "\(TemplateManifestReader.filesFolder)/\(unlisted) is not listed under `files`. Add `- from: \(unlisted)`, or delete the file")
            }
            return files
        }

        private func readFile(_ node: YAMLNode, known: [String: TemplateVariable.Kind]) -> TemplateFile? {
            let location = SourceLocation(file: report.file, line: node.position.line, column: node.position.column)
            if let text = node.scalar?.text, !node.isNull {
                guard let from = checkSource(text, at: node.position) else { return nil }
                return TemplateFile(from: from, to: Self.defaultTarget(from), render: from.hasSuffix(".mustache"), condition: nil, location: location)
            }
            guard let pairs = fields(node, allowed: fileKeys, what: "file entry") else { return nil }
            guard let fromPair = pairs["from"] else {
                report.error("template.missing-key", at: node.position, "this file entry has no `from`. Name a file in the template's \(TemplateManifestReader.filesFolder)/ folder")
                return nil
            }
            guard let fromText = requireText(fromPair), let from = checkSource(fromText, at: fromPair.value.position) else { return nil }
            var to = Self.defaultTarget(from)
            if let toPair = pairs["to"], let text = requireText(toPair) {
                to = text
                checkTarget(text, at: toPair.value.position, known: known)
            }
            var condition: TemplateCondition?
            if let whenPair = pairs["when"], let text = requireText(whenPair) {
                condition = readCondition(text, at: whenPair.value.position, known: known)
            }
            return TemplateFile(from: from, to: to, render: from.hasSuffix(".mustache"), condition: condition, location: location)
        }

        private static func defaultTarget(_ from: String) -> String {
            from.hasSuffix(".mustache") ? String(from.dropLast(".mustache".count)) : from
        }

        /// A `from` path: inside `files/`, existing, and not a link that leads out of it.
        private func checkSource(_ text: String, at position: SourcePosition) -> String? {
            guard let path = checkPath(text, at: position, field: "from") else { return nil }
            let filesRoot = URL(fileURLWithPath: folder + "/" + TemplateManifestReader.filesFolder).resolvingSymlinksInPath().path
            let full = URL(fileURLWithPath: filesRoot + "/" + path).resolvingSymlinksInPath().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else {
                report.error("template.missing-file", at: position, "\(TemplateManifestReader.filesFolder)/\(path) does not exist (or is a folder). List files only, relative to the template's \(TemplateManifestReader.filesFolder)/ folder")
                return nil
            }
            guard full.hasPrefix(filesRoot + "/") else {
                report.error("template.path-traversal", at: position, "\(TemplateManifestReader.filesFolder)/\(path) is a link to \(full), outside the template. Copy the file into the template instead")
                return nil
            }
            return path
        }

        /// A `to` path: its Mustache must parse, name known variables only, and the text
        /// around the tags must not climb out of the new folder.
        private func checkTarget(_ text: String, at position: SourcePosition, known: [String: TemplateVariable.Kind]) {
            if TemplatePath.climbsOut(text) || text.hasPrefix("/") {
                report.error("template.path-traversal", at: position, "'\(text)' leaves the new folder (`..` or an absolute path). Write a path relative to the new folder")
                return
            }
            do {
                _ = try MustacheTemplate(string: text)
            } catch {
                report.error("template.manifest", at: position, "'\(text)' is not a valid Mustache path template: \(TemplateRenderer.describe(error))")
                return
            }
            for name in Self.tagNames(in: text) where known[name] == nil && !Self.isChoiceFlag(name, known: known) {
                report.error("template.unknown-variable", at: position, "'\(text)' uses {{\(name)}}, which is not a variable of this template. Known: \(known.keys.sorted().joined(separator: ", "))")
            }
        }

        private func readCondition(_ text: String, at position: SourcePosition, known: [String: TemplateVariable.Kind]) -> TemplateCondition? {
            switch TemplateCondition.parse(text) {
            case .failure(let problem):
                report.error("template.bad-condition", at: position, "cannot read the condition '\(text)': \(problem.message)")
                return nil
            case .success(let condition):
                for atom in condition.atoms {
                    guard let kind = known[atom.variable] else {
                        let hint = nearest(to: atom.variable, in: Array(known.keys)).map { " Did you mean '\($0)'?" } ?? " Known: \(known.keys.sorted().joined(separator: ", "))"
                        report.error("template.unknown-variable", at: position, "the condition '\(text)' uses '\(atom.variable)', which is not a variable of this template.\(hint)")
                        continue
                    }
                    switch (atom, kind) {
                    case (.equals(_, let value), .choice(let choices)), (.differs(_, let value), .choice(let choices)):
                        if !choices.contains(value) {
                            report.error("template.bad-condition", at: position, "the condition '\(text)' compares '\(atom.variable)' with '\(value)', which is not one of its choices (\(choices.joined(separator: ", ")))")
                        }
                    default:
                        break
                    }
                }
                return condition
            }
        }

        // MARK: helpers

        private func checkPath(_ text: String, at position: SourcePosition, field: String) -> String? {
            switch TemplatePath.normalize(text) {
            case .success(let path):
                return path
            case .failure(let refusal):
                let code = refusal == .parent || refusal == .absolute ? "template.path-traversal" : "template.manifest"
                report.error(code, at: position, "`\(field)` '\(text)' \(refusal.reason). Use a path inside the template")
                return nil
            }
        }

        /// Every file under `files/`, as relative paths.
        private func filesOnDisk() -> [String] {
            let root = folder + "/" + TemplateManifestReader.filesFolder
            guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
            var paths: [String] = []
            while let path = enumerator.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                    paths.append(path)
                }
            }
            return paths.sorted()
        }

        private func fields(_ node: YAMLNode, allowed: [String], what: String) -> [String: YAMLPair]? {
            guard let pairs = node.pairs else {
                report.error("template.manifest", at: node.position, "a \(what) must be a map (\(allowed.joined(separator: ", "))), found \(node.summary)")
                return nil
            }
            var result: [String: YAMLPair] = [:]
            for pair in pairs where Self.check(pair.key, in: allowed, at: pair.keyPosition, what: "key in a \(what)", report: report) {
                result[pair.key] = pair
            }
            return result
        }

        private func text(_ pair: YAMLPair) -> String? {
            pair.value.isNull ? nil : pair.value.scalar?.text
        }

        private func requireText(_ pair: YAMLPair) -> String? {
            guard let value = text(pair), !value.isEmpty else {
                report.error("template.manifest", at: YAMLNode.place(of: pair), "`\(pair.key)` must be text, found \(pair.value.summary)")
                return nil
            }
            return value
        }

        /// Reports an unknown key (with a guess); true when the key is known.
        private static func check(_ key: String, in allowed: [String], at position: SourcePosition, what: String, report: DiagnosticCollector) -> Bool {
            guard !allowed.contains(key) else { return true }
            let hint = nearest(to: key, in: allowed).map { "Did you mean '\($0)'?" } ?? "Use: \(allowed.joined(separator: ", "))"
            report.error("template.unknown-key", at: position, "unknown \(what) '\(key)'. \(hint)")
            return false
        }

        /// The names inside `{{ }}` tags (sections and inverted sections included).
        package static func tagNames(in text: String) -> [String] {
            var names: [String] = []
            var rest = Substring(text)
            while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
                let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: CharacterSet(charactersIn: " #^/&{}"))
                if !name.isEmpty { names.append(name) }
                rest = rest[close.upperBound...]
            }
            return names
        }

        /// `kind_trainer`: the flag form of a choice's value (see `TemplateContext`).
        private static func isChoiceFlag(_ name: String, known: [String: TemplateVariable.Kind]) -> Bool {
            known.contains { variable, kind in
                guard case .choice(let choices) = kind else { return false }
                return choices.contains { name == variable + "_" + $0 }
            }
        }
    }
}
