import CSluiceABI
import Foundation
import SluiceKit

/// Turns SluiceKit `Table` values into Arrow C streams and back with SluiceKit's own
/// exporter and importer, the code every Swift plugin uses.
///
/// SluiceKit offers those only inside a stage's `run` (`StageCall.inputTable` and
/// `output(_:table:)`), so the bridge runs one of two private carrier stages through
/// the protocol: one writes the table it is handed as its output, the other reads its
/// input into a table. If SluiceKit ever exposes `Table.export(into:)` and
/// `Table.importing(_:port:)` to its package, this file shrinks to those two calls.
enum TableBridge {
    /// Fills `out` with a new stream over `table`; the caller owns it.
    static func export(_ table: Table, into out: UnsafeMutablePointer<ArrowArrayStream>) throws {
        try carry(stage: ExportCarrier.id, handing: table, source: nil, destination: out)
    }

    /// Reads `stream` into a table; consumes the stream in every case.
    static func importing(_ stream: UnsafeMutablePointer<ArrowArrayStream>) throws -> Table {
        let table = try carry(stage: ImportCarrier.id, handing: nil, source: stream, destination: nil)
        guard let table else { throw HarnessError("the table bridge read no table") }
        return table
    }

    // The carriers reach the table through this slot, guarded by the lock for the whole
    // trip (a stage cannot be given a Swift value through the C protocol).
    private nonisolated(unsafe) static var slot: Table?
    private static let lock = NSLock()
    // nonisolated(unsafe): read and written only while `lock` is held.

    private static let carriers = Plugin(id: "sluice.kit-testing.bridge", version: "1.0.0", stages: [ExportCarrier.self, ImportCarrier.self])

    @discardableResult
    private static func carry(
        stage id: String, handing table: Table?, source: UnsafeMutablePointer<ArrowArrayStream>?, destination: UnsafeMutablePointer<ArrowArrayStream>?
    ) throws -> Table? {
        lock.lock()
        defer { lock.unlock() }
        slot = table
        defer { slot = nil }
        let stage = try PluginUnderTest(carriers).stage(id)
        let state = BridgeCall(source: source, destination: destination)
        defer { state.releaseSource() }

        var host = sluice_host_v1()
        host.struct_size = UInt32(MemoryLayout<sluice_host_v1>.size)
        host.abi_major = UInt32(SLUICE_ABI_MAJOR)
        host.abi_minor = UInt32(SLUICE_ABI_MINOR)
        var call = sluice_call_v1()
        call.struct_size = UInt32(MemoryLayout<sluice_call_v1>.size)
        call.call_data = Unmanaged.passUnretained(state).toOpaque()
        call.has_input = { _, _ in 1 }
        call.input_table = BridgeCall.inputTable
        call.output_table = BridgeCall.outputTable

        var errors = ErrorBuffer()
        var instance: UnsafeMutableRawPointer?
        let empty = "{}"
        var status = errors.call { error, capacity in
            withUnsafeMutablePointer(to: &host) { host in
                stage.table.create?(stage.pointer, host, empty, 2, &instance, error, capacity) ?? Status.unsupported.rawValue
            }
        }
        guard status == Status.ok.rawValue else { throw HarnessError("the table bridge could not start: \(errors.message)") }
        defer { stage.table.destroy?(instance) }
        status = errors.call { error, capacity in
            withUnsafeMutablePointer(to: &call) { call in stage.table.run?(instance, call, error, capacity) ?? Status.unsupported.rawValue }
        }
        guard status == Status.ok.rawValue else { throw StageError(Status(code: status), errors.message) }
        return slot
    }

    /// Writes the table in the slot to its output.
    private struct ExportCarrier: Transformer {
        static let id = "export"
        static let outputs = [Port("out", .table)]
        init(config: NoConfig, host: HostServices) throws {}
        func run(_ call: StageCall) throws {
            guard let table = TableBridge.slot else { throw StageError(.internal, "no table to export") }
            try call.output("out", table: table)
        }
    }

    /// Reads its input into the slot.
    private struct ImportCarrier: Transformer {
        static let id = "import"
        static let inputs = [Port("in", .table)]
        init(config: NoConfig, host: HostServices) throws {}
        func run(_ call: StageCall) throws {
            TableBridge.slot = try call.inputTable("in")
        }
    }
}

/// The two ends of one bridge trip: the stream to hand in, the stream to fill.
private final class BridgeCall {
    var source: UnsafeMutablePointer<ArrowArrayStream>?
    let destination: UnsafeMutablePointer<ArrowArrayStream>?

    init(source: UnsafeMutablePointer<ArrowArrayStream>?, destination: UnsafeMutablePointer<ArrowArrayStream>?) {
        self.source = source
        self.destination = destination
    }

    /// The consume rule: a source the carrier never took is released here.
    func releaseSource() {
        if let source, source.pointee.release != nil { source.pointee.release?(source) }
        source = nil
    }

    static func from(_ call: UnsafePointer<sluice_call_v1>?) -> BridgeCall? {
        call?.pointee.call_data.map { Unmanaged<BridgeCall>.fromOpaque($0).takeUnretainedValue() }
    }

    static let inputTable: @convention(c) (
        UnsafePointer<sluice_call_v1>?, UnsafePointer<CChar>?, UnsafeMutablePointer<ArrowArrayStream>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { call, _, out, error, capacity in
        guard let state = from(call), let out, let source = state.source, source.pointee.release != nil else {
            writeMessage("the bridge has no stream to hand in", into: error, capacity: capacity)
            return Status.invalidArgument.rawValue
        }
        out.pointee = source.pointee
        source.pointee.release = nil
        return Status.ok.rawValue
    }

    static let outputTable: @convention(c) (
        UnsafePointer<sluice_call_v1>?, UnsafePointer<CChar>?, UnsafeMutablePointer<ArrowArrayStream>?, UnsafeMutablePointer<CChar>?, Int
    ) -> Int32 = { call, _, stream, error, capacity in
        guard let state = from(call), let stream, let destination = state.destination else {
            writeMessage("the bridge has nowhere to put the stream", into: error, capacity: capacity)
            return Status.invalidArgument.rawValue
        }
        destination.pointee = stream.pointee
        stream.pointee.release = nil
        return Status.ok.rawValue
    }
}
