import CSluiceABI

/// Makes instances of one stage type; kept in the stage descriptor's `stage_data`.
final class StageFactory {
    let make: (_ config: UnsafeRawBufferPointer, _ host: HostServices) throws -> StageInstance

    init<S: Stage>(_ type: S.Type) {
        make = { config, host in
            let decoded: S.Config
            do {
                decoded = try JSONValueDecoder().decode(S.Config.self, from: JSONValue.parse(config))
            } catch let error as DecodingError {
                throw StageError.invalidConfig(describe(error))
            } catch let error as JSONSyntaxError {
                throw StageError.invalidConfig("the config is not valid JSON (\(error))")
            }
            return BoxedStage(try S(config: decoded, host: host))
        }
    }
}

/// A live stage behind the `void *instance` the host holds.
class StageInstance {
    func run(_ call: StageCall) throws {}
}

private final class BoxedStage<S: Stage>: StageInstance {
    var stage: S
    init(_ stage: S) { self.stage = stage }
    override func run(_ call: StageCall) throws { try stage.run(call) }
}

/// Reports a Swift error through the C convention: status + message.
func report(_ error: any Error, _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
    switch error {
    case let error as StageError:
        writeMessage(error.message, into: buffer, capacity: capacity)
        return error.status.rawValue
    case let error as DecodingError:
        writeMessage(describe(error), into: buffer, capacity: capacity)
        return Status.invalidConfig.rawValue
    default:
        writeMessage(String(describing: error), into: buffer, capacity: capacity)
        return Status.failed.rawValue
    }
}

/// A config decoding error in the words of the pipeline file: the field path and the problem.
func describe(_ error: DecodingError) -> String {
    func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "the config" : "'" + keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") + "'"
    }
    switch error {
    case .keyNotFound(let key, let context):
        return "missing required field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))' in `with`"
    case .typeMismatch(let type, let context):
        return "\(path(context.codingPath)) has the wrong type: expected \(type)"
    case .valueNotFound(let type, let context):
        return "\(path(context.codingPath)) is null: expected \(type)"
    case .dataCorrupted(let context):
        return "\(path(context.codingPath)): \(context.debugDescription)"
    @unknown default:
        return String(describing: error)
    }
}

let stageCreate: @convention(c) (
    UnsafePointer<sluice_stage_v1>?, UnsafePointer<sluice_host_v1>?, UnsafePointer<CChar>?, Int,
    UnsafeMutablePointer<UnsafeMutableRawPointer?>?, UnsafeMutablePointer<CChar>?, Int
) -> Int32 = { stage, host, config, configLength, outInstance, errorBuffer, capacity in
    guard let stage, let host, let outInstance, let factoryPointer = stage.pointee.stage_data else {
        writeMessage("create called without stage, host or output pointer", into: errorBuffer, capacity: capacity)
        return Status.invalidArgument.rawValue
    }
    let factory = Unmanaged<StageFactory>.fromOpaque(factoryPointer).takeUnretainedValue()
    // No config is an empty one.
    let empty: StaticString = "{}"
    let given = UnsafeRawBufferPointer(start: config.map(UnsafeRawPointer.init), count: config == nil ? 0 : configLength)
    let json = given.isEmpty ? UnsafeRawBufferPointer(start: empty.utf8Start, count: empty.utf8CodeUnitCount) : given
    do {
        let instance = try factory.make(json, HostServices(host))
        outInstance.pointee = Unmanaged.passRetained(instance).toOpaque()
        return Status.ok.rawValue
    } catch {
        return report(error, errorBuffer, capacity)
    }
}

let stageRun: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<sluice_call_v1>?, UnsafeMutablePointer<CChar>?, Int) -> Int32 = {
    instance, call, errorBuffer, capacity in
    guard let instance, let call else {
        writeMessage("run called without instance or call", into: errorBuffer, capacity: capacity)
        return Status.invalidArgument.rawValue
    }
    let stage = Unmanaged<StageInstance>.fromOpaque(instance).takeUnretainedValue()
    do {
        try stage.run(StageCall(call))
        return Status.ok.rawValue
    } catch {
        return report(error, errorBuffer, capacity)
    }
}

let stageDestroy: @convention(c) (UnsafeMutableRawPointer?) -> Void = { instance in
    guard let instance else { return }
    Unmanaged<StageInstance>.fromOpaque(instance).release()
}
