import ArgumentParser
import Foundation
import SluiceScaffold
import SluiceSupport

/// `sluice new DIR`: a project from a template that runs green at once.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a project from a template: a pipeline, a small dataset, plugins/ and a README.",
        discussion: "Templates are searched in --templates DIR, then SLUICE_TEMPLATES, then the templates that come with sluice. Plugin templates are used by `sluice plugin new`."
    )

    @Argument(help: "The folder to create.") var directory: String?
    @Option(help: "The template to use (`sluice new --list` shows them).") var template = "regression"
    @Option(help: "The project's name (default: the folder's name).") var name: String?
    @Flag(help: "List the templates and what each makes, then stop.") var list = false
    @OptionGroup var options: ScaffoldOptions

    func run() throws {
        try reportingErrors {
            let catalog = options.catalog()
            if list { return try listTemplates(catalog) }
            guard let directory else {
                throw SluiceError(.cliMissingArgument, at: "sluice new", "name the folder to create, e.g. `sluice new house-prices` (or `sluice new --list` for the templates)")
            }
            let found = try catalog.template(template, kind: .project)
            let projectName = name ?? URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
            try ScaffoldNames.checkProject(projectName, source: name == nil ? "the folder name (give --name NAME to choose another)" : "--name")
            let builtIns: [String: TemplateValue] = [
                "name": .string(projectName),
                "sluice_version": .string(Sluice.configuration.version),
            ]
            try options.scaffold(found, builtIns: builtIns, into: directory, what: "project '\(projectName)'")
        }
    }

    private func listTemplates(_ catalog: TemplateCatalog) throws {
        var rows = [["TEMPLATE", "KIND", "FROM", "DESCRIPTION"]]
        for found in catalog.templates {
            rows.append([found.name, found.manifest.kind.rawValue, found.origin, found.manifest.description])
        }
        print(catalog.templates.isEmpty ? "no templates found" : formatTable(rows))
        print("searched: " + (catalog.searched.isEmpty ? "no folder (no built-in templates beside this sluice)" : catalog.searched.map { "\($0.path) (\($0.origin))" }.joined(separator: ", ")))
        for problem in catalog.problems { printError(problem.description) }
        for broken in catalog.broken { printError(broken.problems.description) }
        if !catalog.problems.isEmpty || !catalog.broken.isEmpty { throw ExitCode(ExitStatus.configError.rawValue) }
    }
}

/// Options `sluice new` and `sluice plugin new` share, and the steps after choosing a template.
struct ScaffoldOptions: ParsableArguments {
    @Option(name: .customLong("var"), help: "KEY=VALUE: a template variable (repeatable).") var variables: [String] = []
    @Flag(help: "Write into a folder that is not empty, replacing files with the same names.") var force = false
    @Flag(help: "Use every variable's default without asking, even at a terminal.") var defaults = false
    @Option(help: "A folder of templates to search first.") var templates: String?

    func catalog() -> TemplateCatalog {
        TemplateCatalog.discover(TemplateFolder.searchPath(explicit: templates))
    }

    /// Resolves the variables, writes the files and says what to do next.
    func scaffold(_ template: FoundTemplate, builtIns: [String: TemplateValue], into directory: String, what: String) throws {
        let given = try TemplateValues.parseAssignments(variables)
        // Questions only for a person at a terminal; scripts and CI get the defaults.
        var ask: TemplateValues.Prompter?
        if !defaults, isatty(STDIN_FILENO) != 0 { ask = Self.prompt }
        let context = try TemplateValues.resolve(template.manifest, template: template.name, builtIns: builtIns, given: given, prompter: ask)
        let result = try Scaffolder.create(template, context: context, into: directory, force: force, header: SluiceInstallation.locate().header)
        print("created \(what) from template '\(template.name)' in \(directory)/:")
        for file in result.files {
            print("  " + file + (result.replaced.contains(file) ? "  (replaced)" : ""))
        }
        if let next = template.manifest.next {
            print("next:\n  cd \(Self.shellQuoted(directory)) && \(next)")
        }
    }

    /// Asks at the terminal until the answer fits; an empty answer (or end of input)
    /// keeps the default.
    private static func prompt(_ variable: TemplateVariable, _ fallback: String?) -> String? {
        var question = variable.prompt
        if case .choice(let choices) = variable.kind { question += " (\(choices.joined(separator: "/")))" }
        if case .bool = variable.kind { question += " (yes/no)" }
        while true {
            print(question + (fallback.map { " [\($0)]" } ?? "") + ": ", terminator: "")
            fflush(nil)  // the question has no line break, so stdout's buffer holds it
            guard let answer = readLine()?.trimmingCharacters(in: .whitespaces), !answer.isEmpty else { return nil }
            guard case .failure(let problem) = variable.value(from: answer) else { return answer }
            print("  " + problem.message)
        }
    }

    private static func shellQuoted(_ path: String) -> String {
        path.allSatisfy { $0.isLetter || $0.isNumber || "-_./".contains($0) } ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
