import CSluiceABI
import Foundation
import SluiceArrow
import SluiceSupport

/// The host capability "sluice.models/1": stages load a model artifact and predict
/// with it through whichever plugin made it. A `sluice_model_ref *` is a retained
/// `LoadedModel`.
package enum ModelsExtension {
    package nonisolated(unsafe) static let table: UnsafePointer<sluice_models_v1> = {
        // nonisolated(unsafe): built once, immutable afterwards, shared with plugins.
        let table = UnsafeMutablePointer<sluice_models_v1>.allocate(capacity: 1)
        table.initialize(to: sluice_models_v1(
            struct_size: UInt32(MemoryLayout<sluice_models_v1>.size),
            load: load, load_ref: loadRef, describe: describe, predict: predict, release: release, source: source
        ))
        return UnsafePointer(table)
    }()

    private static func model(_ reference: OpaquePointer?) -> LoadedModel? {
        reference.map { Unmanaged<LoadedModel>.fromOpaque(UnsafeRawPointer($0)).takeUnretainedValue() }
    }

    private static func hand(_ model: LoadedModel, to out: UnsafeMutablePointer<OpaquePointer?>) {
        out.pointee = OpaquePointer(Unmanaged.passRetained(model).toOpaque())
    }

    /// Reports `failure` through the protocol's error convention.
    private static func fail(_ failure: SluiceError, _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
        writeMessage((failure.location.isEmpty ? "" : failure.location + ": ") + failure.message, into: buffer, capacity: capacity)
        let status: sluice_status = switch failure.code.id {
        // A registered model without that alias or version is "not there" too: a
        // champion gate then passes with "no champion yet".
        case "model.not-found", "registry.unknown-alias", "registry.unknown-version": SLUICE_ERR_NOT_FOUND
        case "model.io", "model.missing-object": SLUICE_ERR_IO
        case "model.invalid-input", "arrow.invalid": SLUICE_ERR_INVALID_INPUT
        case let code where code.hasPrefix("model.no-plugin") || code == "model.unsupported": SLUICE_ERR_UNSUPPORTED
        default: SLUICE_ERR_FAILED
        }
        return Int32(status.rawValue)
    }

    /// The stage's model loader, its models logging into the stage's log.
    private static func loader(_ host: UnsafePointer<sluice_host_v1>?) -> ModelLoader? {
        guard let session = StageSession.from(host) else { return nil }
        return session.context.models?.logging(to: session.modelHost)
    }

    private static let noLoader = "this host cannot load models here: no plugin catalog was given to the stage"

    private static let load: @convention(c) (
        UnsafePointer<sluice_host_v1>?, UnsafePointer<UInt8>?, Int, UnsafePointer<CChar>?,
        UnsafeMutablePointer<OpaquePointer?>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { host, data, size, mediaType, out, buffer, capacity in
        guard let out, data != nil || size == 0 else {
            writeMessage("load needs model bytes and a place for the model", into: buffer, capacity: capacity)
            return Int32(SLUICE_ERR_INVALID_ARGUMENT.rawValue)
        }
        guard let models = loader(host) else {
            writeMessage(noLoader, into: buffer, capacity: capacity)
            return Int32(SLUICE_ERR_UNSUPPORTED.rawValue)
        }
        do throws(SluiceError) {
            let type = string(mediaType).flatMap { $0.isEmpty ? nil : $0 }
            hand(try models.load(UnsafeRawBufferPointer(start: data, count: size), mediaType: type, what: "model"), to: out)
            return Int32(SLUICE_OK.rawValue)
        } catch {
            return fail(error, buffer, capacity)
        }
    }

    private static let loadRef: @convention(c) (
        UnsafePointer<sluice_host_v1>?, UnsafePointer<CChar>?, UnsafeMutablePointer<OpaquePointer?>?,
        UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { host, reference, out, buffer, capacity in
        guard let out, let reference = string(reference) else {
            writeMessage("load_ref needs a reference and a place for the model", into: buffer, capacity: capacity)
            return Int32(SLUICE_ERR_INVALID_ARGUMENT.rawValue)
        }
        guard let models = loader(host) else {
            writeMessage(noLoader, into: buffer, capacity: capacity)
            return Int32(SLUICE_ERR_UNSUPPORTED.rawValue)
        }
        // What a reference names can change (an alias moves), so the stage's result
        // must not be reused from the cache.
        StageSession.from(host)?.noteOutsideState()
        do throws(SluiceError) {
            hand(try models.require(reference), to: out)
            return Int32(SLUICE_OK.rawValue)
        } catch {
            return fail(error, buffer, capacity)
        }
    }

    private static let describe: @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>? = { reference in
        model(reference)?.descriptionPointer
    }

    private static let predict: @convention(c) (
        OpaquePointer?, UnsafeMutablePointer<ArrowArrayStream>?, UnsafeMutablePointer<ArrowArrayStream>?,
        UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { reference, input, out, buffer, capacity in
        guard let model = model(reference), let input, let out, input.pointee.release != nil else {
            if let input { input.pointee.release?(input) }
            writeMessage("predict needs a model, a live input stream and an output stream", into: buffer, capacity: capacity)
            return Int32(SLUICE_ERR_INVALID_ARGUMENT.rawValue)
        }
        do throws(SluiceError) {
            let moved = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
            defer { moved.deallocate() }
            moved.initialize(to: input.pointee)
            input.pointee.release = nil
            let table = try ArrowCImport.importStream(moved, what: "the table to predict")
            ArrowCExport.exportStream(try model.predict(table), into: out)
            return Int32(SLUICE_OK.rawValue)
        } catch {
            return fail(error, buffer, capacity)
        }
    }

    private static let source: @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>? = { reference in
        model(reference).map { UnsafePointer($0.sourcePointer) }
    }

    private static let release: @convention(c) (OpaquePointer?) -> Void = { reference in
        guard let reference else { return }
        Unmanaged<LoadedModel>.fromOpaque(UnsafeRawPointer(reference)).release()
    }
}
