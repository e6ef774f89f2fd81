/// Paths inside a template's folder and inside the folder being created. Both come from
/// text someone else wrote (a manifest, a `--var` value), so every one is checked to stay
/// inside its folder before anything is read or written.
package enum TemplatePath {
    /// `path` as clean relative components ("a/./b" is "a/b"), or why it is refused:
    /// absolute paths, `..` components, empty paths and empty components.
    package static func normalize(_ path: String) -> Result<String, Refusal> {
        if path.isEmpty { return .failure(.empty) }
        if path.hasPrefix("/") || path.hasPrefix("~") { return .failure(.absolute) }
        if path.contains("\0") { return .failure(.badCharacter) }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            switch part {
            case "..": return .failure(.parent)
            case ".": continue
            case "": return .failure(.emptyComponent)
            default: parts.append(part)
            }
        }
        if parts.isEmpty { return .failure(.empty) }
        return .success(parts.joined(separator: "/"))
    }

    /// Whether `text` holds a `..` path component (`../x`, `a/..`, `..` alone), with `/` or
    /// `\` as the separator: a value that would climb out of the folder once used in a path.
    package static func climbsOut(_ text: String) -> Bool {
        text.split(whereSeparator: { $0 == "/" || $0 == "\\" }).contains { $0 == ".." }
    }

    /// Why a path is refused, as the end of a sentence that starts with the path.
    package enum Refusal: Error, Equatable {
        case empty, absolute, parent, emptyComponent, badCharacter

        package var reason: String {
            switch self {
            case .empty: "is empty"
            case .absolute: "is absolute; template paths are relative to their folder"
            case .parent: "contains `..`, which would leave the folder"
            case .emptyComponent: "contains an empty component (`//` or a trailing `/`)"
            case .badCharacter: "contains a NUL character"
            }
        }
    }
}
