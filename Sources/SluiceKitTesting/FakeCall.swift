import CSluiceABI
import Foundation
import SluiceKit

/// The host side of one `run`, in memory: the inputs lent to the stage and what it
/// writes to its outputs. It checks what the host's call table checks (declared
/// ports, table or bytes, connected or not) with the same statuses, nothing more.
final class FakeCall {
    /// An input as lent to the stage: a table, or bytes and a media type in C memory.
    enum Lent {
        case table(Table)
        case bytes(UnsafePointer<UInt8>, count: Int, mediaType: UnsafePointer<CChar>)
    }

    private let stage: StageUnderTest
    private let inputs: [String: Lent]
    private let lent: LentMemory
    private(set) var tables: [String: Table] = [:]
    private(set) var bytes: [String: OutputBytes] = [:]
    /// The C table handed to `run`; valid as long as this object.
    let table: UnsafeMutablePointer<sluice_call_v1>

    init(stage: StageUnderTest, inputs: [String: Table], bytes byteInputs: [String: OutputBytes], runID: String, workDirectory: String) {
        self.stage = stage
        let memory = LentMemory()
        var lentInputs = inputs.mapValues(Lent.table)
        for (port, value) in byteInputs {
            lentInputs[port] = .bytes(memory.bytes(value.bytes), count: value.bytes.count, mediaType: memory.cString(value.mediaType))
        }
        self.inputs = lentInputs
        lent = memory
        table = UnsafeMutablePointer<sluice_call_v1>.allocate(capacity: 1)
        // Zeroed first, then filled field by field: fields a later header appends (such
        // as a project directory) stay NULL until the harness learns to fill them.
        table.initialize(to: sluice_call_v1())
        table.pointee.struct_size = UInt32(MemoryLayout<sluice_call_v1>.size)
        table.pointee.call_data = Unmanaged.passUnretained(self).toOpaque()
        table.pointee.run_id = memory.cString(runID)
        table.pointee.stage_name = memory.cString(stage.id)
        table.pointee.work_dir = memory.cString(workDirectory)
        table.pointee.has_input = FakeCall.hasInput
        table.pointee.input_table = FakeCall.inputTable
        table.pointee.input_bytes = FakeCall.inputBytes
        table.pointee.output_table = FakeCall.outputTable
        table.pointee.output_bytes = FakeCall.outputBytes
    }

    deinit {
        table.deallocate()
    }

    private static func from(_ call: UnsafePointer<sluice_call_v1>?) -> FakeCall? {
        call?.pointee.call_data.map { Unmanaged<FakeCall>.fromOpaque($0).takeUnretainedValue() }
    }

    private func declared(_ ports: [StageUnderTest.PortInfo], _ port: String, _ side: String) -> Result<StageUnderTest.PortInfo, CallFailure> {
        guard let found = ports.first(where: { $0.name == port }) else {
            return .failure(CallFailure(.notFound, "stage '\(stage.id)' declares no \(side) '\(port)'; declared: \(ports.map(\.name).joined(separator: ", "))"))
        }
        return .success(found)
    }

    /// A refused call: its status and message.
    private struct CallFailure: Error {
        let status: Status
        let message: String
        init(_ status: Status, _ message: String) {
            self.status = status
            self.message = message
        }
        func report(_ error: UnsafeMutablePointer<CChar>?, _ capacity: Int) -> Int32 {
            writeMessage(message, into: error, capacity: capacity)
            return status.rawValue
        }
    }

    private static let hasInput: @convention(c) (UnsafePointer<sluice_call_v1>?, UnsafePointer<CChar>?) -> Int32 = { call, port in
        guard let fake = from(call), let port = string(port) else { return 0 }
        return fake.inputs[port] == nil ? 0 : 1
    }

    private static let inputTable: @convention(c) (
        UnsafePointer<sluice_call_v1>?, UnsafePointer<CChar>?, UnsafeMutablePointer<ArrowArrayStream>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { call, port, out, error, capacity in
        guard let fake = from(call), let port = string(port), let out else {
            return CallFailure(.invalidArgument, "input_table needs a call, a port name and a stream to fill").report(error, capacity)
        }
        if case .failure(let failure) = fake.declared(fake.stage.inputs, port, "input") { return failure.report(error, capacity) }
        switch fake.inputs[port] {
        case nil:
            return CallFailure(.notFound, "input '\(port)' is not connected in this pipeline (check has_input first)").report(error, capacity)
        case .bytes?:
            return CallFailure(.invalidArgument, "input '\(port)' holds bytes, not a table: read it with input_bytes").report(error, capacity)
        case .table(let table)?:
            do {
                try TableBridge.export(table, into: out)
                return Status.ok.rawValue
            } catch let failure {
                return CallFailure(.internal, "the harness could not export input '\(port)': \(failure)").report(error, capacity)
            }
        }
    }

    private static let inputBytes: @convention(c) (
        UnsafePointer<sluice_call_v1>?, UnsafePointer<CChar>?, UnsafeMutablePointer<UnsafePointer<UInt8>?>?,
        UnsafeMutablePointer<Int>?, UnsafeMutablePointer<UnsafePointer<CChar>?>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { call, port, data, size, mediaType, error, capacity in
        guard let fake = from(call), let port = string(port), let data, let size else {
            return CallFailure(.invalidArgument, "input_bytes needs a call, a port name and output pointers").report(error, capacity)
        }
        switch fake.declared(fake.stage.inputs, port, "input") {
        case .failure(let failure): return failure.report(error, capacity)
        case .success(let declared) where declared.kind == .table:
            return CallFailure(.invalidArgument, "input '\(port)' is a table port: read it with input_table").report(error, capacity)
        case .success: break
        }
        switch fake.inputs[port] {
        case nil:
            return CallFailure(.notFound, "input '\(port)' is not connected in this pipeline (check has_input first)").report(error, capacity)
        case .table?:
            return CallFailure(.invalidArgument, "input '\(port)' holds a table: read it with input_table").report(error, capacity)
        case .bytes(let pointer, let count, let type)?:
            data.pointee = pointer
            size.pointee = count
            mediaType?.pointee = type
            return Status.ok.rawValue
        }
    }

    private static let outputTable: @convention(c) (
        UnsafePointer<sluice_call_v1>?, UnsafePointer<CChar>?, UnsafeMutablePointer<ArrowArrayStream>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { call, port, stream, error, capacity in
        guard let fake = from(call), let port = string(port), let stream, stream.pointee.release != nil else {
            return CallFailure(.invalidArgument, "output_table needs a call, a port name and a live stream").report(error, capacity)
        }
        // Move the stream first: the host owns it in every case, as the protocol says.
        let moved = UnsafeMutablePointer<ArrowArrayStream>.allocate(capacity: 1)
        defer { moved.deallocate() }
        moved.initialize(to: stream.pointee)
        stream.pointee.release = nil
        let failure: CallFailure? = switch fake.declared(fake.stage.outputs, port, "output") {
        case .failure(let failure): failure
        case .success(let declared) where declared.kind != .table:
            CallFailure(.invalidArgument, "output '\(port)' is a \(declared.kind) port: write it with output_bytes")
        case .success: nil
        }
        if let failure {
            moved.pointee.release?(moved)
            return failure.report(error, capacity)
        }
        do {
            fake.tables[port] = try TableBridge.importing(moved)
            return Status.ok.rawValue
        } catch let failure {
            return CallFailure(.invalidInput, "output '\(port)': \(failure)").report(error, capacity)
        }
    }

    private static let outputBytes: @convention(c) (
        UnsafePointer<sluice_call_v1>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<UInt8>?, Int,
        UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { call, port, mediaType, data, size, error, capacity in
        guard let fake = from(call), let port = string(port), data != nil || size == 0 else {
            return CallFailure(.invalidArgument, "output_bytes needs a call, a port name and data").report(error, capacity)
        }
        switch fake.declared(fake.stage.outputs, port, "output") {
        case .failure(let failure): return failure.report(error, capacity)
        case .success(let declared) where declared.kind == .table:
            return CallFailure(.invalidArgument, "output '\(port)' is a table port: write it with output_table").report(error, capacity)
        case .success: break
        }
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        fake.bytes[port] = OutputBytes(bytes: bytes, mediaType: string(mediaType) ?? "application/octet-stream")
        return Status.ok.rawValue
    }
}
