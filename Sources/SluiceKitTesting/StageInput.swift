import SluiceKit

/// A value on one input port of the stage under test.
public enum StageInput: Sendable {
    /// A table, for a table port.
    case table(Table)
    /// A table given as its columns (and metadata, such as `Table.targetKey`), for a table port.
    case columns([Column], metadata: [String: String] = [:])
    /// Bytes with their media type, for a model, report or blob port.
    case bytes([UInt8], mediaType: String)

    /// UTF-8 text, for a blob port.
    public static func text(_ text: String, mediaType: String = "text/plain; charset=utf-8") -> StageInput {
        .bytes(Array(text.utf8), mediaType: mediaType)
    }

    /// A JSON document, for a report port.
    public static func json(_ value: JSONValue) -> StageInput {
        .bytes(Array(value.text.utf8), mediaType: "application/json")
    }

    /// A trainer's model output (or a fitted transform) passed on, bytes and media type.
    public static func output(_ output: OutputBytes) -> StageInput {
        .bytes(output.bytes, mediaType: output.mediaType)
    }
}
