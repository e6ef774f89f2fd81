import SluiceJSON

/// A runnable example a stage declares (sluice_stage_v1.examples, ABI 1.1): a config,
/// inputs, and what running it must give. The conformance kit runs them; the host
/// checks their shape when it loads the plugin (see StageExample+Parse.swift).
package struct StageExample: Sendable, Equatable {
    package let name: String
    /// The stage's `with`, as JSON (an object).
    package let config: JSONValue
    /// By input port name.
    package let inputs: [String: Input]
    package let expect: Expectation

    /// What an example puts on one input port.
    package enum Input: Sendable, Equatable {
        /// A table, its columns in the order written.
        case table([Column])
        /// Bytes with a media type (given as UTF-8 text or as base64).
        case bytes(mediaType: String, [UInt8])
    }

    /// One column of an example table; nil is a missing value.
    package struct Column: Sendable, Equatable {
        package let name: String
        package let values: Values

        package init(name: String, values: Values) {
            self.name = name
            self.values = values
        }
    }

    package enum Values: Sendable, Equatable {
        case float64([Double?])
        case int64([Int64?])
        case utf8([String?])
        case bool([Bool?])

        package var count: Int {
            switch self {
            case .float64(let values): values.count
            case .int64(let values): values.count
            case .utf8(let values): values.count
            case .bool(let values): values.count
            }
        }

        package var typeName: String {
            switch self {
            case .float64: "float64"
            case .int64: "int64"
            case .utf8: "utf8"
            case .bool: "bool"
            }
        }
    }

    /// What the run must give: a status ("ok" or a sluice_status name such as
    /// "invalid_config") and, when listed, the output ports it must write.
    package struct Expectation: Sendable, Equatable {
        package let status: String
        package let outputs: [String]?

        package init(status: String, outputs: [String]?) {
            self.status = status
            self.outputs = outputs
        }
    }

    /// The status names an expectation may use, as sluice_status spells them.
    package static let statusNames = [
        "ok", "invalid_argument", "invalid_config", "invalid_input", "failed", "cancelled", "unsupported",
        "not_found", "out_of_memory", "gate_failed", "io", "internal",
    ]
}
