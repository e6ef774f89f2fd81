import Foundation

/// A runnable example of a stage (ABI 1.1 `sluice_stage_v1.examples`): a config,
/// inputs, and what the run must give. The host checks it when it loads the plugin, and
/// `sluice plugins check` runs it, so an example is also a test of the stage.
///
/// ```swift
/// static var examples: [StageExample] {
///     [StageExample("doubles x", config: .object([("factor", .integer(2))]),
///                   inputs: ["data": .table(["x": .float64([1.5, 2, nil])])],
///                   expectOutputs: ["data"])]
/// }
/// ```
public struct StageExample: Sendable {
    /// What an example puts on an input port.
    public enum Input: Sendable {
        /// A table, column name → values, in the order given.
        case table(KeyValuePairs<String, ExampleColumn>)
        /// Text with a media type (a report, a small model...).
        case text(String, mediaType: String)
        /// Bytes with a media type.
        case bytes([UInt8], mediaType: String)
    }

    public var name: String
    public var config: JSONValue
    public var inputs: [(port: String, input: Input)]
    /// "ok", or the status the stage must fail with, as sluice_status names it in
    /// lowercase without the prefix ("invalid_config", "invalid_input", ...).
    public var expectStatus: String
    /// The output ports the run must write (nil: not checked).
    public var expectOutputs: [String]?

    public init(_ name: String, config: JSONValue = .object(JSONObject()), inputs: KeyValuePairs<String, Input> = [:],
                expectStatus: String = "ok", expectOutputs: [String]? = nil) {
        self.name = name
        self.config = config
        self.inputs = inputs.map { ($0.key, $0.value) }
        self.expectStatus = expectStatus
        self.expectOutputs = expectOutputs
    }

    /// The example as the protocol's JSON.
    var json: JSONValue {
        var expect: [(String, JSONValue)] = [("status", .string(expectStatus))]
        if let expectOutputs { expect.append(("outputs", .array(expectOutputs.map(JSONValue.string)))) }
        return .object([
            ("name", .string(name)), ("config", config),
            ("inputs", .object(JSONObject(inputs.map { ($0.port, $0.input.json) }))),
            ("expect", .object(JSONObject(expect))),
        ])
    }
}

/// The values of one column of an example table; nil is a missing value.
public enum ExampleColumn: Sendable {
    case float64([Double?])
    case int64([Int64?])
    case utf8([String?])
    case bool([Bool?])
}

extension StageExample.Input {
    var json: JSONValue {
        switch self {
        case .table(let columns):
            var values: [(String, JSONValue)] = [], types: [(String, JSONValue)] = []
            for (name, column) in columns {
                let (list, type): ([JSONValue], String) = switch column {
                case .float64(let v): (v.map { $0.map(JSONValue.number) ?? .null }, "float64")
                case .int64(let v): (v.map { $0.map(JSONValue.integer) ?? .null }, "int64")
                case .utf8(let v): (v.map { $0.map(JSONValue.string) ?? .null }, "utf8")
                case .bool(let v): (v.map { $0.map(JSONValue.bool) ?? .null }, "bool")
                }
                values.append((name, .array(list)))
                types.append((name, .string(type)))
            }
            // Types always written: the host then never has to guess (int64, all-null columns).
            return .object([("columns", .object(JSONObject(values))), ("types", .object(JSONObject(types)))])
        case .text(let text, let mediaType):
            return .object([("media_type", .string(mediaType)), ("text", .string(text))])
        case .bytes(let bytes, let mediaType):
            return .object([("media_type", .string(mediaType)), ("base64", .string(Data(bytes).base64EncodedString()))])
        }
    }
}
