import Foundation
import SluicePipeline
import SluiceSupport

/// A folder that holds templates, one per subfolder, and where it came from.
package struct TemplateFolder: Sendable, Equatable {
    package let path: String
    /// "--templates", "SLUICE_TEMPLATES" or "built-in", shown to users.
    package let origin: String
    /// The built-in folder may be absent; a folder a user names must exist.
    package let optional: Bool

    package init(path: String, origin: String, optional: Bool = false) {
        self.path = path
        self.origin = origin
        self.optional = optional
    }

    /// The search order: `--templates DIR`, each folder of `SLUICE_TEMPLATES`
    /// (`:`-separated), then the templates that come with sluice.
    package static func searchPath(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        installation: SluiceInstallation = .locate()
    ) -> [TemplateFolder] {
        var folders: [TemplateFolder] = []
        if let explicit { folders.append(TemplateFolder(path: explicit, origin: "--templates")) }
        for entry in (environment["SLUICE_TEMPLATES"] ?? "").split(separator: ":") where !entry.isEmpty {
            folders.append(TemplateFolder(path: String(entry), origin: "SLUICE_TEMPLATES"))
        }
        if let builtIn = installation.builtInTemplates {
            folders.append(TemplateFolder(path: builtIn, origin: "built-in", optional: true))
        }
        return folders
    }
}

/// A template found in a folder; its manifest may be broken, which only matters when it
/// is the one used (a broken template does not stop the others from working).
package struct FoundTemplate: Sendable {
    package let name: String
    /// The template's own folder (holding template.yaml and files/).
    package let folder: String
    package let origin: String
    package let manifest: TemplateManifest
}

/// Every template in the search path; a name found twice is taken from the first folder.
package struct TemplateCatalog: Sendable {
    package private(set) var templates: [FoundTemplate] = []
    /// Templates whose manifest cannot be read, by name.
    package private(set) var broken: [(name: String, folder: String, problems: Diagnostics)] = []
    /// Folders that were named but do not exist.
    package private(set) var problems: [SluiceError] = []
    package let searched: [TemplateFolder]

    package static func discover(_ folders: [TemplateFolder]) -> TemplateCatalog {
        var catalog = TemplateCatalog(searched: folders)
        var seen: Set<String> = []
        for folder in folders {
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
                if !folder.optional {
                    catalog.problems.append(SluiceError(.templateFolderMissing, at: folder.path, "template folder (from \(folder.origin)) does not exist or cannot be read. Check the path"))
                }
                continue
            }
            for name in entries.sorted() where !seen.contains(name) {
                let path = folder.path + "/" + name
                guard FileManager.default.fileExists(atPath: path + "/" + TemplateManifestReader.fileName) else { continue }
                seen.insert(name)
                do {
                    catalog.templates.append(FoundTemplate(name: name, folder: path, origin: folder.origin, manifest: try TemplateManifestReader.read(folder: path)))
                } catch {
                    catalog.broken.append((name, path, error))
                }
            }
        }
        return catalog
    }

    /// The template `name` of `kind`, or an error that lists what there is.
    package func template(_ name: String, kind: TemplateManifest.Kind) throws -> FoundTemplate {
        if let problem = problems.first { throw problem }
        if let broken = broken.first(where: { $0.name == name }) { throw broken.problems }
        if TemplatePath.climbsOut(name) || name.contains("/") {
            throw SluiceError(.scaffoldUnknownTemplate, at: "--template \(name)", "a template is named by its folder's name, without `/`. \(available(kind))")
        }
        guard let found = templates.first(where: { $0.name == name }) else {
            let guess = nearest(to: name, in: templates.filter { $0.manifest.kind == kind }.map(\.name)).map { "Did you mean '\($0)'? " } ?? ""
            throw SluiceError(.scaffoldUnknownTemplate, at: "--template \(name)", "no template named '\(name)'. \(guess)\(available(kind))")
        }
        guard found.manifest.kind == kind else {
            let command = found.manifest.kind == .plugin ? "sluice plugin new NAME --template \(name)" : "sluice new DIR --template \(name)"
            throw SluiceError(.scaffoldWrongKind, at: "--template \(name)", "'\(name)' is a \(found.manifest.kind.rawValue) template; use it with `\(command)`. \(available(kind))")
        }
        return found
    }

    /// "Templates: a (desc), b (desc). Looked in: ...".
    private func available(_ kind: TemplateManifest.Kind) -> String {
        let names = templates.filter { $0.manifest.kind == kind }.map(\.name)
        let looked = searched.map { "\($0.path) (\($0.origin))" }.joined(separator: ", ")
        if names.isEmpty {
            return "No \(kind.rawValue) templates were found (looked in: \(looked.isEmpty ? "nowhere: no built-in templates beside this sluice" : looked)). Give a folder with --templates DIR or SLUICE_TEMPLATES"
        }
        return "\(kind == .project ? "Project" : "Plugin") templates: \(names.joined(separator: ", ")) (`sluice new --list` describes them)"
    }
}
