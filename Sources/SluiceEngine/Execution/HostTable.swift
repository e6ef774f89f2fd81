import CSluiceABI
import Foundation
import SluicePlugins
import SluiceSupport

/// The C functions of `sluice_host_v1`. Each finds its `StageSession` through
/// `host_data` and never lets a Swift error cross back into the plugin.
package enum HostTable {
    package nonisolated(unsafe) static let versionCString = permanentCString(SluiceVersion.host)
    // nonisolated(unsafe): written once here, then only read; plugins may keep the pointer.

    package static var template: sluice_host_v1 {
        sluice_host_v1(
            struct_size: UInt32(MemoryLayout<sluice_host_v1>.size),
            abi_major: PluginLoader.abiMajor,
            abi_minor: PluginLoader.abiMinor,
            host_version: versionCString,
            host_data: nil,
            log: log,
            metric: metric,
            param: param,
            progress: progress,
            is_cancelled: isCancelled,
            artifact_write: artifactWrite,
            artifact_read: artifactRead,
            get_extension: getExtension
        )
    }

    private static let log: @convention(c) (UnsafePointer<sluice_host_v1>?, Int32, UnsafePointer<CChar>?) -> Void = { host, level, message in
        StageSession.from(host)?.context.events(.log(LogLevel(protocolValue: level), string(message) ?? ""))
    }

    private static let metric: @convention(c) (UnsafePointer<sluice_host_v1>?, UnsafePointer<CChar>?, Double, Int64) -> Void = { host, name, value, step in
        guard let name = string(name) else { return }
        StageSession.from(host)?.context.events(.metric(name: name, value: value, step: step < 0 ? nil : step))
    }

    private static let param: @convention(c) (UnsafePointer<sluice_host_v1>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = { host, name, value in
        guard let name = string(name) else { return }
        StageSession.from(host)?.context.events(.param(name: name, json: string(value) ?? "null"))
    }

    private static let progress: @convention(c) (UnsafePointer<sluice_host_v1>?, Double, UnsafePointer<CChar>?) -> Void = { host, fraction, message in
        let known = fraction >= 0 && fraction.isFinite ? min(fraction, 1) : nil
        StageSession.from(host)?.context.events(.progress(fraction: known, message: string(message)))
    }

    private static let isCancelled: @convention(c) (UnsafePointer<sluice_host_v1>?) -> Int32 = { host in
        (StageSession.from(host)?.context.cancellation.isCancelled ?? false) ? 1 : 0
    }

    private static let artifactWrite: @convention(c) (
        UnsafePointer<sluice_host_v1>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<UInt8>?, Int,
        UnsafeMutablePointer<CChar>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { host, name, mediaType, data, size, digestOut, errorOut, capacity in
        guard let session = StageSession.from(host), let name = string(name), !name.isEmpty, data != nil || size == 0 else {
            writeMessage("artifact_write needs a host, a non-empty name, and data", into: errorOut, capacity: capacity)
            return Int32(SLUICE_ERR_INVALID_ARGUMENT.rawValue)
        }
        do {
            let digest = try session.writeArtifact(
                name: name, mediaType: string(mediaType) ?? "application/octet-stream",
                bytes: UnsafeRawBufferPointer(start: data, count: size)
            )
            writeMessage(digest, into: digestOut, capacity: 72)
            return Int32(SLUICE_OK.rawValue)
        } catch {
            writeMessage("could not store artifact '\(name)': \(error)", into: errorOut, capacity: capacity)
            return Int32(SLUICE_ERR_IO.rawValue)
        }
    }

    private static let artifactRead: @convention(c) (
        UnsafePointer<sluice_host_v1>?, UnsafePointer<CChar>?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
        UnsafeMutablePointer<Int>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { host, reference, data, size, error, capacity in
        guard let session = StageSession.from(host), let reference = string(reference), let data, let size else {
            writeMessage("artifact_read needs a host, a reference and output pointers", into: error, capacity: capacity)
            return Int32(SLUICE_ERR_INVALID_ARGUMENT.rawValue)
        }
        do {
            guard let buffer = try session.readArtifact(reference) else {
                writeMessage("no artifact '\(reference)': pass a digest (sha256:...) or a name this stage wrote", into: error, capacity: capacity)
                return Int32(SLUICE_ERR_NOT_FOUND.rawValue)
            }
            data.pointee = buffer.pointer.baseAddress?.assumingMemoryBound(to: UInt8.self)
            size.pointee = buffer.count
            return Int32(SLUICE_OK.rawValue)
        } catch let failure {
            writeMessage("could not read artifact '\(reference)': \(failure)", into: error, capacity: capacity)
            return Int32(SLUICE_ERR_IO.rawValue)
        }
    }

    /// A model host (sluice_model_host_v1, ABI 1.1) whose log lines go to `log`, offering
    /// the capabilities that need no stage. For whoever loads models (the model loader,
    /// the server): keep it alive as long as the models loaded with it.
    package static func modelHost(log: @escaping ModelHost.LogSink) -> ModelHost {
        ModelHost(version: versionCString, log: log) { id in
            switch id {
            case SLUICE_EXT_JSON: UnsafeRawPointer(JSONExtension.table)
            case SLUICE_EXT_ARROW_IPC: UnsafeRawPointer(ArrowIPCExtension.table)
            default: nil
            }
        }
    }

    private static let getExtension: @convention(c) (UnsafePointer<sluice_host_v1>?, UnsafePointer<CChar>?) -> UnsafeRawPointer? = { _, id in
        switch string(id) {
        case SLUICE_EXT_JSON: UnsafeRawPointer(JSONExtension.table)
        case SLUICE_EXT_ARROW_IPC: UnsafeRawPointer(ArrowIPCExtension.table)
        case SLUICE_EXT_MODELS: UnsafeRawPointer(ModelsExtension.table)
        case SLUICE_EXT_REGISTRY: UnsafeRawPointer(RegistryExtension.table)
        default: nil
        }
    }
}
