import Foundation
import SluiceJSON

/// Files a stage reads because its config names them: top-level string properties its
/// schema marks `"format": "path"` (e.g. sluice.csv/load's `path`). They count in the
/// fingerprint as if listed under `deps`, so editing a data file reruns the stage that
/// loads it without the pipeline having to say so. Only project-relative paths that
/// exist when the pipeline is loaded, or that another stage writes (`outs`), count: a
/// missing file is the plugin's error to report, and a file outside the project is the
/// pipeline's to declare. Counting another stage's outs before they exist keeps the
/// fingerprint the same on the first run as on the next.
enum PathDependencies {
    static func find(config: JSONValue, schema: JSONValue, folder: URL, written: Set<String>) -> [String] {
        guard let properties = schema["properties"]?.objectMembers else { return [] }
        var paths: [String] = []
        for property in properties where property.value["format"]?.stringValue == "path" {
            guard let path = config[property.key]?.stringValue, !path.isEmpty, !path.hasPrefix("/"),
                  !path.split(separator: "/").contains("..") else { continue }
            if written.contains(path) || FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path) { paths.append(path) }
        }
        return paths
    }
}
