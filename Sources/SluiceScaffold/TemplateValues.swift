import SluiceSupport
/// Gives every variable of a template its value: given on the command line (`--var`),
/// typed at a terminal, or its default, in the order the manifest declares them (so a
/// default may use the variables before it).
package struct TemplateValues {
    /// Asks a person for a value: the variable and its default; nil keeps the default.
    package typealias Prompter = (TemplateVariable, String?) -> String?

    /// `KEY=VALUE` texts from the command line, checked for form.
    package static func parseAssignments(_ assignments: [String]) throws(SluiceError) -> [String: String] {
        var given: [String: String] = [:]
        for assignment in assignments {
            let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw SluiceError(.scaffoldBadVar, at: "--var \(assignment)", "expected KEY=VALUE, e.g. --var min_r2=0.4")
            }
            given[parts[0]] = parts[1]
        }
        return given
    }

    /// The values for `manifest`'s variables plus `builtIns`.
    package static func resolve(
        _ manifest: TemplateManifest, template: String, builtIns: [String: TemplateValue],
        given: [String: String], prompter: Prompter?
    ) throws(SluiceError) -> TemplateContext {
        let declared = manifest.variables.map(\.name)
        for name in given.keys.sorted() where !declared.contains(name) {
            if builtIns[name] != nil {
                throw SluiceError(.scaffoldBadVar, at: "--var \(name)", "'\(name)' is set by the command itself, not by --var (for `name`, use --name or the folder's name)")
            }
            let list = declared.isEmpty ? "it has none" : "it has: \(declared.joined(separator: ", "))"
            throw SluiceError(.scaffoldBadVar, at: "--var \(name)", "the template '\(template)' has no variable '\(name)'; \(list)")
        }
        var choices = manifest.kind.builtInChoices
        var values = builtIns
        for variable in manifest.variables {
            if case .choice(let options) = variable.kind { choices[variable.name] = options }
            let context = TemplateContext(values: values, choices: choices)
            let fallback = try variable.defaultValue.map { text throws(SluiceError) in
                try TemplateRenderer.render(text, context: context, file: "default of '\(variable.name)'")
            }
            var text = given[variable.name]
            var source = "--var \(variable.name)"
            if text == nil, let prompter {
                text = prompter(variable, fallback)
                source = "the answer for '\(variable.name)'"
            }
            if text == nil {
                text = fallback
                source = "the default of '\(variable.name)' in template '\(template)'"
            }
            guard let text else {
                throw SluiceError(.scaffoldMissingVar, at: template, "the template needs a value for '\(variable.name)' (\(variable.prompt)), and it has no default. Give it with --var \(variable.name)=VALUE")
            }
            switch variable.value(from: text) {
            case .success(let value): values[variable.name] = value
            case .failure(let problem): throw SluiceError(.scaffoldBadVar, at: source, problem.message)
            }
        }
        return TemplateContext(values: values, choices: choices)
    }
}
