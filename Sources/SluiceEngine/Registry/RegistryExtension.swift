import CSluiceABI
import Foundation
import SluiceSupport

/// The host capability "sluice.registry/1": deployer stages register model versions
/// and move aliases through the stage's `StageRegistry`.
package enum RegistryExtension {
    package nonisolated(unsafe) static let table: UnsafePointer<sluice_registry_v1> = {
        // nonisolated(unsafe): built once, immutable afterwards, shared with plugins.
        let table = UnsafeMutablePointer<sluice_registry_v1>.allocate(capacity: 1)
        table.initialize(to: sluice_registry_v1(
            struct_size: UInt32(MemoryLayout<sluice_registry_v1>.size),
            register_model: registerModel, set_alias: setAlias, lookup: lookup, training_data: trainingData
        ))
        return UnsafePointer(table)
    }()

    private static func registry(_ host: UnsafePointer<sluice_host_v1>?, _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> (any StageRegistryService)? {
        guard let registry = StageSession.from(host)?.context.registry else {
            writeMessage("no model registry here: registry stages run inside `sluice run` of a project", into: buffer, capacity: capacity)
            return nil
        }
        return registry
    }

    private static func fail(_ failure: SluiceError, _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
        writeMessage((failure.location.isEmpty ? "" : failure.location + ": ") + failure.message, into: buffer, capacity: capacity)
        let status: sluice_status = switch failure.code.id {
        case "registry.gates-failed": SLUICE_ERR_GATE_FAILED
        case "registry.unknown-model", "registry.unknown-alias", "registry.unknown-version", "lineage.no-training-data", "lineage.missing-object": SLUICE_ERR_NOT_FOUND
        case "registry.bad-name", "registry.bad-reference", "registry.bad-percent": SLUICE_ERR_INVALID_ARGUMENT
        case let code where code.hasPrefix("model."): SLUICE_ERR_INVALID_INPUT
        default: SLUICE_ERR_FAILED
        }
        return Int32(status.rawValue)
    }

    private static let registerModel: @convention(c) (
        UnsafePointer<sluice_host_v1>?, UnsafePointer<CChar>?, UnsafePointer<UInt8>?, Int, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
        UnsafeMutablePointer<Int64>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { host, name, data, size, mediaType, note, version, buffer, capacity in
        guard let name = string(name), data != nil || size == 0 else {
            writeMessage("register_model needs a name and the model's bytes", into: buffer, capacity: capacity)
            return Int32(SLUICE_ERR_INVALID_ARGUMENT.rawValue)
        }
        guard let registry = registry(host, buffer, capacity) else { return Int32(SLUICE_ERR_UNSUPPORTED.rawValue) }
        do throws(SluiceError) {
            let number = try registry.registerVersion(name: name, bytes: UnsafeRawBufferPointer(start: data, count: size),
                                                      mediaType: string(mediaType), note: string(note) ?? "")
            version?.pointee = Int64(number)
            return Int32(SLUICE_OK.rawValue)
        } catch {
            return fail(error, buffer, capacity)
        }
    }

    private static let setAlias: @convention(c) (
        UnsafePointer<sluice_host_v1>?, UnsafePointer<CChar>?, Int64, UnsafePointer<CChar>?, Double, UnsafePointer<CChar>?,
        UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { host, name, version, alias, percent, note, buffer, capacity in
        guard let name = string(name), let alias = string(alias), version > 0 else {
            writeMessage("set_alias needs a name, a version above 0 and an alias", into: buffer, capacity: capacity)
            return Int32(SLUICE_ERR_INVALID_ARGUMENT.rawValue)
        }
        guard let registry = registry(host, buffer, capacity) else { return Int32(SLUICE_ERR_UNSUPPORTED.rawValue) }
        do throws(SluiceError) {
            try registry.moveAlias(name: name, version: Int(version), alias: alias, percent: percent < 0 ? nil : percent, note: string(note) ?? "")
            return Int32(SLUICE_OK.rawValue)
        } catch {
            return fail(error, buffer, capacity)
        }
    }

    private static let trainingData: @convention(c) (
        UnsafePointer<sluice_host_v1>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int,
        UnsafeMutablePointer<Int>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { host, reference, port, out, outCapacity, length, buffer, capacity in
        guard let reference = string(reference) else {
            writeMessage("training_data needs a model reference", into: buffer, capacity: capacity)
            return Int32(SLUICE_ERR_INVALID_ARGUMENT.rawValue)
        }
        guard let registry = registry(host, buffer, capacity) else { return Int32(SLUICE_ERR_UNSUPPORTED.rawValue) }
        // The alias may move and new runs may be recorded: never reuse this stage's result.
        StageSession.from(host)?.noteOutsideState()
        do throws(SluiceError) {
            let text = try registry.trainingDataJSON(reference, port: string(port).flatMap { $0.isEmpty ? nil : $0 }).canonicalText
            length?.pointee = text.utf8.count
            writeMessage(text, into: out, capacity: outCapacity)
            return Int32(SLUICE_OK.rawValue)
        } catch {
            return fail(error, buffer, capacity)
        }
    }

    private static let lookup: @convention(c) (
        UnsafePointer<sluice_host_v1>?, UnsafePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int, UnsafeMutablePointer<Int>?,
        UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { host, reference, out, outCapacity, length, buffer, capacity in
        guard let reference = string(reference) else {
            writeMessage("lookup needs a reference", into: buffer, capacity: capacity)
            return Int32(SLUICE_ERR_INVALID_ARGUMENT.rawValue)
        }
        guard let registry = registry(host, buffer, capacity) else { return Int32(SLUICE_ERR_UNSUPPORTED.rawValue) }
        do throws(SluiceError) {
            guard let found = try registry.lookup(reference) else {
                writeMessage("no registered model named '\(reference)'", into: buffer, capacity: capacity)
                return Int32(SLUICE_ERR_NOT_FOUND.rawValue)
            }
            let text = found.canonicalText
            length?.pointee = text.utf8.count
            writeMessage(text, into: out, capacity: outCapacity)
            return Int32(SLUICE_OK.rawValue)
        } catch {
            return fail(error, buffer, capacity)
        }
    }
}
