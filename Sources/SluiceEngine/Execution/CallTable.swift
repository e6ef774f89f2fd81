import CSluiceABI
import Foundation
import SluiceArrow
import SluicePlugins
import SluiceStore
import SluiceSupport

/// The host side of one `run`: the inputs lent to the plugin and the outputs it
/// wrote. Used only on the thread that called `run`, as the protocol says.
package final class CallState {
    package let stage: StageInfo
    package let inputs: [String: PortValue]
    package var outputs: [String: PortValue] = [:]
    /// Media type strings lent to the plugin, alive until `run` returns.
    package var lentStrings: [UnsafeMutablePointer<CChar>] = []

    package init(stage: StageInfo, inputs: [String: PortValue]) {
        self.stage = stage
        self.inputs = inputs
    }

    deinit {
        for pointer in lentStrings { free(pointer) }
    }

    /// Builds the C table for this call; valid while `self` and `session` are alive.
    package func table(_ session: StageSession) -> sluice_call_v1 {
        sluice_call_v1(
            struct_size: UInt32(MemoryLayout<sluice_call_v1>.size),
            call_data: Unmanaged.passUnretained(self).toOpaque(),
            run_id: session.runID, stage_name: session.stageName, work_dir: session.workDirectory,
            has_input: CallTable.hasInput, input_table: CallTable.inputTable, input_bytes: CallTable.inputBytes,
            output_table: CallTable.outputTable, output_bytes: CallTable.outputBytes,
            project_dir: session.projectDirectory
        )
    }

    package static func from(_ call: UnsafePointer<sluice_call_v1>?) -> CallState? {
        guard let data = call?.pointee.call_data else { return nil }
        return Unmanaged<CallState>.fromOpaque(data).takeUnretainedValue()
    }
}

/// The C functions of `sluice_call_v1`.
package enum CallTable {
    private static func status(_ value: sluice_status) -> Int32 { Int32(value.rawValue) }

    package static let hasInput: @convention(c) (UnsafePointer<sluice_call_v1>?, UnsafePointer<CChar>?) -> Int32 = { call, port in
        guard let state = CallState.from(call), let port = string(port) else { return 0 }
        return state.inputs[port] == nil ? 0 : 1
    }

    package static let inputBytes: @convention(c) (
        UnsafePointer<sluice_call_v1>?, UnsafePointer<CChar>?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
        UnsafeMutablePointer<Int>?, UnsafeMutablePointer<UnsafePointer<CChar>?>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { call, port, data, size, mediaType, error, capacity in
        guard let state = CallState.from(call), let port = string(port), let data, let size else {
            writeMessage("input_bytes needs a call, a port name and output pointers", into: error, capacity: capacity)
            return status(SLUICE_ERR_INVALID_ARGUMENT)
        }
        guard let declared = state.stage.inputs.first(where: { $0.name == port }) else {
            writeMessage("stage '\(state.stage.id)' declares no input '\(port)'; declared: \(state.stage.inputs.map(\.name).joined(separator: ", "))", into: error, capacity: capacity)
            return status(SLUICE_ERR_NOT_FOUND)
        }
        guard declared.kind != .table else {
            writeMessage("input '\(port)' is a table port: read it with input_table", into: error, capacity: capacity)
            return status(SLUICE_ERR_INVALID_ARGUMENT)
        }
        guard let value = state.inputs[port] else {
            writeMessage("input '\(port)' is not connected in this pipeline (check has_input first)", into: error, capacity: capacity)
            return status(SLUICE_ERR_NOT_FOUND)
        }
        guard let buffer = value.bytes else {
            writeMessage("input '\(port)' holds a table: read it with input_table", into: error, capacity: capacity)
            return status(SLUICE_ERR_INVALID_ARGUMENT)
        }
        data.pointee = buffer.pointer.baseAddress?.assumingMemoryBound(to: UInt8.self)
        size.pointee = buffer.count
        if let mediaType {
            let lent = strdup(value.mediaType)!
            state.lentStrings.append(lent)
            mediaType.pointee = UnsafePointer(lent)
        }
        return status(SLUICE_OK)
    }

    package static let outputBytes: @convention(c) (
        UnsafePointer<sluice_call_v1>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<UInt8>?, Int,
        UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { call, port, mediaType, data, size, error, capacity in
        guard let state = CallState.from(call), let port = string(port), data != nil || size == 0 else {
            writeMessage("output_bytes needs a call, a port name and data", into: error, capacity: capacity)
            return status(SLUICE_ERR_INVALID_ARGUMENT)
        }
        guard let declared = state.stage.outputs.first(where: { $0.name == port }) else {
            writeMessage("stage '\(state.stage.id)' declares no output '\(port)'; declared: \(state.stage.outputs.map(\.name).joined(separator: ", "))", into: error, capacity: capacity)
            return status(SLUICE_ERR_NOT_FOUND)
        }
        guard declared.kind != .table else {
            writeMessage("output '\(port)' is a table port: write it with output_table", into: error, capacity: capacity)
            return status(SLUICE_ERR_INVALID_ARGUMENT)
        }
        let buffer = ByteBuffer(copying: UnsafeRawBufferPointer(start: data, count: size))
        state.outputs[port] = .bytes(buffer, mediaType: string(mediaType) ?? "application/octet-stream")
        return status(SLUICE_OK)
    }

    /// Tables go out as a new C stream over the host's buffers (no copy).
    package static let inputTable: @convention(c) (
        UnsafePointer<sluice_call_v1>?, UnsafePointer<CChar>?, UnsafeMutablePointer<ArrowArrayStream>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { call, port, out, error, capacity in
        guard let state = CallState.from(call), let port = string(port), let out else {
            writeMessage("input_table needs a call, a port name and a stream to fill", into: error, capacity: capacity)
            return status(SLUICE_ERR_INVALID_ARGUMENT)
        }
        guard state.stage.inputs.contains(where: { $0.name == port }) else {
            writeMessage("stage '\(state.stage.id)' declares no input '\(port)'; declared: \(state.stage.inputs.map(\.name).joined(separator: ", "))", into: error, capacity: capacity)
            return status(SLUICE_ERR_NOT_FOUND)
        }
        guard let value = state.inputs[port] else {
            writeMessage("input '\(port)' is not connected in this pipeline (check has_input first)", into: error, capacity: capacity)
            return status(SLUICE_ERR_NOT_FOUND)
        }
        guard case .table(let table) = value else {
            writeMessage("input '\(port)' holds \(value.mediaType) bytes, not a table: read it with input_bytes", into: error, capacity: capacity)
            return status(SLUICE_ERR_INVALID_ARGUMENT)
        }
        ArrowCExport.exportStream(table, into: out)
        return status(SLUICE_OK)
    }

    /// Tables come in as the plugin's C stream, imported without copying; the host
    /// takes the stream in every case (its release is NULL afterwards).
    package static let outputTable: @convention(c) (
        UnsafePointer<sluice_call_v1>?, UnsafePointer<CChar>?, UnsafeMutablePointer<ArrowArrayStream>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { call, port, stream, error, capacity in
        guard let state = CallState.from(call), let port = string(port), let stream, stream.pointee.release != nil else {
            writeMessage("output_table needs a call, a port name and a live stream", into: error, capacity: capacity)
            return status(SLUICE_ERR_INVALID_ARGUMENT)
        }
        // Move the stream: from here on the host owns it.
        let moved = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
        defer { moved.deallocate() }
        moved.initialize(to: stream.pointee)
        stream.pointee.release = nil
        guard let declared = state.stage.outputs.first(where: { $0.name == port }) else {
            moved.pointee.release?(moved)
            writeMessage("stage '\(state.stage.id)' declares no output '\(port)'; declared: \(state.stage.outputs.map(\.name).joined(separator: ", "))", into: error, capacity: capacity)
            return status(SLUICE_ERR_NOT_FOUND)
        }
        guard declared.kind == .table else {
            moved.pointee.release?(moved)
            writeMessage("output '\(port)' is a \(declared.kind.name) port: write it with output_bytes", into: error, capacity: capacity)
            return status(SLUICE_ERR_INVALID_ARGUMENT)
        }
        do {
            state.outputs[port] = .table(try ArrowCImport.importStream(moved, what: "output '\(port)'"))
            return status(SLUICE_OK)
        } catch let failure {
            writeMessage((failure as? SluiceError)?.message ?? "\(failure)", into: error, capacity: capacity)
            return status(SLUICE_ERR_INVALID_INPUT)
        }
    }
}
