import SluiceJSON
import SluiceSupport
/// Converts YAML values (params, a stage's `with`) to JSON, remembering where each JSON
/// Pointer's value was written so that later problems (a schema violation at
/// `/repeat`) can point at the right line.
package struct YAMLToJSON {
    package let report: DiagnosticCollector
    package let stage: String?
    /// Replaces each string scalar (used for `${...}`); returns nil after reporting a problem.
    package var replaceString: ((String, YAMLNode) -> JSONValue?)?
    /// JSON Pointer → where that value is written.
    private(set) var positions: [String: SourcePosition] = [:]
    /// Whether a problem was reported (the result then holds nulls in its place).
    private(set) var failed = false

    package init(report: DiagnosticCollector, stage: String?, replaceString: ((String, YAMLNode) -> JSONValue?)? = nil) {
        self.report = report
        self.stage = stage
        self.replaceString = replaceString
    }

    package mutating func convert(_ node: YAMLNode, at pointer: String = "", position: SourcePosition? = nil) -> JSONValue {
        positions[pointer] = position ?? node.position
        switch node.content {
        case .sequence(let items):
            return .array(items.enumerated().map { index, item in convert(item, at: pointer + "/\(index)") })
        case .mapping(let pairs):
            var members: [String: JSONValue] = [:]
            for pair in pairs {
                members[pair.key] = convert(pair.value, at: pointer + "/" + Self.escape(pair.key), position: YAMLNode.place(of: pair))
            }
            return .object(members)
        case .scalar(let scalar):
            if case .string(let text) = scalar.typed, let replaceString {
                guard let value = replaceString(text, node) else {
                    failed = true
                    return .null
                }
                return value
            }
            if let value = scalar.typed.json { return value }
            failed = true
            if case .mistagged(let tag) = scalar.typed {
                report.error("config.wrong-type", at: node.position, stage: stage, "'\(scalar.text)' is not a valid \(tag). Fix the value or remove the tag")
            } else {
                report.error("config.wrong-type", at: node.position, stage: stage, "'\(scalar.text)' is not a number JSON can carry, so no stage can receive it. Write a finite number, or quote it (\"\(scalar.text)\") to pass the text")
            }
            return .null
        }
    }

    /// RFC 6901 escaping of one reference token.
    package static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
