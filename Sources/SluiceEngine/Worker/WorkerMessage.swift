import SluiceJSON
import SluiceSupport

/// How errors and stage events travel between a worker and the host, as JSON.
package enum WorkerMessage {
    /// `message` (an object) with `key` set to `value`.
    package static func setting(_ key: String, _ value: JSONValue, in message: JSONValue) -> JSONValue {
        guard case .object(var members) = message else { return message }
        members[key] = value
        return .object(members)
    }

    package static func encode(_ error: SluiceError) -> JSONValue {
        .object(["code": .string(error.code.id), "kind": .string(kindName(error.kind)), "at": .string(error.location), "message": .string(error.message)])
    }

    package static func decodeError(_ value: JSONValue?) -> SluiceError {
        guard let value, let id = value["code"]?.stringValue, let message = value["message"]?.stringValue else {
            return SluiceError(.workerChannel, "the plugin worker reported a failure without saying what it was")
        }
        let kind = kind(named: value["kind"]?.stringValue ?? "")
        return SluiceError(SluiceError.Code(id, kind: kind), at: value["at"]?.stringValue ?? "", message, kind: kind)
    }

    package static func encode(_ event: StageEvent) -> JSONValue {
        switch event {
        case .log(let level, let message):
            .object(["op": .string("event"), "log": .number(Double(level.rawValue)), "message": .string(message)])
        case .metric(let name, let value, let step):
            // NaN and infinities are not JSON: they travel as text.
            .object(["op": .string("event"), "metric": .string(name), "value": value.isFinite ? .number(value) : .string(String(value)),
                     "step": step.map { .number(Double($0)) } ?? .null])
        case .param(let name, let json):
            .object(["op": .string("event"), "param": .string(name), "json": .string(json)])
        case .progress(let fraction, let message):
            .object(["op": .string("event"), "progress": fraction.map(JSONValue.number) ?? .null, "message": message.map(JSONValue.string) ?? .null])
        }
    }

    package static func decodeEvent(_ value: JSONValue) -> StageEvent? {
        if let level = value["log"]?.doubleValue {
            return .log(LogLevel(protocolValue: Int32(level)), value["message"]?.stringValue ?? "")
        }
        if let name = value["metric"]?.stringValue {
            let number = value["value"]?.doubleValue ?? value["value"]?.stringValue.flatMap(Double.init) ?? .nan
            return .metric(name: name, value: number, step: value["step"]?.doubleValue.map { Int64($0) })
        }
        if let name = value["param"]?.stringValue {
            return .param(name: name, json: value["json"]?.stringValue ?? "null")
        }
        if value["progress"] != nil {
            return .progress(fraction: value["progress"]?.doubleValue, message: value["message"]?.stringValue)
        }
        return nil
    }

    private static func kindName(_ kind: SluiceError.Kind) -> String {
        switch kind {
        case .usage: "usage"
        case .config: "config"
        case .failure: "failure"
        case .stageFailed: "stage-failed"
        case .gateFailed: "gate-failed"
        case .cancelled: "cancelled"
        }
    }

    private static func kind(named name: String) -> SluiceError.Kind {
        switch name {
        case "usage": .usage
        case "config": .config
        case "failure": .failure
        case "gate-failed": .gateFailed
        case "cancelled": .cancelled
        default: .stageFailed
        }
    }
}
