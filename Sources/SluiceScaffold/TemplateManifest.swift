import SluicePipeline
/// What a template's `template.yaml` says: what the template makes, the values it asks
/// for, and which files it writes where. Read by `TemplateManifestReader`.
package struct TemplateManifest: Sendable {
    /// What a template makes: a project (`sluice new`) or a plugin (`sluice plugin new`).
    package enum Kind: String, Sendable, CaseIterable {
        case project
        case plugin

        /// Variables the command sets itself; a manifest may use but not declare them.
        package var builtInVariables: [String] {
            switch self {
            case .project: ["name", "sluice_version"]
            case .plugin: ["name", "sluice_version", "plugin_id", "module", "c_name", "kind", "kind_type", "kind_constant", "sdk_path", "sdk_package"]
            }
        }

        /// The fixed choices of built-in variables, so conditions on them can be checked.
        package var builtInChoices: [String: [String]] {
            switch self {
            case .project: [:]
            case .plugin: ["kind": StageKindName.all]
            }
        }
    }

    package let kind: Kind
    /// One line for `sluice new --list`.
    package let description: String
    /// The command to run in the new folder afterwards (`sluice run`, `swift build`).
    package let next: String?
    /// Where in the new folder to put a copy of the installed `sluice_abi.h`, if anywhere.
    package let copyHeader: String?
    package let variables: [TemplateVariable]
    package let files: [TemplateFile]
}

/// One file a template writes.
package struct TemplateFile: Sendable {
    /// Relative to the template's `files/` folder.
    package let from: String
    /// Where it goes in the new folder: a Mustache template of a relative path.
    package let to: String
    /// Rendered with Mustache (names ending in `.mustache`) or copied byte for byte.
    package let render: Bool
    /// Written only when this holds.
    package let condition: TemplateCondition?
    /// Where the entry is in `template.yaml`, for errors found while rendering.
    package let location: SourceLocation
}

/// The stage kinds, by the names the protocol and `--kind` use.
package enum StageKindName {
    package static let all = ["loader", "transformer", "trainer", "tester", "deployer", "monitor"]
}
