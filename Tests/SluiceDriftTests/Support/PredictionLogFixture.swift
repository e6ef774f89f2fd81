import Foundation
import SluiceSupport
import SluiceTestSupport

/// A value in a logged column.
enum LogCell: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByNilLiteral {
    case number(Double), integer(Int), text(String), flag(Bool), null

    init(floatLiteral value: Double) { self = .number(value) }
    init(integerLiteral value: Int) { self = .integer(value) }
    init(stringLiteral value: String) { self = .text(value) }
    init(booleanLiteral value: Bool) { self = .flag(value) }
    init(nilLiteral: ()) { self = .null }

    /// As `sluice serve` writes it: doubles in Swift's shortest form ("1200.0"), int64
    /// columns as integers, strings JSON-escaped, NaN as null.
    var json: String {
        switch self {
        case .number(let value): value.isFinite ? value.description : "null"
        case .integer(let value): String(value)
        case .text(let value): LogCell.quote(value)
        case .flag(let value): value ? "true" : "false"
        case .null: "null"
        }
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Writes prediction logs in the format of Sources/SluiceServe/PredictionLog.md into a
/// temporary project: `PROJECT/.sluice/predictions/MODEL/predictions-*.jsonl`.
struct PredictionLogFixture {
    let project: TemporaryFolder
    var directory: String { project.path + "/.sluice/predictions" }

    init() throws {
        project = try TemporaryFolder()
    }

    /// One request's line (without the newline), fields in the writer's order.
    static func line(time: Date, model: String = "house", version: String = "1", endpoint: String = "invocations",
                     requestID: String? = nil, inputs: KeyValuePairs<String, [LogCell]>,
                     outputs: KeyValuePairs<String, [LogCell]>) -> String {
        func columns(_ pairs: KeyValuePairs<String, [LogCell]>) -> String {
            "{" + pairs.map { "\(LogCell.quote($0.key)):[\($0.value.map(\.json).joined(separator: ","))]" }.joined(separator: ",") + "}"
        }
        let rows = inputs.first?.value.count ?? outputs.first?.value.count ?? 0
        var text = "{\"time\":\(LogCell.quote(timestamp(time))),\"model\":\(LogCell.quote(model)),\"version\":\(LogCell.quote(version)),\"endpoint\":\(LogCell.quote(endpoint))"
        if let requestID { text += ",\"request_id\":\(LogCell.quote(requestID))" }
        text += ",\"rows\":\(rows),\"inputs\":\(columns(inputs)),\"outputs\":\(columns(outputs))}"
        return text
    }

    /// RFC 3339, UTC, milliseconds: 2026-11-26T18:04:05.123Z.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// Writes `lines` (each followed by a newline) and then `torn`, an unfinished line
    /// without one, to `file` of `model`'s folder. Returns the file's path.
    @discardableResult
    func write(model: String = "house", file: String = "predictions-20260101T000000Z-0001.jsonl", _ lines: [String],
               torn: String? = nil, modified: Date? = nil) throws -> String {
        let folder = directory + "/" + model
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + file
        let text = lines.map { $0 + "\n" }.joined() + (torn ?? "")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        if let modified { try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path) }
        return path
    }

    func remove() { project.remove() }
}
