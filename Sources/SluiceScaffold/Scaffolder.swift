import Foundation
import SluiceSupport

/// Writes a template into a folder: every file planned and rendered first, so that a
/// template that cannot be rendered writes nothing, then written.
package enum Scaffolder {
    /// What was written, for the command to report.
    package struct Result: Sendable {
        /// Relative paths, in the manifest's order.
        package let files: [String]
        /// Files that existed and were replaced (only with `force`).
        package let replaced: [String]
    }

    /// Renders `template` with `context` into `target`. An existing non-empty `target` is
    /// refused unless `force`, which replaces the files the template writes and leaves
    /// every other file alone. `header` is the installed `sluice_abi.h`, for
    /// templates that copy it.
    package static func create(
        _ template: FoundTemplate, context: TemplateContext, into target: String, force: Bool, header: String?
    ) throws(SluiceError) -> Result {
        let manifest = template.manifest
        var planned: [(path: String, contents: Data, executable: Bool)] = []
        for file in manifest.files where file.condition?.holds(for: context.values) ?? true {
            let path = try targetPath(file, context: context)
            guard !planned.contains(where: { $0.path == path }) else {
                throw SluiceError(.templateDuplicateTarget, at: file.location.description, "two files of the template would be written to '\(path)'. Give them different `to:` paths, or conditions that exclude each other")
            }
            let source = template.folder + "/" + TemplateManifestReader.filesFolder + "/" + file.from
            guard let data = FileManager.default.contents(atPath: source) else {
                throw SluiceError(.templateMissingFile, at: source, "cannot read this template file. Check that it exists and is readable")
            }
            var contents = data
            if file.render {
                contents = Data(try TemplateRenderer.render(String(decoding: data, as: UTF8.self), context: context, file: source).utf8)
            }
            planned.append((path, contents, FileManager.default.isExecutableFile(atPath: source)))
        }
        if let copyHeader = manifest.copyHeader {
            guard let header, let data = FileManager.default.contents(atPath: header) else {
                throw SluiceError(.scaffoldNoHeader, at: header ?? template.folder, "the template copies sluice_abi.h, which was not found beside this sluice (installed: PREFIX/include/sluice/; checkout: Sources/CSluiceABI/include/). Install sluice with `make install`, or run it from the source checkout")
            }
            planned.append((copyHeader, data, false))
        }
        try checkTarget(target, force: force)

        var replaced: [String] = []
        for file in planned {
            let path = target + "/" + file.path
            if FileManager.default.fileExists(atPath: path) { replaced.append(file.path) }
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try file.contents.write(to: URL(fileURLWithPath: path))
                if file.executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
            } catch {
                throw SluiceError(.scaffoldCannotWrite, at: path, "cannot write this file: \(error.localizedDescription). Check that the folder is writable")
            }
        }
        return Result(files: planned.map(\.path), replaced: replaced)
    }

    /// The file's `to:` rendered, and refused if it leaves the new folder.
    private static func targetPath(_ file: TemplateFile, context: TemplateContext) throws(SluiceError) -> String {
        let rendered = try TemplateRenderer.render(file.to, context: context, file: file.location.description)
        switch TemplatePath.normalize(rendered) {
        case .success(let path):
            return path
        case .failure(let refusal):
            let code: SluiceError.Code = refusal == .parent || refusal == .absolute ? .templatePathTraversal : .templateBadTarget
            throw SluiceError(code, at: file.location.description, "the file '\(file.to)' would be written to '\(rendered)', which \(refusal.reason). Check the variables used in its name")
        }
    }

    /// Refuses to write into a folder that holds anything, unless forced; never into a file.
    private static func checkTarget(_ target: String, force: Bool) throws(SluiceError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw SluiceError(.scaffoldTargetExists, at: target, "is a file, not a folder. Choose another folder name")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: target)) ?? []
        if !entries.isEmpty, !force {
            throw SluiceError(.scaffoldTargetNotEmpty, at: target, "the folder exists and is not empty (\(entries.count) entr\(entries.count == 1 ? "y" : "ies")). Choose a new folder, or add --force to write the template's files into it (files with the same names are replaced, others are kept)")
        }
    }
}
