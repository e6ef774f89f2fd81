import Foundation

/// Pieces of the Prometheus text exposition format (0.0.4) shared by the server's
/// metric families.
enum PrometheusText {
    /// Label values escape backslash, double quote and line feed.
    static func escape(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        return value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// `name="value",...` with the values escaped.
    static func labels(_ pairs: KeyValuePairs<String, String>) -> String {
        pairs.map { "\($0.key)=\"\(escape($0.value))\"" }.joined(separator: ",")
    }

    /// The HELP and TYPE lines that start a family.
    static func family(_ name: String, _ type: String, _ help: String) -> String {
        "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }
}
